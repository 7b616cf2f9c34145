import { useRef, useState } from 'react';
import { postCommand, type BodyOf, type IdPostPaths } from '../api/client';
import { consequences } from '../consequences';
import type { CommandResult, ParcoursDetail, Role } from '../api/types';
import { dateValue, numberValue, textValue, useForm, type Rule, type Values } from '../forms/use-form';
import {
  CEFR_LEVELS,
  CLOSURE_REASON_LABELS,
  CONVOCATION_LABELS,
  CORRECTION_REASON_LABELS,
  CRI_CODES,
  DELAY_REASON_LABELS,
  DISPENSE_LABELS,
  EXTENSION_DECIDER_LABELS,
  NATIONALITY_PROOF_KINDS,
  PROOF_KIND_LABELS,
  TRAINING_AXIS_LABELS,
  criLong,
} from '../labels';
import { codeOf, communeHint, communeSuggestions, useCommunes } from '../reference';
import { ProblemAlert } from '../ui/feedback';
import { CheckboxField, DateField, SelectField, TextAreaField, TextField, YesNoField } from '../ui/fields';

type FieldSpec =
  | {
      name: string;
      label: string;
      kind: 'date' | 'text' | 'textarea';
      required?: boolean;
      hint?: string;
      max?: number;
    }
  | {
      name: string;
      label: string;
      kind: 'number';
      required?: boolean;
      hint?: string;
      min?: number;
      max?: number;
    }
  | {
      name: string;
      label: string;
      kind: 'select';
      required?: boolean;
      hint?: string;
      options: ReadonlyArray<{ value: string; label: string }>;
    }
  | { name: string; label: string; kind: 'checkbox' | 'yesno'; required?: boolean; hint?: string }
  | {
      name: string;
      label: string;
      /** A commune typed by name, postcode or INS code, suggested from the territory of the CRI in `criField`. */
      kind: 'commune';
      criField: string;
      required?: boolean;
      hint?: string;
    };

export interface StepDef<P extends IdPostPaths = IdPostPaths> {
  key: string;
  label: string;
  group: string;
  path: P;
  fields: FieldSpec[];
  toBody: (v: Values) => BodyOf<P>;
  /** Roles allowed to record it (default: every recorder). */
  roles?: Role[];
  intro?: string;
  submitLabel?: string;
  danger?: boolean;
  /** Hours: a 422 HOURS_OVERLAP offers to confirm that it is not a duplicate (sent as overlapConfirmed). */
  confirmsOverlap?: boolean;
  /** Offers « Voir les conséquences » (a what-if, `dryRun`): what the command would change on the deadlines. */
  previews?: boolean;
  /** Irreversible: the first click asks for confirmation with this text, the second records. */
  confirm?: string;
}

export const step = <P extends IdPostPaths>(def: StepDef<P>): StepDef => def as unknown as StepDef;
const options = (labels: Record<string, string>, withCode = false) =>
  Object.entries(labels).map(([value, label]) => ({
    value,
    label: withCode ? `${value} — ${label}` : label,
  }));
const levels = CEFR_LEVELS.map((l) => ({ value: l, label: l === 'A0' ? 'A0 (aucun niveau)' : l }));
const yes = (v: Values, name: string): boolean => v[name] === 'yes';
const d = (v: Values, name: string): string => dateValue(v[name]) ?? '';
const t = (v: Values, name: string): string => textValue(v[name]) ?? '';

