/**
 * Every refusal of the sanction procedure, with a stable code (the API contract: `422` + `code`) and the French
 * title shown to users. Titles are fixed per code; the optional `detail` says what was wrong in this case.
 */
export const SANCTION_ERROR_TITLES = {
  PROCEDURE_NOT_FOUND: 'Procédure de sanction introuvable',
  PROCEDURE_ALREADY_EXISTS: 'Cette procédure de sanction existe déjà',
  PROCEDURE_CLOSED: 'La procédure de sanction est clôturée',
  PARCOURS_CLOSED: 'Le parcours est clôturé',
  PARCOURS_NOT_OBLIGED: "La personne n'est pas soumise à l'obligation du parcours d'intégration",
  BREACH_NOT_OVERDUE: "Le délai n'était pas dépassé à la date du signalement",
  INVALID_DATE: 'Date invalide',
  DATE_IN_FUTURE: 'La date ne peut pas être dans le futur',
  DATE_BEFORE_PREVIOUS_STEP: "La date est antérieure à l'étape précédente de la procédure",
  INVALID_RESPONSE_DEADLINE: "Le délai de réponse doit être postérieur à la date d'envoi de la notification",
  NOTICE_NOT_SENT: "La notification n'a pas encore été envoyée",
  ALREADY_DECIDED: 'Une décision a déjà été prise dans cette procédure',
  RESPONSE_PERIOD_NOT_ELAPSED: "Le délai de réponse n'est pas écoulé et aucune défense n'a été reçue",
  INVALID_DECISION: 'Décision invalide',
  FINE_AMOUNT_REQUIRED: "Le montant de l'amende est requis",
  FINE_OUT_OF_RANGE: "Le montant de l'amende est hors de la fourchette légale",
  INVALID_AMOUNT: 'Montant invalide',
  DISMISSAL_REASON_REQUIRED: 'Le motif du classement sans suite est requis',
  TRAINING_UNAVAILABLE:
    "Aucune amende ne peut être infligée : la Région n'a pas pu fournir une formation du parcours (art. 152/8 CWASS)",
  NOT_FINED: "Aucune amende n'est due dans cette procédure",
  ALREADY_PAID: "L'amende est déjà entièrement payée",
  PAYMENT_EXCEEDS_AMOUNT_DUE: 'Le paiement dépasse le montant restant dû',
  APPEAL_ALREADY_LODGED: 'Un recours a déjà été introduit',
  NO_APPEAL_LODGED: "Aucun recours n'a été introduit",
  APPEAL_ALREADY_DECIDED: 'Le recours a déjà été tranché',
  APPEAL_PENDING: 'Un recours est en cours',
  PROCEDURE_NOT_CLOSABLE: 'La procédure ne peut pas encore être clôturée',
  WITHDRAWAL_REASON_REQUIRED: 'Le motif du retrait est requis',
} as const;

export type SanctionErrorCode = keyof typeof SANCTION_ERROR_TITLES;

export const SANCTION_ERROR_CODES = Object.keys(SANCTION_ERROR_TITLES) as readonly SanctionErrorCode[];

export class SanctionDomainError extends Error {
  readonly title: string;

  constructor(
    readonly code: SanctionErrorCode,
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'SanctionDomainError';
    this.title = SANCTION_ERROR_TITLES[code];
  }
}

export function isSanctionDomainError(error: unknown): error is SanctionDomainError {
  return error instanceof SanctionDomainError;
}
