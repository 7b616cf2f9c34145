/**
 * The French catalogue of the parcours refusals: the title of each code (fixed) and the detail of one
 * refusal, rendered from the facts the domain error carries. The only place where a refusal becomes
 * prose; the domain itself holds no French. The compiler checks that every code and every subject has
 * its text.
 */
import { formatDateFr as fr, type IsoDate } from '@app/calendar';
import type {
  DateSubject,
  DomainError,
  DomainErrorCode,
  DomainErrorFacts,
  MissingRequirement,
  StepSubject,
} from '../domain/errors';
import { CRI_LABELS, isCriCode, TRAINING_AXIS_LABELS } from '../domain/reference-data';
import { formatHours } from '../domain/requirements';
import { entryName } from './entries.fr';

export const DOMAIN_ERROR_TITLES: { readonly [C in DomainErrorCode]: string } = {
  PARCOURS_NOT_FOUND: "Ce parcours n'existe pas",
  PARCOURS_ALREADY_EXISTS: 'Ce parcours existe déjà',
  PARCOURS_ALREADY_OPEN: 'Un parcours est déjà ouvert pour cette personne',
  PARCOURS_CLOSED: 'Ce parcours est clôturé',
  INVALID_PERIOD: 'Période invalide : la fin précède le début',
  DATE_IN_FUTURE: 'La date ne peut pas être dans le futur',
  DATE_BEFORE_REGISTRATION: "La date précède l'inscription à la commune",
  DATE_BEFORE_PREVIOUS_STEP: "La date précède celle d'une étape préalable",
  STEP_ALREADY_RECORDED: 'Cette étape est déjà enregistrée avec une autre date ou un autre contenu',
  PRESENTATION_REQUIRED: "La présentation au bureau d'accueil doit d'abord être enregistrée",
  ACCUEIL_INCOMPLETE: "Le module d'accueil n'est pas terminé",
  CONVENTION_REQUIRED: "La convention d'accueil doit d'abord être signée",
  HOURS_IMPLAUSIBLE: "Nombre d'heures impossible pour cette période",
  HOURS_OVERLAP: 'Des heures de cet opérateur sont déjà enregistrées sur cette période',
  DISPENSE_ALREADY_RECORDED: 'Cette dispense est déjà enregistrée',
  DISPENSE_NOT_IN_REGIME: "Cette catégorie de dispense n'existe pas dans le régime applicable",
  DEADLINE_NOT_APPLICABLE: "Ce parcours n'a pas d'échéance d'attestation",
  EXTENSION_NOT_LATER: "La prolongation doit fixer une échéance postérieure à l'échéance actuelle",
  EXTENSION_LIMIT_REACHED: 'La limite des prolongations est atteinte',
  SUSPENSION_ALREADY_OPEN: 'Une suspension est déjà en cours',
  NO_OPEN_SUSPENSION: "Aucune suspension n'est en cours",
  SUSPENSION_AFTER_DEADLINE: "La suspension commence après l'échéance de l'attestation",
  PERIOD_OVERLAP: 'Cette période chevauche une période déjà enregistrée',
  ATTESTATION_REQUIREMENTS_UNMET: "Les conditions de l'attestation de fréquentation ne sont pas remplies",
  ATTESTATION_ALREADY_ISSUED: "L'attestation de fréquentation a déjà été délivrée",
  NO_ATTESTATION: "Aucune attestation de fréquentation n'est en vigueur pour ce dossier",
  TRANSFER_SAME_CRI: 'Le parcours est déjà suivi par ce centre régional',
  COMMUNE_OUT_OF_REGION: "Cette commune n'est pas dans la région de langue française de Wallonie",
  COMMUNE_NOT_IN_CRI_TERRITORY: "Cette commune n'est pas sur le territoire de ce centre régional",
  ENTRY_NOT_FOUND: "Cette saisie n'existe pas dans ce dossier",
  ENTRY_NOT_CANCELLABLE: 'Cette saisie ne peut pas être annulée',
  ENTRY_ALREADY_CANCELLED: 'Cette saisie est déjà annulée',
  ENTRY_HAS_DEPENDENTS: "D'autres saisies dépendent de celle-ci",
  PERSONAL_DATA_ERASED: 'Les données personnelles de ce dossier ont été effacées',
  COMMUNE_CORRECTION_AFTER_TRANSFER: 'La commune d’un dossier transféré ne se corrige pas',
  NATIONALITY_DOSSIER_NOT_OPEN: "Le dossier nationalité n'est pas ouvert",
  NATIONALITY_DOSSIER_ALREADY_OPEN: 'Le dossier nationalité est déjà ouvert',
  PROOF_FIELD_NOT_APPLICABLE: 'Ce champ ne concerne pas ce type de preuve',
};