/** Every step of api.md that a CRI records, with its form. */
export const STEPS: StepDef[] = [
  step({
    key: 'presentation',
    group: 'Accueil',
    label: "Présentation au bureau d'accueil",
    path: '/api/parcours/{id}/presentation',
    fields: [{ name: 'date', label: 'Date de présentation', kind: 'date', required: true }],
    toBody: (v) => ({ date: d(v, 'date') }),
    intro: 'Arrête le délai de présentation de 3 mois.',
  }),
  step({
    key: 'rights',
    group: 'Accueil',
    label: 'Information droits et devoirs',
    path: '/api/parcours/{id}/accueil/rights-and-duties',
    fields: [{ name: 'date', label: "Date de l'information", kind: 'date', required: true }],
    toBody: (v) => ({ date: d(v, 'date') }),
  }),
  step({
    key: 'bilan',
    group: 'Accueil',
    label: 'Bilan social',
    path: '/api/parcours/{id}/accueil/bilan-social',
    fields: [
      { name: 'date', label: 'Date du bilan social', kind: 'date', required: true },
      {
        name: 'needs',
        label: 'Besoins relevés',
        kind: 'text',
        hint: 'Séparés par des virgules, ex. logement, emploi, santé',
      },
    ],
    toBody: (v) => ({
      date: d(v, 'date'),
      needs: t(v, 'needs')
        ? t(v, 'needs')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
    }),
  }),
  step({
    key: 'positioning',
    group: 'Accueil',
    label: 'Test de positionnement en français',
    path: '/api/parcours/{id}/french/positioning',
    fields: [
      { name: 'date', label: 'Date du test', kind: 'date', required: true },
      { name: 'level', label: 'Niveau', kind: 'select', required: true, options: levels },
      { name: 'test', label: 'Test utilisé', kind: 'text', hint: 'Ex. ELAO' },
    ],
    toBody: (v) => ({ date: d(v, 'date'), level: t(v, 'level') as never, test: textValue(v.test) }),
  }),
  step({
    key: 'convention',
    group: 'Convention',
    label: "Convention d'accueil",
    path: '/api/parcours/{id}/convention',
    fields: [
      { name: 'signedOn', label: 'Signée le', kind: 'date', required: true },
      {
        name: 'includesFrench',
        label: 'La convention inclut-elle la formation en français ?',
        kind: 'yesno',
        required: true,
        hint: 'Non lorsque le test montre un niveau A2 ou plus.',
      },
      {
        name: 'includesIsp',
        label: "Inclut l'orientation socioprofessionnelle (ISP)",
        kind: 'checkbox',
        hint: 'Obligatoire de toute façon pour les conventions signées depuis le 12/05/2021.',
      },
      {
        name: 'citizenshipLanguage',
        label: 'Langue de la formation à la citoyenneté',
        kind: 'text',
        hint: 'Code de langue, ex. fr, ar',
      },
    ],
    toBody: (v) => ({
      signedOn: d(v, 'signedOn'),
      includesFrench: yes(v, 'includesFrench'),
      includesIsp: Boolean(v.includesIsp),
      citizenshipLanguage: textValue(v.citizenshipLanguage)?.toLowerCase(),
    }),
    intro: "Refusée tant que le module d'accueil n'est pas terminé.",
  }),
  step({
    key: 'french-hours',
    group: 'Formations',
    label: 'Heures de français',
    path: '/api/parcours/{id}/french/hours',
    fields: [
      {
        name: 'operator',
        label: 'Opérateur de formation',
        kind: 'text',
        required: true,
        hint: 'Ex. Lire et Écrire Namur',
      },
      { name: 'from', label: 'Du', kind: 'date', required: true },
      { name: 'to', label: 'Au', kind: 'date', required: true },
      { name: 'hours', label: 'Heures suivies', kind: 'number', required: true, min: 0.25, max: 1000 },
    ],
    toBody: (v) => ({
      operator: t(v, 'operator'),
      from: d(v, 'from'),
      to: d(v, 'to'),
      hours: numberValue(v.hours)!,
      overlapConfirmed: confirmed(v),
    }),
    confirmsOverlap: true,
  }),
  step({
    key: 'french-certification',
    group: 'Formations',
    label: 'Niveau de français validé',
    path: '/api/parcours/{id}/french/certification',
    fields: [
      { name: 'date', label: 'Date de validation', kind: 'date', required: true },
      { name: 'level', label: 'Niveau', kind: 'select', required: true, options: levels },
      {
        name: 'issuer',
        label: 'Organisme',
        kind: 'text',
        required: true,
        hint: 'Ex. Promotion sociale Namur',
      },
      { name: 'test', label: 'Test', kind: 'text' },
      { name: 'oralOnly', label: 'Oral uniquement (personne peu alphabétisée)', kind: 'checkbox' },
    ],
    toBody: (v) => ({
      date: d(v, 'date'),
      level: t(v, 'level') as never,
      issuer: t(v, 'issuer'),
      test: textValue(v.test),
      oralOnly: Boolean(v.oralOnly),
    }),
  }),
  step({
    key: 'citizenship-hours',
    group: 'Formations',
    label: 'Heures de citoyenneté',
    path: '/api/parcours/{id}/citizenship/hours',
    fields: [
      { name: 'operator', label: 'Opérateur de formation', kind: 'text', required: true },
      { name: 'from', label: 'Du', kind: 'date', required: true },
      { name: 'to', label: 'Au', kind: 'date', required: true },
      { name: 'hours', label: 'Heures suivies', kind: 'number', required: true, min: 0.25, max: 1000 },
      { name: 'language', label: 'Langue de la formation', kind: 'text', hint: 'Code de langue, ex. fr, ar' },
    ],
    toBody: (v) => ({
      operator: t(v, 'operator'),
      from: d(v, 'from'),
      to: d(v, 'to'),
      hours: numberValue(v.hours)!,
      language: textValue(v.language)?.toLowerCase(),
      overlapConfirmed: confirmed(v),
    }),
    confirmsOverlap: true,
  }),
  step({
    key: 'isp-hours',
    group: 'Formations',
    label: "Heures d'orientation socioprofessionnelle (ISP)",
    path: '/api/parcours/{id}/isp/hours',
    fields: [
      { name: 'provider', label: 'Prestataire', kind: 'text', required: true, hint: 'Ex. Forem' },
      { name: 'date', label: 'Date', kind: 'date', required: true },
      { name: 'hours', label: 'Heures', kind: 'number', required: true, min: 0.25, max: 24 },
    ],
    toBody: (v) => ({
      provider: t(v, 'provider'),
      date: d(v, 'date'),
      hours: numberValue(v.hours)!,
      overlapConfirmed: confirmed(v),
    }),
    confirmsOverlap: true,
  }),
  step({
    key: 'evaluation',
    group: 'Suivi',
    label: "Entretien d'évaluation",
    path: '/api/parcours/{id}/evaluations',
    fields: [
      { name: 'date', label: "Date de l'entretien", kind: 'date', required: true },
      {
        name: 'convocation',
        label: 'Convocation',
        kind: 'select',
        required: true,
        options: options(CONVOCATION_LABELS),
      },
      { name: 'attended', label: 'La personne était-elle présente ?', kind: 'yesno', required: true },
      { name: 'absenceJustified', label: 'Absence justifiée', kind: 'checkbox' },
      { name: 'notes', label: 'Notes', kind: 'textarea', max: 2000 },
    ],
    toBody: (v) => ({
      date: d(v, 'date'),
      convocation: t(v, 'convocation') as never,
      attended: yes(v, 'attended'),
      absenceJustified: yes(v, 'attended') ? undefined : Boolean(v.absenceJustified),
      notes: textValue(v.notes),
    }),
    intro: 'Au moins tous les 6 mois à partir de la convention.',
  }),
  step({
    key: 'dispense',
    previews: true,
    group: 'Délais',
    label: 'Dispense',
    path: '/api/parcours/{id}/dispenses',
    fields: [
      {
        name: 'category',
        label: 'Catégorie de dispense',
        kind: 'select',
        required: true,
        options: options(DISPENSE_LABELS, true),
      },
      { name: 'decidedOn', label: 'Décidée le', kind: 'date', required: true },
      {
        name: 'evidence',
        label: 'Preuve',
        kind: 'text',
        required: true,
        hint: 'Référence de la pièce, ex. certificat médical du 02/02/2026',
      },
    ],
    toBody: (v) => ({
      category: t(v, 'category') as never,
      decidedOn: d(v, 'decidedOn'),
      evidence: t(v, 'evidence'),
    }),
    intro: 'Les échéances du public obligé s’arrêtent ; la personne peut poursuivre volontairement.',
  }),
  step({
    key: 'extension',
    previews: true,
    group: 'Délais',
    label: "Prolongation de l'échéance",
    path: '/api/parcours/{id}/extensions',
    fields: [
      { name: 'decidedOn', label: 'Décidée le', kind: 'date', required: true },
      { name: 'until', label: 'Nouvelle échéance', kind: 'date', required: true },
      {
        name: 'reason',
        label: 'Motif',
        kind: 'select',
        required: true,
        options: options(DELAY_REASON_LABELS),
      },
      { name: 'decidedBy', label: 'Décidée par', kind: 'select', options: options(EXTENSION_DECIDER_LABELS) },
      { name: 'evidence', label: 'Preuve', kind: 'text' },
    ],
    toBody: (v) => ({
      decidedOn: d(v, 'decidedOn'),
      until: d(v, 'until'),
      reason: t(v, 'reason') as never,
      decidedBy: (textValue(v.decidedBy) as never) ?? undefined,
      evidence: textValue(v.evidence),
    }),
  }),
  step({
    key: 'suspension',
    previews: true,
    group: 'Délais',
    label: 'Suspension du délai',
    path: '/api/parcours/{id}/suspensions',
    fields: [
      { name: 'from', label: 'Du', kind: 'date', required: true },
      { name: 'to', label: 'Au', kind: 'date', hint: 'Laisser vide si la fin n’est pas connue — JJ/MM/AAAA' },
      {
        name: 'reason',
        label: 'Motif',
        kind: 'select',
        required: true,
        options: options(DELAY_REASON_LABELS),
      },
      { name: 'evidence', label: 'Preuve', kind: 'text' },
    ],
    toBody: (v) => ({
      from: d(v, 'from'),
      to: dateValue(v.to),
      reason: t(v, 'reason') as never,
      evidence: textValue(v.evidence),
    }),
    intro: 'Une suspension du F au T (inclus) reporte l’échéance de (T − F + 1) jours.',
  }),
  step({
    key: 'suspension-end',
    group: 'Délais',
    label: 'Fin de la suspension en cours',
    path: '/api/parcours/{id}/suspensions/end',
    fields: [{ name: 'to', label: 'Dernier jour de la suspension', kind: 'date', required: true }],
    toBody: (v) => ({ to: d(v, 'to') }),
  }),
  step({
    key: 'unavailability',
    group: 'Délais',
    label: 'Formation non disponible (art. 152/8)',
    path: '/api/parcours/{id}/training-unavailability',
    fields: [
      {
        name: 'axis',
        label: 'Formation',
        kind: 'select',
        required: true,
        options: options(TRAINING_AXIS_LABELS),
      },
      { name: 'from', label: 'Du', kind: 'date', required: true },
      {
        name: 'to',
        label: 'Au',
        kind: 'date',
        hint: 'Laisser vide tant que la formation reste indisponible — JJ/MM/AAAA',
      },
    ],
    toBody: (v) => ({ axis: t(v, 'axis') as never, from: d(v, 'from'), to: dateValue(v.to) }),
    intro: "Aucune amende ne peut être infligée quand la Région n'a pas fourni la formation.",
  }),
  step({
    key: 'attestation',
    group: 'Attestation',
    label: 'Attestation de fréquentation',
    path: '/api/parcours/{id}/attestation',
    fields: [{ name: 'issuedOn', label: 'Délivrée le', kind: 'date', required: true }],
    toBody: (v) => ({ issuedOn: d(v, 'issuedOn') }),
    submitLabel: "Délivrer l'attestation",
    intro: 'Refusée, avec la liste de ce qui manque, tant que les conditions ne sont pas remplies.',
  }),
  step({
    key: 'nationality',
    group: 'Nationalité',
    label: 'Ouvrir le dossier nationalité',
    path: '/api/parcours/{id}/nationality-dossier',
    fields: [{ name: 'openedOn', label: 'Ouvert le', kind: 'date', required: true }],
    toBody: (v) => ({ openedOn: d(v, 'openedOn') }),
    intro: 'Code de la nationalité belge, art. 12bis §1 2°.',
  }),
  step({
    key: 'nationality-proof',
    group: 'Nationalité',
    label: 'Preuve pour le dossier nationalité',
    path: '/api/parcours/{id}/nationality-dossier/proofs',
    fields: [
      {
        name: 'kind',
        label: 'Type de preuve',
        kind: 'select',
        required: true,
        options: NATIONALITY_PROOF_KINDS.map((k) => ({ value: k, label: PROOF_KIND_LABELS[k] ?? k })),
      },
      { name: 'issuer', label: 'Émetteur', kind: 'text', required: true },
      { name: 'date', label: 'Date', kind: 'date', required: true },
      { name: 'reference', label: 'Référence', kind: 'text' },
      {
        name: 'since',
        label: 'Séjour légal depuis le',
        kind: 'date',
        hint: 'Preuve de séjour légal : la date de début que la preuve atteste (les 5 ans comptent depuis).',
      },
      {
        name: 'days',
        label: 'Jours de travail attestés',
        kind: 'number',
        min: 0,
        max: 1830,
        hint: 'Participation économique : 468 jours requis sur les 5 dernières années.',
      },
      {
        name: 'quarters',
        label: "Trimestres d'activité indépendante",
        kind: 'number',
        min: 0,
        max: 20,
        hint: 'Participation économique : 6 trimestres requis.',
      },
    ],
    toBody: (v) => ({
      kind: t(v, 'kind') as never,
      issuer: t(v, 'issuer'),
      date: d(v, 'date'),
      reference: textValue(v.reference),
      since: dateValue(v.since),
      days: numberValue(v.days),
      quarters: numberValue(v.quarters),
    }),
    intro:
      "Indiquez ce que la preuve atteste : la date de début du séjour légal, ou les jours / trimestres de travail. Une preuve qui ne l'indique pas reste « à risque ».",
  }),
  step({
    key: 'transfer',
    group: 'Dossier',
    label: 'Transfert vers un autre CRI',
    path: '/api/parcours/{id}/transfer',
    roles: ['coordinateur', 'admin'],
    fields: [
      {
        name: 'toCri',
        label: 'CRI de destination',
        kind: 'select',
        required: true,
        options: CRI_CODES.map((c) => ({ value: c, label: criLong(c) })),
      },
      { name: 'communeCode', label: 'Nouvelle commune', kind: 'commune', criField: 'toCri', required: true },
      { name: 'date', label: 'Date du déménagement', kind: 'date', required: true },
    ],
    toBody: (v) => ({ toCri: t(v, 'toCri') as never, communeCode: t(v, 'communeCode'), date: d(v, 'date') }),
    intro:
      "L'historique et les échéances suivent le dossier ; le CRI d'origine n'y a plus accès. Le dossier arrive sans accompagnateur : le coordinateur du nouveau CRI l'attribue.",
    confirm:
      'Après le transfert, votre centre n’aura plus accès à ce dossier : seul le CRI de destination le suivra.',
  }),
  step({
    key: 'reassignment',
    group: 'Dossier',
    label: 'Attribuer à un accompagnateur',
    path: '/api/parcours/{id}/reassignment',
    roles: ['coordinateur', 'admin'],
    fields: [
      {
        name: 'accompagnateurId',
        label: "Identifiant de l'accompagnateur",
        kind: 'text',
        required: true,
        hint: 'Un membre de votre CRI, ex. cripel.marc',
      },
    ],
    toBody: (v) => ({ accompagnateurId: t(v, 'accompagnateurId') }),
  }),
  step({
    key: 'closure',
    group: 'Dossier',
    label: 'Clôturer le parcours',
    path: '/api/parcours/{id}/closure',
    fields: [
      { name: 'date', label: 'Date de clôture', kind: 'date', required: true },
      {
        name: 'reason',
        label: 'Motif',
        kind: 'select',
        required: true,
        options: options(CLOSURE_REASON_LABELS),
      },
      { name: 'note', label: 'Note', kind: 'textarea', max: 1000 },
    ],
    toBody: (v) => ({ date: d(v, 'date'), reason: t(v, 'reason') as never, note: textValue(v.note) }),
    danger: true,
    confirm: 'La clôture est définitive : plus aucune étape ne pourra être enregistrée dans ce dossier.',
  }),
  step({
    key: 'erasure',
    group: 'Dossier',
    label: 'Effacer les données personnelles',
    path: '/api/parcours/{id}/erasure',
    roles: ['coordinateur', 'admin'],
    fields: [
      { name: 'decidedOn', label: 'Décision du', kind: 'date', required: true },
      {
        name: 'reason',
        label: 'Motif',
        kind: 'select',
        required: true,
        options: [
          { value: 'person-request', label: 'Demande de la personne' },
          { value: 'retention-expired', label: 'Durée de conservation dépassée' },
          { value: 'legal-obligation', label: 'Obligation légale' },
          { value: 'other', label: 'Autre motif' },
        ],
      },
    ],
    toBody: (v) => ({ decidedOn: d(v, 'decidedOn'), reason: t(v, 'reason') as never }),
    intro:
      'Irréversible : le nom, le NISS et les autres données personnelles liront « donnée effacée » ; les dates, heures et statuts restent.',
    danger: true,
    confirm: 'L’effacement est irréversible : les données personnelles ne pourront plus jamais être lues.',
  }),
  step({
    key: 'correct-facts',
    group: 'Corrections',
    label: 'Corriger les faits de l’ouverture',
    path: '/api/parcours/{id}/facts',
    previews: true,
    fields: [
      { name: 'cardOrderDate', label: 'Commande du titre de séjour', kind: 'date' },
      { name: 'communeRegistrationDate', label: 'Inscription à la commune', kind: 'date' },
      { name: 'legalStaySince', label: 'Début du séjour légal', kind: 'date' },
      { name: 'communeCode', label: 'Commune', kind: 'commune', criField: '' },
      {
        name: 'reason',
        label: 'Motif de la correction',
        kind: 'select',
        required: true,
        options: options(CORRECTION_REASON_LABELS),
      },
      { name: 'note', label: 'Note', kind: 'textarea', max: 1000 },
    ],
    toBody: (v) => ({
      cardOrderDate: dateValue(v.cardOrderDate),
      communeRegistrationDate: dateValue(v.communeRegistrationDate),
      legalStaySince: dateValue(v.legalStaySince),
      communeCode: textValue(v.communeCode),
      reason: t(v, 'reason') as never,
      note: textValue(v.note),
    }),
    intro:
      'Remplissez seulement ce qui était faux : l’obligation, le régime et les échéances sont recalculés comme si les faits avaient été saisis ainsi dès le départ. L’historique garde l’ancienne valeur.',
  }),
  step({
    key: 'correct-person',
    group: 'Corrections',
    label: 'Corriger les données de la personne',
    path: '/api/parcours/{id}/person',
    previews: true,
    fields: [
      { name: 'lastName', label: 'Nom', kind: 'text', max: 100 },
      { name: 'firstName', label: 'Prénom', kind: 'text', max: 100 },
      { name: 'birthDate', label: 'Date de naissance', kind: 'date' },
      { name: 'nationality', label: 'Nationalité (code pays, ex. SY)', kind: 'text', max: 2 },
      { name: 'niss', label: 'Numéro national (NISS)', kind: 'text', max: 20 },
      {
        name: 'reason',
        label: 'Motif de la correction',
        kind: 'select',
        required: true,
        options: options(CORRECTION_REASON_LABELS),
      },
      { name: 'note', label: 'Note', kind: 'textarea', max: 1000 },
    ],
    toBody: (v) => ({
      lastName: textValue(v.lastName),
      firstName: textValue(v.firstName),
      birthDate: dateValue(v.birthDate),
      nationality: textValue(v.nationality)?.toUpperCase(),
      niss: textValue(v.niss)?.replace(/[\s.-]/g, ''),
      reason: t(v, 'reason') as never,
      note: textValue(v.note),
    }),
    intro:
      'Remplissez seulement ce qui était faux. Une nouvelle date de naissance ou nationalité recalcule les dispenses automatiques.',
  }),
  step({
    key: 'revocation',
    group: 'Corrections',
    label: 'Révoquer l’attestation',
    path: '/api/parcours/{id}/attestation/revocation',
    roles: ['coordinateur', 'admin'],
    fields: [
      { name: 'revokedOn', label: 'Révoquée le', kind: 'date', required: true },
      { name: 'reason', label: 'Motif de la révocation', kind: 'textarea', required: true, max: 1000 },
    ],
    toBody: (v) => ({ revokedOn: d(v, 'revokedOn'), reason: t(v, 'reason') }),
    danger: true,
    confirm:
      'L’attestation révoquée ne prouvera plus rien : sa vérification répondra « révoquée ». Une nouvelle attestation recevra un nouveau numéro.',
  }),
];

