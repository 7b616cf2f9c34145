import type { DeadlineKind, DeadlineStatus, ParcoursStage } from '@app/parcours';

/** French words shown to users (exports, dashboards) for the codes of the API. */
export const DEADLINE_KIND_LABELS: Readonly<Record<DeadlineKind, string>> = {
  presentation: "Présentation au bureau d'accueil",
  attestation: 'Attestation de fréquentation',
  evaluation: "Entretien d'évaluation",
};

export const DEADLINE_STATUS_LABELS: Readonly<Record<DeadlineStatus, string>> = {
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

export const STAGE_LABELS: Readonly<Record<Exclude<ParcoursStage, 'none'>, string>> = {
  'awaiting-presentation': 'En attente de présentation',
  accueil: "Module d'accueil",
  training: 'Formations',
  'attestation-issued': 'Attestation délivrée',
  closed: 'Clôturé',
};

export const PARCOURS_STAGES = Object.keys(STAGE_LABELS) as Array<Exclude<ParcoursStage, 'none'>>;
export const OBLIGATIONS = ['obliged', 'voluntary', 'dispensed'] as const;
