/**
 * Every refusal of the parcours domain: a stable code (the API contract, `422` unless said
 * otherwise) and the French title shown to users. Keep this the only list.
 */
export const DOMAIN_ERROR_TITLES = {
  // Existence and lifecycle
  PARCOURS_NOT_FOUND: "Ce parcours n'existe pas",
  PARCOURS_ALREADY_EXISTS: 'Ce parcours existe déjà',
  /** Raised by the application layer (it needs the niss index of all parcours), never by `decide`. */
  PARCOURS_ALREADY_OPEN: 'Un parcours est déjà ouvert pour cette personne',
  PARCOURS_CLOSED: 'Ce parcours est clôturé',
  // Input that the HTTP layer should already have refused (the domain defends itself anyway)
  INVALID_DATE: 'Date invalide',
  INVALID_VALUE: 'Valeur invalide',
  INVALID_PERIOD: 'Période invalide : la fin précède le début',
  // Dates
  DATE_IN_FUTURE: 'La date ne peut pas être dans le futur',
  DATE_BEFORE_REGISTRATION: "La date précède l'inscription à la commune",
  DATE_BEFORE_PREVIOUS_STEP: "La date précède celle d'une étape préalable",
  // Steps and their order
  STEP_ALREADY_RECORDED: 'Cette étape est déjà enregistrée avec une autre date ou un autre contenu',
  PRESENTATION_REQUIRED: "La présentation au bureau d'accueil doit d'abord être enregistrée",
  ACCUEIL_INCOMPLETE: "Le module d'accueil n'est pas terminé",
  CONVENTION_REQUIRED: "La convention d'accueil doit d'abord être signée",
  HOURS_IMPLAUSIBLE: "Nombre d'heures impossible pour cette période",
  // Dispenses, deadlines
  DISPENSE_ALREADY_RECORDED: 'Cette dispense est déjà enregistrée',
  DISPENSE_NOT_IN_REGIME: "Cette catégorie de dispense n'existe pas dans le régime applicable",
  DEADLINE_NOT_APPLICABLE: "Ce parcours n'a pas d'échéance d'attestation",
  EXTENSION_NOT_LATER: "La prolongation doit fixer une échéance postérieure à l'échéance actuelle",
  EXTENSION_LIMIT_REACHED: 'La limite des prolongations est atteinte',
  SUSPENSION_ALREADY_OPEN: 'Une suspension est déjà en cours',
  NO_OPEN_SUSPENSION: "Aucune suspension n'est en cours",
  SUSPENSION_AFTER_DEADLINE: "La suspension commence après l'échéance de l'attestation",
  PERIOD_OVERLAP: 'Cette période chevauche une période déjà enregistrée',
  // Attestation
  ATTESTATION_REQUIREMENTS_UNMET: "Les conditions de l'attestation de fréquentation ne sont pas remplies",
  ATTESTATION_ALREADY_ISSUED: "L'attestation de fréquentation a déjà été délivrée",
  // Transfer
  TRANSFER_SAME_CRI: 'Le parcours est déjà suivi par ce centre régional',
  COMMUNE_OUT_OF_REGION: "Cette commune n'est pas dans la région de langue française : clôturez le parcours",
  // Nationality dossier
  NATIONALITY_DOSSIER_NOT_OPEN: "Le dossier nationalité n'est pas ouvert",
  NATIONALITY_DOSSIER_ALREADY_OPEN: 'Le dossier nationalité est déjà ouvert',
} as const;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_TITLES;

export const DOMAIN_ERROR_CODES = Object.keys(DOMAIN_ERROR_TITLES) as readonly DomainErrorCode[];

/** One unmet requirement: a stable key for programs and a French label for people. */
export type MissingRequirement = { readonly code: string; readonly label: string };

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly title: string;
  readonly detail?: string;
  readonly missing?: readonly MissingRequirement[];

  constructor(code: DomainErrorCode, detail?: string, missing?: readonly MissingRequirement[]) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'DomainError';
    this.code = code;
    this.title = DOMAIN_ERROR_TITLES[code];
    if (detail !== undefined) this.detail = detail;
    if (missing !== undefined) this.missing = missing;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