/** The step a CRI most likely records next, to preselect it. */
export function suggestedStep(c: ParcoursDetail): string {
  const a = c.accueil;
  if (c.stage === 'closed' || c.attestation) return 'nationality';
  if (!a?.presentedOn) return 'presentation';
  if (!a.rightsAndDutiesOn) return 'rights';
  if (!a.bilanSocial) return 'bilan';
  if (a.frenchPositionings.length === 0) return 'positioning';
  if (!c.convention) return 'convention';
  if (c.requirements?.met) return 'attestation';
  if (c.progress.citizenship.required && !c.progress.citizenship.met) return 'citizenship-hours';
  if (c.progress.french.required && !c.progress.french.met) return 'french-hours';
  if (c.progress.isp.required && !c.progress.isp.met) return 'isp-hours';
  return 'evaluation';
}

function initialValues(def: StepDef): Values {
  const values: Values = {};
  for (const f of def.fields) values[f.name] = f.kind === 'checkbox' ? false : '';
  if (def.confirmsOverlap) values.overlapConfirmed = false;
  return values;
}

/** Sent only when the user ticked the confirmation offered after a 422 HOURS_OVERLAP. */
const confirmed = (v: Values): true | undefined => (v.overlapConfirmed === true ? true : undefined);

function rulesOf(def: StepDef): Rule[] {
  return def.fields.map((f) => ({
    field: f.name,
    label: f.label,
    required: f.required,
    date: f.kind === 'date',
    number: f.kind === 'number' ? { min: f.min, max: f.max } : undefined,
  }));
}