const cap = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** « CeRAIC », « CAI »: the name a CRI goes by. */
const criShort = (cri: string): string => (isCriCode(cri) ? CRI_LABELS[cri].split(' — ')[0] : cri);

export const DOMAIN_ERROR_CODES = Object.keys(DOMAIN_ERROR_TITLES) as readonly DomainErrorCode[];

/** The French label of each dated field, as it starts a sentence. */
export const DATE_LABELS: { readonly [S in DateSubject]: string } = {
  birthDate: 'Date de naissance',
  communeRegistrationDate: "Date d'inscription à la commune",
  cardOrderDate: 'Date de commande du titre de séjour',
  legalStaySince: 'Début du séjour légal',
  presentationDate: 'Date de présentation',
  rightsAndDutiesDate: "Date de l'information droits et devoirs",
  bilanSocialDate: 'Date du bilan social',
  positioningDate: 'Date du test de positionnement',
  conventionSignedOn: 'Date de signature de la convention',
  frenchFrom: 'Début de la période de français',
  frenchTo: 'Fin de la période de français',
  citizenshipFrom: 'Début de la période de citoyenneté',
  citizenshipTo: 'Fin de la période de citoyenneté',
  ispDate: "Date de l'orientation socioprofessionnelle",
  certificationDate: 'Date de la certification',
  evaluationDate: "Date de l'entretien d'évaluation",
  dispenseDecidedOn: 'Date de la décision de dispense',
  extensionDecidedOn: 'Date de la décision de prolongation',
  suspensionFrom: 'Début de la suspension',
  unavailabilityFrom: "Début de l'indisponibilité",
  attestationIssuedOn: "Date de délivrance de l'attestation",
  transferDate: 'Date du transfert',
  closureDate: 'Date de clôture',
  attestationRevokedOn: 'Date de la révocation',
  nationalityDossierOpenedOn: "Date d'ouverture du dossier nationalité",
  nationalityProofDate: 'Date de la preuve',
};

/** The French name of each step: as the subject of a sentence, and as its reference (« précède … »). */
export const STEP_LABELS: { readonly [S in StepSubject]: string } = {
  presentation: "la présentation au bureau d'accueil",
  rightsAndDuties: "L'information droits et devoirs",
  bilanSocial: 'Le bilan social',
  bilanSocialUpdate: 'Le bilan social mis à jour',
  previousBilanSocial: 'le bilan social précédent',
  positioning: 'Le test de positionnement',
  convention: "la signature de la convention d'accueil",
  conventionAmendment: "L'avenant à la convention",
  conventionInForce: 'la convention en vigueur',
  frenchPeriod: 'La période de français',
  citizenshipPeriod: 'La période de citoyenneté',
  ispSession: "L'orientation socioprofessionnelle",
  evaluation: "L'entretien d'évaluation",
  transfer: 'Le transfert',
  previousTransfer: 'le transfert précédent',
  attestationRevocation: 'La révocation',
  attestation: "la délivrance de l'attestation",
};

const missingList = (missing: readonly MissingRequirement[] | undefined, separator: string, lower: boolean) =>
  (missing ?? []).map((m) => (lower ? m.label.toLowerCase() : m.label)).join(separator);

type Details = {
  readonly [C in DomainErrorCode]: (
    facts: DomainErrorFacts[C],
    missing?: readonly MissingRequirement[],
  ) => string | undefined;
};

const none = (): undefined => undefined;
const until = (to: IsoDate | null): string => (to ? ` jusqu'au ${fr(to)}` : ' (en cours)');

