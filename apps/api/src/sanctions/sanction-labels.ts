import type {
  AppealOutcome,
  Breach,
  DismissalReason,
  SanctionEventType,
  SanctionStage,
} from '@app/sanctions';

/** French words shown to users for the codes of the sanction procedure. */
export const BREACH_LABELS: Readonly<Record<Breach, string>> = {
  presentation: "Non-présentation au bureau d'accueil dans le délai",
  attestation: 'Attestation de fréquentation non obtenue dans le délai',
};

export const SANCTION_STAGE_LABELS: Readonly<Record<Exclude<SanctionStage, 'none'>, string>> = {
  reported: 'Signalée',
  'notice-sent': 'Notification envoyée',
  'defence-received': 'Défense reçue',
  fined: 'Amende infligée',
  dismissed: 'Classée sans suite',
  appealed: 'Recours en cours',
  'appeal-decided': 'Recours tranché',
  paid: 'Amende payée',
  withdrawn: 'Retirée',
  closed: 'Clôturée',
};

export const SANCTION_STAGES = Object.keys(SANCTION_STAGE_LABELS) as Array<Exclude<SanctionStage, 'none'>>;

/** `?status=`: a stage, or `open` (every procedure not withdrawn nor closed). */
export const SANCTION_LIST_STATUSES = ['open', ...SANCTION_STAGES] as const;

export const DISMISSAL_REASON_LABELS: Readonly<Record<DismissalReason, string>> = {
  regularised: 'situation régularisée',
  dispensed: 'personne dispensée',
  'training-unavailable': 'formation indisponible (art. 152/8 CWASS)',
  other: 'autre motif',
};

export const APPEAL_OUTCOME_LABELS: Readonly<Record<AppealOutcome, string>> = {
  upheld: 'amende confirmée',
  reduced: 'amende réduite',
  annulled: 'amende annulée',
};

export const SANCTION_EVENT_LABELS: Readonly<Record<SanctionEventType, string>> = {
  SanctionProcedureOpened: 'Procédure ouverte (signalement)',
  SanctionNoticeSent: 'Notification envoyée',
  SanctionDefenceReceived: 'Défense reçue',
  SanctionFineImposed: 'Amende infligée',
  SanctionProcedureDismissed: 'Classement sans suite',
  SanctionFinePaid: 'Paiement reçu',
  SanctionAppealLodged: 'Recours introduit',
  SanctionAppealDecided: 'Décision sur recours',
  SanctionProcedureWithdrawn: 'Procédure retirée',
  SanctionProcedureClosed: 'Procédure clôturée',
};