/** One step's form: checks, sends the command (If-Match: the version shown), reports field by field. */
export function StepForm({
  def,
  parcoursId,
  version,
  current,
  freshCase,
  onDone,
}: {
  def: StepDef;
  parcoursId: string;
  version: number | null;
  /** The case as shown: what a preview compares with. */
  current?: ParcoursDetail;
  /** The case re-read up to the latest version known: what a preview compares with. */
  freshCase?: () => Promise<ParcoursDetail | null>;
  onDone: (result: CommandResult, label: string, body: unknown) => void;
}) {
  const prefix = `step-${def.key}`;
  // The body last previewed or armed for confirmation: a change of the form disarms it.
  const [preview, setPreview] = useState<{ body: string; lines: string[] } | null>(null);
  const [armed, setArmed] = useState<string | null>(null);
  const form = useForm({
    initial: initialValues(def),
    rules: rulesOf(def),
    resetOnSuccess: true,
    submit: async (values, idempotencyKey) => {
      // A commune typed by name or postcode is sent as its INS code.
      const body = def.toBody(
        communeField
          ? { ...values, [communeField.name]: codeOf(String(values[communeField.name]), communes) }
          : values,
      );
      const shown = JSON.stringify(body);
      if (previewing.current) {
        // What-if: the case as it would be, compared with the case as shown; nothing is recorded.
        previewing.current = false;
        const answer = await postCommand<{ case: ParcoursDetail }, IdPostPaths>(
          def.path,
          parcoursId,
          body as never,
          {
            ifMatch: version,
            dryRun: true,
          },
        );
        const before = (await freshCase?.()) ?? current;
        setPreview({ body: shown, lines: before ? consequences(before, answer.case) : [] });
        return 'keep';
      }
      if (def.confirm && armed !== shown) {
        // Irreversible: the first click asks, the second (same content) records.
        setArmed(shown);
        return 'keep';
      }
      const result = await postCommand<CommandResult, IdPostPaths>(def.path, parcoursId, body as never, {
        idempotencyKey,
        ifMatch: version,
      });
      setArmed(null);
      setPreview(null);
      onDone(result, def.label, body);
    },
  });
  const previewing = useRef(false);
  const communeField = def.fields.find((f) => f.kind === 'commune');
  const communeCri = communeField ? String(form.values[communeField.criField] ?? current?.criCode ?? '') : '';
  const communes = useCommunes(communeField ? communeCri : null);
  return (
    <form onSubmit={form.onSubmit} noValidate className="step-form" aria-labelledby={`${prefix}-title`}>
      <h3 id={`${prefix}-title`}>{def.label}</h3>
      {def.intro ? <p className="hint">{def.intro}</p> : null}
      <ProblemAlert problem={form.problem} prefix={prefix} />
      {def.confirmsOverlap &&
      (form.problem?.code === 'HOURS_OVERLAP' || form.values.overlapConfirmed === true) ? (
        <CheckboxField
          form={form}
          prefix={prefix}
          name="overlapConfirmed"
          label="Ce n'est pas un doublon : enregistrer ces heures en plus de l'entrée existante"
          hint="Cochez puis cliquez à nouveau sur « Enregistrer » (par ex. deux cours distincts du même opérateur sur la même période)."
        />
      ) : null}
      <div className="grid">
        {def.fields.map((f) => {
          const common = { form, prefix, name: f.name, label: f.label, hint: f.hint, required: f.required };
          switch (f.kind) {
            case 'date':
              return <DateField key={f.name} {...common} hint={f.hint} />;
            case 'text':
              return <TextField key={f.name} {...common} maxLength={f.max} />;
            case 'number':
              return <TextField key={f.name} {...common} type="number" width="short" />;
            case 'commune':
              return (
                <TextField
                  key={f.name}
                  {...common}
                  width="medium"
                  maxLength={60}
                  suggestions={communeSuggestions(communes, !communeCri)}
                  hint={communeHint(String(form.values[f.name] ?? ''), communes)}
                />
              );
            case 'textarea':
              return <TextAreaField key={f.name} {...common} maxLength={f.max} />;
            case 'select':
              return <SelectField key={f.name} {...common} options={f.options} />;
            case 'checkbox':
              return (
                <CheckboxField
                  key={f.name}
                  form={form}
                  prefix={prefix}
                  name={f.name}
                  label={f.label}
                  hint={f.hint}
                />
              );
            case 'yesno':
              return (
                <YesNoField
                  key={f.name}
                  form={form}
                  prefix={prefix}
                  name={f.name}
                  label={f.label}
                  hint={f.hint}
                />
              );
          }
        })}
      </div>
      {preview ? (
        <div className="alert alert-info" role="status" id={`${prefix}-preview`}>
          <p className="alert-title">Aperçu (rien n’est encore enregistré)</p>
          {preview.lines.length > 0 ? (
            <ul>
              {preview.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            <p>Aucune échéance, heure ni obligation ne changerait.</p>
          )}
        </div>
      ) : null}
      {armed ? (
        <div className="alert alert-error" role="alert" id={`${prefix}-confirm`}>
          <p className="alert-title">Confirmez-vous ?</p>
          <p>{def.confirm}</p>
        </div>
      ) : null}
      <p className="form-actions">
        <button
          type="submit"
          className={`button ${def.danger ? 'button-danger' : 'button-primary'}`}
          disabled={form.submitting}
        >
          {form.submitting
            ? 'Enregistrement…'
            : armed
              ? `Confirmer : ${def.label.charAt(0).toLowerCase()}${def.label.slice(1)}`
              : (def.submitLabel ?? 'Enregistrer')}
        </button>{' '}
        {def.previews ? (
          <button
            type="submit"
            className="button"
            disabled={form.submitting}
            onClick={() => {
              previewing.current = true;
            }}
          >
            Voir les conséquences
          </button>
        ) : null}
      </p>
    </form>
  );
}