const DETAILS: Details = {
  PARCOURS_NOT_FOUND: none,
  PARCOURS_ALREADY_EXISTS: none,
  PARCOURS_ALREADY_OPEN: () => 'Un parcours ouvert existe déjà pour ce NISS.',
  PARCOURS_CLOSED: (f) => `Parcours clôturé le ${fr(f.closedOn)}.`,
  INVALID_PERIOD: (f) => `Fin (${fr(f.to)}) avant le début (${fr(f.from)}).`,
  DATE_IN_FUTURE: (f) =>
    `${DATE_LABELS[f.subject]} (${fr(f.date)}) est postérieure à aujourd'hui (${fr(f.today)}).`,
  DATE_BEFORE_REGISTRATION: (f) =>
    `${DATE_LABELS[f.subject]} (${fr(f.date)}) précède l'inscription à la commune (${fr(f.registeredOn)}).`,
  DATE_BEFORE_PREVIOUS_STEP: (f) =>
    `${STEP_LABELS[f.step]} (${fr(f.date)}) précède ${STEP_LABELS[f.previousStep]} (${fr(f.previousDate)}).`,
  STEP_ALREADY_RECORDED: (f) =>
    f.step === 'presentation'
      ? `Présentation déjà enregistrée le ${fr(f.recordedOn)}.`
      : `Information droits et devoirs déjà enregistrée le ${fr(f.recordedOn)}.`,
  PRESENTATION_REQUIRED: none,
  ACCUEIL_INCOMPLETE: (f, missing) => `Au ${fr(f.on)}, il manque : ${missingList(missing, ', ', true)}.`,
  CONVENTION_REQUIRED: none,
  HOURS_IMPLAUSIBLE: (f) =>
    `${f.hours} h du ${fr(f.from)} au ${fr(f.to)} : au plus ${f.days * f.maxHoursPerDay} h possibles (${f.days} jour${f.days > 1 ? 's' : ''} × ${f.maxHoursPerDay} h).`,
  HOURS_OVERLAP: (f) => {
    const e = f.existing;
    const period = e.from === e.to ? `le ${fr(e.from)}` : `du ${fr(e.from)} au ${fr(e.to)}`;
    const axis = TRAINING_AXIS_LABELS[f.axis];
    const of = /^[aeiouyéèêh]/i.test(axis) ? `d'${axis}` : `de ${axis}`;
    return `Déjà enregistré (entrée n° ${e.version}) : ${formatHours(e.hours)} ${of} chez ${e.operator} ${period}. S'il ne s'agit pas d'un doublon, confirmez l'enregistrement.`;
  },
  DISPENSE_ALREADY_RECORDED: (f) =>
    f.decidedOn === null
      ? `Dispense ${f.category} appliquée d'office à l'ouverture.`
      : `Dispense ${f.category} décidée le ${fr(f.decidedOn)}.`,
  DISPENSE_NOT_IN_REGIME: (f) => `${f.regimeLabel} : catégories ${f.categories.join(', ')}.`,
  DEADLINE_NOT_APPLICABLE: () =>
    "Seul un parcours obligatoire, avec une date de commande du titre de séjour, a une échéance d'attestation.",
  EXTENSION_NOT_LATER: (f) =>
    `Échéance actuelle : ${fr(f.dueOn)} ; nouvelle échéance demandée : ${fr(f.requested)}.`,
  EXTENSION_LIMIT_REACHED: (f) =>
    f.limit === 'count'
      ? `Au plus ${f.maxCount} prolongation(s) ; ${f.count} déjà accordée(s).`
      : `Au plus ${f.maxTotalMonths} mois de prolongation au total : échéance maximale ${fr(f.latestUntil)}.`,
  SUSPENSION_ALREADY_OPEN: (f) => `Suspension en cours depuis le ${fr(f.since)}.`,
  NO_OPEN_SUSPENSION: none,
  SUSPENSION_AFTER_DEADLINE: (f) => `Échéance de l'attestation : ${fr(f.dueOn)}.`,
  PERIOD_OVERLAP: (f) =>
    f.kind === 'suspension'
      ? `Suspension déjà enregistrée du ${fr(f.from)} au ${fr(f.to ?? f.from)}.`
      : `Indisponibilité déjà enregistrée depuis le ${fr(f.from)}${until(f.to)}.`,
  ATTESTATION_REQUIREMENTS_UNMET: (f, missing) =>
    `Au ${fr(f.on)}, il manque : ${missingList(missing, ' ; ', false)}.`,
  ATTESTATION_ALREADY_ISSUED: (f) => `Attestation ${f.attestationNumber} délivrée le ${fr(f.issuedOn)}.`,
  NO_ATTESTATION: none,
  TRANSFER_SAME_CRI: (f) => `Le parcours est déjà suivi par ${f.criCode}.`,
  COMMUNE_OUT_OF_REGION: (f) => {
    const commune = f.communeName ? `${f.communeName} (${f.communeCode})` : `La commune ${f.communeCode}`;
    return f.step === 'opening'
      ? `${commune} est hors de la région de langue française : le parcours d'intégration wallon ne s'y applique pas (en région de langue allemande, il relève de la Communauté germanophone).`
      : `${commune} est hors de la région de langue française : un déménagement hors de cette région clôture le parcours.`;
  },
  COMMUNE_NOT_IN_CRI_TERRITORY: (f) => {
    const [expected, cri] = [criShort(f.expectedCri), criShort(f.criCode)];
    return f.step === 'opening'
      ? `${f.communeName} (${f.communeCode}) est sur le territoire du ${expected}, pas du ${cri} : ouvrez le parcours au ${expected} ou corrigez la commune.`
      : `${f.communeName} (${f.communeCode}) est sur le territoire du ${expected}, pas du ${cri} : transférez le parcours au ${expected}.`;
  },
  ENTRY_NOT_FOUND: (f) => `Aucune saisie n° ${f.version} dans l'historique de ce dossier.`,
  ENTRY_NOT_CANCELLABLE: (f) =>
    f.entryType === 'AttestationIssued'
      ? `${cap(entryName(f.version, f.entryType))} ne s'annule pas : révoquez l'attestation.`
      : `${cap(entryName(f.version, f.entryType))} ne s'annule pas : l'ouverture, un transfert, une clôture, une attribution et une correction restent dans l'historique ; corrigez les faits ou la personne si nécessaire.`,
  ENTRY_ALREADY_CANCELLED: (f) => `${cap(entryName(f.version))} a été annulée le ${fr(f.cancelledOn)}.`,
  ENTRY_HAS_DEPENDENTS: (f) =>
    `Annulez d'abord ${f.dependents.map((v) => entryName(v)).join(', ')}, enregistrée(s) sur la base de ${entryName(f.version)}.`,
  PERSONAL_DATA_ERASED: () =>
    "La date de naissance et la nationalité, nécessaires pour recalculer l'obligation, n'existent plus : rien ne peut être corrigé.",
  COMMUNE_CORRECTION_AFTER_TRANSFER: () =>
    'Le dossier a été transféré : sa commune est celle du transfert. Enregistrez un nouveau transfert si la personne a encore déménagé.',
  NATIONALITY_DOSSIER_NOT_OPEN: none,
  NATIONALITY_DOSSIER_ALREADY_OPEN: (f) => `Dossier ouvert le ${fr(f.openedOn)}.`,
  PROOF_FIELD_NOT_APPLICABLE: (f) =>
    `La date de début du séjour (since) ne se donne que pour une preuve de séjour légal, les jours (days) et trimestres (quarters) que pour une preuve de participation économique ; preuve reçue : ${f.kind}.`,
};

export type DescribedError = { readonly title: string; readonly detail?: string };

/** The French title and detail of a parcours refusal, for the API problem and every other screen. */
export function describeDomainError<C extends DomainErrorCode>(error: DomainError<C>): DescribedError {
  const render = DETAILS[error.code] as (
    facts: DomainErrorFacts[C],
    missing?: readonly MissingRequirement[],
  ) => string | undefined;
  const detail = render(error.facts, error.missing);
  return detail === undefined
    ? { title: DOMAIN_ERROR_TITLES[error.code] }
    : { title: DOMAIN_ERROR_TITLES[error.code], detail };
}
