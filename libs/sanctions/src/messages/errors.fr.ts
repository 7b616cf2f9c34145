/**
 * The French catalogue of the sanction procedure's refusals: the title of each code (fixed) and the detail of
 * one refusal, rendered from the facts the domain error carries. The only place where a sanction refusal
 * becomes prose; the domain holds no French. The compiler checks that every code has its text.
 */
import { formatDateFr as fr } from '@app/calendar';
import type { SanctionDomainError, SanctionErrorCode, SanctionErrorFacts } from '../domain/sanction.errors';
import type { TrainingUnavailabilityPeriod } from '../domain/parcours-facts';
import { formatEuro as euro } from './money';

export const SANCTION_ERROR_TITLES: { readonly [C in SanctionErrorCode]: string } = {
  PROCEDURE_NOT_FOUND: 'Procédure de sanction introuvable',
  PROCEDURE_ALREADY_EXISTS: 'Cette procédure de sanction existe déjà',
  PROCEDURE_CLOSED: 'La procédure de sanction est clôturée',
  PARCOURS_CLOSED: 'Le parcours est clôturé',
  PARCOURS_NOT_OBLIGED: "La personne n'est pas soumise à l'obligation du parcours d'intégration",
  BREACH_NOT_OVERDUE: "Le délai n'était pas dépassé à la date du signalement",
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
};

export const SANCTION_ERROR_CODES = Object.keys(SANCTION_ERROR_TITLES) as readonly SanctionErrorCode[];

type Details = { readonly [C in SanctionErrorCode]: (facts: SanctionErrorFacts[C]) => string | undefined };

const none = (): undefined => undefined;

const BREACH_OBJECT = {
  presentation: "de présentation au bureau d'accueil",
  attestation: "d'obtention de l'attestation",
} as const;

const AXIS_LABELS = {
  french: 'français (FLE)',
  citizenship: 'citoyenneté',
  isp: 'orientation socioprofessionnelle',
} as const;

const describePeriod = (p: TrainingUnavailabilityPeriod): string =>
  `Formation ${AXIS_LABELS[p.axis]} indisponible du ${fr(p.from)} ${p.to === null ? 'sans date de fin' : `au ${fr(p.to)}`}`;

const NOT_FINED_ATTEMPT = {
  payment: 'aucun paiement à enregistrer',
  appeal: 'un recours vise une amende',
} as const;

const DETAILS: Details = {
  PROCEDURE_NOT_FOUND: none,
  PROCEDURE_ALREADY_EXISTS: none,
  PROCEDURE_CLOSED: (f) => `La procédure a été clôturée le ${fr(f.closedOn)}.`,
  PARCOURS_CLOSED: none,
  PARCOURS_NOT_OBLIGED: (f) =>
    f.obligation === 'dispensed'
      ? 'La personne est dispensée : aucune sanction ne peut être poursuivie.'
      : 'La personne suit le parcours volontairement : ni délai ni sanction.',
  BREACH_NOT_OVERDUE: (f) => {
    const what = BREACH_OBJECT[f.breach];
    switch (f.why) {
      case 'no-deadline':
        return `Le parcours n'a pas de délai ${what}.`;
      case 'suspended':
        return `Le délai ${what} était suspendu le ${fr(f.reportedOn)}.`;
      case 'met':
        return `L'obligation ${what} a été remplie le ${fr(f.metOn)}.`;
      case 'not-yet-due':
        return `Le délai ${what} court jusqu'au ${fr(f.dueOn)} inclus ; il n'était pas dépassé le ${fr(f.reportedOn)}.`;
    }
  },
  DATE_IN_FUTURE: (f) => `${f.field} : le ${fr(f.date)} est postérieur à aujourd'hui (${fr(f.today)}).`,
  DATE_BEFORE_PREVIOUS_STEP: (f) =>
    `${f.field} : le ${fr(f.date)} est antérieur à la dernière étape de la procédure (${fr(f.lastStepOn)}).`,
  INVALID_RESPONSE_DEADLINE: (f) =>
    `Réponse attendue pour le ${fr(f.respondBy)}, notification envoyée le ${fr(f.sentOn)}.`,
  NOTICE_NOT_SENT: (f) =>
    f.attempted === 'defence'
      ? 'Une défense répond à une notification.'
      : 'Aucune décision avant la notification des faits à la personne.',
  ALREADY_DECIDED: (f) =>
    f?.attempted === 'withdrawal'
      ? 'Après la décision, la procédure se termine par le paiement, le classement ou le recours.'
      : undefined,
  RESPONSE_PERIOD_NOT_ELAPSED: (f) => `La personne peut répondre jusqu'au ${fr(f.respondBy)} inclus.`,
  INVALID_DECISION: (f) =>
    ({
      'reason-with-fine': "Un motif de classement ne s'applique pas à une amende.",
      'amount-with-dismissal': 'Un classement sans suite ne comporte pas de montant.',
      'amount-with-appeal-outcome': 'Seule une amende réduite comporte un nouveau montant.',
    })[f.conflict],
  FINE_AMOUNT_REQUIRED: (f) => (f.for === 'reduction' ? 'Indiquez le montant fixé sur recours.' : undefined),
  FINE_OUT_OF_RANGE: (f) =>
    `Le montant doit être compris entre ${euro(f.min)} et ${euro(f.max)} (régime ${f.regimeId}) ; ${euro(f.amount)} demandé.`,
  INVALID_AMOUNT: (f) => `Une amende réduite doit être inférieure à ${euro(f.reducedFrom)}.`,
  DISMISSAL_REASON_REQUIRED: (f) =>
    f.reason === 'other'
      ? 'Le motif « autre » doit être précisé (comment).'
      : 'Motifs possibles : régularisé, dispensé, formation indisponible, autre.',
  TRAINING_UNAVAILABLE: (f) =>
    `${f.periods.map(describePeriod).join(' ; ')}. Classez la procédure sans suite (motif : formation indisponible).`,
  NOT_FINED: (f) =>
    f.why === 'annulled'
      ? "L'amende a été annulée sur recours."
      : f.why === 'dismissed'
        ? `La procédure a été classée sans suite : ${NOT_FINED_ATTEMPT[f.attempted]}.`
        : `Aucune décision n'a été prise : ${NOT_FINED_ATTEMPT[f.attempted]}.`,
  ALREADY_PAID: none,
  PAYMENT_EXCEEDS_AMOUNT_DUE: (f) => `Reste dû : ${euro(f.remaining)} ; paiement de ${euro(f.amount)}.`,
  APPEAL_ALREADY_LODGED: none,
  NO_APPEAL_LODGED: none,
  APPEAL_ALREADY_DECIDED: none,
  APPEAL_PENDING: none,
  PROCEDURE_NOT_CLOSABLE: (f) =>
    f.remaining === null
      ? "Aucune décision n'a été prise (pour abandonner la procédure avant décision : retrait)."
      : `L'amende n'est pas entièrement payée : reste dû ${euro(f.remaining)}.`,
};

export type DescribedSanctionError = { readonly title: string; readonly detail?: string };

/** What a user reads of a refusal: the code's title and, when the facts say more, a detail. */
export function describeSanctionError<C extends SanctionErrorCode>(
  error: SanctionDomainError<C>,
): DescribedSanctionError {
  const render = DETAILS[error.code] as (facts: SanctionErrorFacts[C]) => string | undefined;
  const detail = render(error.facts);
  const title = SANCTION_ERROR_TITLES[error.code];
  return detail === undefined ? { title } : { title, detail };
}
