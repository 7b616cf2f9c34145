/**
 * French words for the API's codes. Reference lists (CRIs, dispenses, reasons…) come from the domain's own
 * reference data, a pure module with no imports, so the UI and the rules can never disagree.
 */
import {
  CANCELLABLE_ENTRY_TYPES,
  CANCELLATION_REASON_LABELS,
  CEFR_LEVELS,
  CLOSURE_REASON_LABELS,
  CORRECTION_REASON_LABELS,
  CRI_CODES,
  CRI_LABELS,
  DELAY_REASON_LABELS,
  DISPENSE_LABELS,
  NATIONALITY_PROOF_KINDS,
  TRAINING_AXIS_LABELS,
} from '../../../libs/parcours/src/domain/reference-data';
import { ENTRY_LABELS } from '../../../libs/parcours/src/messages/entries.fr';
import type { DeadlineKind, DeadlineStatus, Obligation, Role, Stage } from './api/types';

export {
  CANCELLABLE_ENTRY_TYPES,
  CANCELLATION_REASON_LABELS,
  CEFR_LEVELS,
  CLOSURE_REASON_LABELS,
  CORRECTION_REASON_LABELS,
  CRI_CODES,
  CRI_LABELS,
  DELAY_REASON_LABELS,
  DISPENSE_LABELS,
  NATIONALITY_PROOF_KINDS,
  TRAINING_AXIS_LABELS,
};

export const ROLE_LABELS: Record<Role, string> = {
  accompagnateur: 'Accompagnateur·rice',
  coordinateur: 'Coordinateur·rice',
  administration: 'Administration (SPW)',
  'sanctioning-officer': 'Agent sanctionnateur',
  admin: 'Administrateur·rice',
};

export const OBLIGATION_LABELS: Record<Obligation, string> = {
  obliged: 'Public obligé',
  voluntary: 'Public volontaire',
  dispensed: 'Dispensé',
};

export const STAGE_LABELS: Record<Stage, string> = {
  'awaiting-presentation': 'En attente de présentation',
  accueil: "Module d'accueil",
  training: 'Formations',
  'attestation-issued': 'Attestation délivrée',
  closed: 'Clôturé',
};

export const DEADLINE_KIND_LABELS: Record<DeadlineKind, string> = {
  presentation: "Présentation au bureau d'accueil",
  attestation: 'Attestation de fréquentation',
  evaluation: "Entretien d'évaluation",
};

export const DEADLINE_STATUS_LABELS: Record<DeadlineStatus, string> = {
  'on-track': 'Dans les délais',
  'due-soon': 'Échéance proche',
  overdue: 'En retard',
  met: 'Respectée',
  'met-late': 'Accomplie hors délai',
  dispensed: 'Dispensé',
  suspended: 'Suspendue',
  closed: 'Parcours clôturé',
  'not-applicable': 'Sans objet',
};

export const AXIS_LABELS = {
  french: 'Français (FLE)',
  citizenship: 'Citoyenneté',
  isp: 'Orientation socioprofessionnelle (ISP)',
} as const;

export const CONVOCATION_LABELS: Record<string, string> = {
  'registered-letter': 'Lettre recommandée',
  email: 'Courriel',
};

export const EXTENSION_DECIDER_LABELS: Record<string, string> = {
  cri: 'Le CRI',
  administration: "L'administration (SPW)",
};

export const PROOF_KIND_LABELS: Record<string, string> = {
  'language-a2': 'Connaissance du français (A2)',
  'language-a2-oral': 'Français oral (A2) — personne peu alphabétisée',
  'literacy-course': "Attestation de cours d'alphabétisation",
  'social-integration': 'Intégration sociale',
  'economic-participation': 'Participation économique',
  'legal-stay': 'Séjour légal',
  'birth-certificate': 'Acte de naissance',
  other: 'Autre preuve',
};

export const CONDITION_STATUS_LABELS: Record<string, string> = {
  covered: 'Couverte',
  missing: 'Manquante',
  'at-risk': 'À risque',
};

export const BREACH_LABELS: Record<string, string> = {
  presentation: "Défaut de présentation au bureau d'accueil (3 mois)",
  attestation: 'Attestation de fréquentation non obtenue dans le délai',
};

export type SanctionStage =
  | 'reported'
  | 'notice-sent'
  | 'defence-received'
  | 'fined'
  | 'dismissed'
  | 'appealed'
  | 'appeal-decided'
  | 'paid'
  | 'withdrawn'
  | 'closed'
  | 'open';
export const SANCTION_STAGE_LABELS: Record<SanctionStage, string> = {
  reported: 'Signalée',
  'notice-sent': 'Avertissement envoyé',
  'defence-received': 'Défense reçue',
  fined: 'Amende infligée',
  dismissed: 'Classée sans suite',
  appealed: 'Recours introduit',
  'appeal-decided': 'Recours tranché',
  paid: 'Amende payée',
  withdrawn: 'Retirée',
  closed: 'Clôturée',
  open: 'En cours',
};

export const DISMISSAL_REASON_LABELS: Record<
  'regularised' | 'dispensed' | 'training-unavailable' | 'other',
  string
> = {
  regularised: 'Situation régularisée',
  dispensed: 'Personne dispensée',
  'training-unavailable': 'Formation non disponible (art. 152/8 CWASS)',
  other: 'Autre motif',
};

export const APPEAL_OUTCOME_LABELS: Record<string, string> = {
  upheld: 'Amende confirmée',
  reduced: 'Amende réduite',
  annulled: 'Amende annulée',
};

export const criShort = (code: string): string => {
  const label = (CRI_LABELS as Record<string, string>)[code];
  return label ? label.split(' — ')[0] : code;
};

export const criLong = (code: string): string => (CRI_LABELS as Record<string, string>)[code] ?? code;

/** What each event of the history means, in French (the history is the case's own log of who did what). */
export const EVENT_LABELS: Readonly<Record<string, string>> = ENTRY_LABELS;

/** A value taken from the address bar, kept only when it is one the api accepts (else the filter is left out). */
export function pick<T extends string>(
  allowed: readonly T[] | Record<T, unknown>,
  value: string | null | undefined,
): T | undefined {
  const list = (Array.isArray(allowed) ? allowed : Object.keys(allowed)) as readonly string[];
  return value !== null && value !== undefined && list.includes(value) ? (value as T) : undefined;
}

/** The French label of a code, or the code itself when the list does not know it. */
export const labelOf = (labels: Readonly<Record<string, string>>, code: string | null | undefined): string =>
  code ? (labels[code] ?? code) : '—';
