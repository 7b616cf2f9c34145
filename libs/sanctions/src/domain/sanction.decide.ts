import type {
  CloseProcedure,
  DecideSanction,
  OpenSanctionProcedure,
  RecordAppeal,
  RecordAppealOutcome,
  RecordDefence,
  RecordPayment,
  SanctionCommand,
  SendNotice,
  WithdrawProcedure,
} from './sanction.commands';
import { APPEAL_OUTCOMES, DISMISSAL_REASONS } from './sanction.commands';
import { SanctionDomainError } from './sanction.errors';
import type { SanctionEvent } from './sanction.events';
import type { SanctionProcedure, SanctionState } from './sanction.state';
import { isFullyPaid, toCents, toEuros } from './sanction.state';
import type { ParcoursFacts } from './parcours-facts';
import { BREACHES, blockingUnavailability, isOverdueAt } from './parcours-facts';
import {
  addDays,
  diffDays,
  formatDateFr,
  isAfter,
  isBefore,
  isValidDate,
} from '@app/calendar';
import { formatEuro } from './money';

export type SanctionDecideContext = {
  /** Today, from the injected clock ('YYYY-MM-DD'): no step may be dated after it. */
  today: string;
  /** Default response period of a notice, in days (config, unverified: 30 by default). */
  noticeResponseDays: number;
  /** The facts of the procedure's parcours, filled by the command handler (see ParcoursFacts). */
  parcours: ParcoursFacts;
};

/**
 * Decides what a command on one sanction procedure records. Pure: same command, state and context → same events.
 * Every rule lives here; a refused command throws a SanctionDomainError. A context that cannot be right (bad
 * `today`, facts of another parcours) is a programming error and throws a plain Error.
 */
export function decideSanction(
  command: SanctionCommand,
  state: SanctionState,
  ctx: SanctionDecideContext,
): SanctionEvent[] {
  assertContext(ctx);
  if (command.type === 'OpenSanctionProcedure') return open(command, state, ctx);

  if (state.status === 'none') throw new SanctionDomainError('PROCEDURE_NOT_FOUND');
  if (state.parcoursId !== ctx.parcours.parcoursId) {
    throw new Error(
      `ParcoursFacts of ${ctx.parcours.parcoursId} given for procedure ${state.procedureId} of ${state.parcoursId}`,
    );
  }
  if (state.status === 'closed') {
    throw new SanctionDomainError(
      'PROCEDURE_CLOSED',
      `La procédure a été clôturée le ${formatDateFr(state.closedOn ?? state.lastStepOn)}.`,
    );
  }

  switch (command.type) {
    case 'SendNotice':
      return sendNotice(command, state, ctx);
    case 'RecordDefence':
      return recordDefence(command, state, ctx);
    case 'DecideSanction':
      return decide(command, state, ctx);
    case 'RecordPayment':
      return recordPayment(command, state, ctx);
    case 'RecordAppeal':
      return recordAppeal(command, state, ctx);
    case 'RecordAppealOutcome':
      return recordAppealOutcome(command, state, ctx);
    case 'WithdrawProcedure':
      return withdraw(command, state, ctx);
    case 'CloseProcedure':
      return close(command, state, ctx);
    default: {
      const unhandled: never = command;
      throw new Error(`Unknown sanction command: ${JSON.stringify(unhandled)}`);
    }
  }
}

function assertContext(ctx: SanctionDecideContext): void {
  if (!isValidDate(ctx.today))
    throw new Error(`SanctionDecideContext.today is not a date: ${String(ctx.today)}`);
  if (!Number.isInteger(ctx.noticeResponseDays) || ctx.noticeResponseDays < 1) {
    throw new Error(
      `SanctionDecideContext.noticeResponseDays must be a positive integer: ${ctx.noticeResponseDays}`,
    );
  }
}

// ---- dates ---------------------------------------------------------------------------------------------------

/** A valid date, not after today. */
function checkDate(date: string, ctx: SanctionDecideContext, field: string): void {
  if (!isValidDate(date)) {
    throw new SanctionDomainError(
      'INVALID_DATE',
      `${field} : « ${String(date)} » n'est pas une date AAAA-MM-JJ.`,
    );
  }
  if (isAfter(date, ctx.today)) {
    throw new SanctionDomainError(
      'DATE_IN_FUTURE',
      `${field} : le ${formatDateFr(date)} est postérieur à aujourd'hui (${formatDateFr(ctx.today)}).`,
    );
  }
}

/** A valid past date, not before the latest step of the procedure (steps are recorded in their order). */
function checkStepDate(
  date: string,
  state: SanctionProcedure,
  ctx: SanctionDecideContext,
  field: string,
): void {
  checkDate(date, ctx, field);
  if (isBefore(date, state.lastStepOn)) {
    throw new SanctionDomainError(
      'DATE_BEFORE_PREVIOUS_STEP',
      `${field} : le ${formatDateFr(date)} est antérieur à la dernière étape de la procédure (${formatDateFr(state.lastStepOn)}).`,
    );
  }
}

// ---- amounts -------------------------------------------------------------------------------------------------

/** Euros, strictly positive, at most two decimals. */
function isValidAmount(amount: unknown): amount is number {
  return (
    typeof amount === 'number' &&
    Number.isFinite(amount) &&
    amount > 0 &&
    Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6
  );
}

function checkAmount(amount: unknown, field: string): number {
  if (!isValidAmount(amount)) {
    throw new SanctionDomainError(
      'INVALID_AMOUNT',
      `${field} : le montant doit être un nombre d'euros positif, avec au plus deux décimales.`,
    );
  }
  return amount;
}

const hasText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;
const textOrNull = (value: unknown): string | null => (hasText(value) ? value : null);

// ---- commands ------------------------------------------------------------------------------------------------

function open(
  command: OpenSanctionProcedure,
  state: SanctionState,
  ctx: SanctionDecideContext,
): SanctionEvent[] {
  const { procedureId, parcoursId, breach, reportedOn } = command.data;
  if (state.status !== 'none') throw new SanctionDomainError('PROCEDURE_ALREADY_EXISTS');
  if (!BREACHES.includes(breach)) throw new Error(`Unknown breach: ${String(breach)}`);
  const parcours = ctx.parcours;
  if (parcours.parcoursId !== parcoursId) {
    throw new Error(`ParcoursFacts of ${parcours.parcoursId} given to open a procedure on ${parcoursId}`);
  }
  checkDate(reportedOn, ctx, 'reportedOn');

  if (parcours.status === 'closed') throw new SanctionDomainError('PARCOURS_CLOSED');
  if (parcours.obligation !== 'obliged') {
    throw new SanctionDomainError(
      'PARCOURS_NOT_OBLIGED',
      parcours.obligation === 'dispensed'
        ? 'La personne est dispensée : aucune sanction ne peut être poursuivie.'
        : 'La personne suit le parcours volontairement : ni délai ni sanction.',
    );
  }
  const deadline = parcours.deadlines[breach];
  if (!isOverdueAt(deadline, reportedOn) || deadline.dueOn === null) {
    throw new SanctionDomainError('BREACH_NOT_OVERDUE', notOverdueDetail(breach, deadline, reportedOn));
  }

  return [
    {
      type: 'SanctionProcedureOpened',
      data: {
        procedureId,
        parcoursId,
        criCode: parcours.criCode,
        breach,
        reportedOn,
        regimeId: parcours.regimeId,
        deadline: {
          anchorOn: deadline.anchorOn,
          dueOn: deadline.dueOn,
          explanation: [...deadline.explanation],
        },
      },
    },
  ];
}

function notOverdueDetail(
  breach: OpenSanctionProcedure['data']['breach'],
  deadline: ParcoursFacts['deadlines']['presentation'],
  reportedOn: string,
): string {
  const what =
    breach === 'presentation' ? "de présentation au bureau d'accueil" : "d'obtention de l'attestation";
  const at = formatDateFr(reportedOn);
  if (deadline.dueOn === null) return `Le parcours n'a pas de délai ${what}.`;
  if (deadline.suspended) return `Le délai ${what} était suspendu le ${at}.`;
  if (deadline.metOn !== null && !isAfter(deadline.metOn, reportedOn)) {
    return `L'obligation ${what} a été remplie le ${formatDateFr(deadline.metOn)}.`;
  }
  return `Le délai ${what} court jusqu'au ${formatDateFr(deadline.dueOn)} inclus ; il n'était pas dépassé le ${at}.`;
}

function sendNotice(
  command: SendNotice,
  state: SanctionProcedure,
  ctx: SanctionDecideContext,
): SanctionEvent[] {
  const { sentOn } = command.data;
  checkStepDate(sentOn, state, ctx, 'sentOn');
  if (state.decision) throw new SanctionDomainError('ALREADY_DECIDED');
  const respondBy = command.data.respondBy ?? addDays(sentOn, ctx.noticeResponseDays);
  if (!isValidDate(respondBy)) {
    throw new SanctionDomainError(
      'INVALID_DATE',
      `respondBy : « ${String(respondBy)} » n'est pas une date AAAA-MM-JJ.`,
    );
  }
  if (!isAfter(respondBy, sentOn)) {
    throw new SanctionDomainError(
      'INVALID_RESPONSE_DEADLINE',
      `Réponse attendue pour le ${formatDateFr(respondBy)}, notification envoyée le ${formatDateFr(sentOn)}.`,
    );
  }
  return [
    {
      type: 'SanctionNoticeSent',
      data: { procedureId: state.procedureId, sentOn, respondBy, responseDays: diffDays(sentOn, respondBy) },
    },
  ];
}

function recordDefence(
  command: RecordDefence,
  state: SanctionProcedure,
  ctx: SanctionDecideContext,
): SanctionEvent[] {
  const { receivedOn } = command.data;
  if (!state.notice)
    throw new SanctionDomainError('NOTICE_NOT_SENT', 'Une défense répond à une notification.');
  if (state.decision) throw new SanctionDomainError('ALREADY_DECIDED');
  checkStepDate(receivedOn, state, ctx, 'receivedOn');
  return [
    {
      type: 'SanctionDefenceReceived',
      data: {
        procedureId: state.procedureId,
        receivedOn,
        summary: textOrNull(command.data.summary),
        late: isAfter(receivedOn, state.notice.respondBy),
      },
    },
  ];
}

function decide(
  command: DecideSanction,
  state: SanctionProcedure,
  ctx: SanctionDecideContext,
): SanctionEvent[] {
  const { decidedOn, outcome, amount, reason, comment } = command.data;
  if (state.decision) throw new SanctionDomainError('ALREADY_DECIDED');
  const notice = state.notice;
  if (!notice) {
    throw new SanctionDomainError(
      'NOTICE_NOT_SENT',
      'Aucune décision avant la notification des faits à la personne.',
    );
  }
  checkStepDate(decidedOn, state, ctx, 'decidedOn');

  switch (outcome) {
    case 'fine':
      return fine(state, notice, ctx, decidedOn, amount, reason, comment);
    case 'dismissed':
      return dismiss(state, decidedOn, amount, reason, comment);
    default: {
      const unhandled: never = outcome;
      throw new SanctionDomainError('INVALID_DECISION', `Issue inconnue : « ${String(unhandled)} ».`);
    }
  }
}

function fine(
  state: SanctionProcedure,
  notice: NonNullable<SanctionProcedure['notice']>,
  ctx: SanctionDecideContext,
  decidedOn: string,
  amount: number | undefined,
  reason: unknown,
  comment: string | undefined,
): SanctionEvent[] {
  if (reason !== undefined) {
    throw new SanctionDomainError(
      'INVALID_DECISION',
      "Un motif de classement ne s'applique pas à une amende.",
    );
  }
  // Art. 152/8 CWASS comes first: when it applies, no amount could be right.
  const blocking = blockingUnavailability(
    state.breach,
    { from: state.deadline.anchorOn, to: state.deadline.dueOn },
    ctx.parcours.trainingUnavailability,
  );
  if (blocking.length > 0) {
    throw new SanctionDomainError(
      'TRAINING_UNAVAILABLE',
      `${blocking.map(describePeriod).join(' ; ')}. Classez la procédure sans suite (motif : formation indisponible).`,
    );
  }
  // Right to be heard: a fine waits for the defence or the end of the response period.
  if (state.defences.length === 0 && !isAfter(decidedOn, notice.respondBy)) {
    throw new SanctionDomainError(
      'RESPONSE_PERIOD_NOT_ELAPSED',
      `La personne peut répondre jusqu'au ${formatDateFr(notice.respondBy)} inclus.`,
    );
  }
  if (amount === undefined || amount === null) throw new SanctionDomainError('FINE_AMOUNT_REQUIRED');
  const euros = checkAmount(amount, 'amount');
  const range = ctx.parcours.fineRange;
  if (toCents(euros) < toCents(range.min) || toCents(euros) > toCents(range.max)) {
    throw new SanctionDomainError(
      'FINE_OUT_OF_RANGE',
      `Le montant doit être compris entre ${formatEuro(range.min)} et ${formatEuro(range.max)} (régime ${ctx.parcours.regimeId}) ; ${formatEuro(euros)} demandé.`,
    );
  }
  return [
    {
      type: 'SanctionFineImposed',
      data: {
        procedureId: state.procedureId,
        decidedOn,
        amount: euros,
        regimeId: ctx.parcours.regimeId,
        fineRange: { min: range.min, max: range.max },
        comment: textOrNull(comment),
      },
    },
  ];
}

function describePeriod(p: ParcoursFacts['trainingUnavailability'][number]): string {
  const axis = {
    french: 'français (FLE)',
    citizenship: 'citoyenneté',
    isp: 'orientation socioprofessionnelle',
  }[p.axis];
  const to = p.to === null ? 'sans date de fin' : `au ${formatDateFr(p.to)}`;
  return `Formation ${axis} indisponible du ${formatDateFr(p.from)} ${to}`;
}

function dismiss(
  state: SanctionProcedure,
  decidedOn: string,
  amount: number | undefined,
  reason: DecideSanction['data']['reason'],
  comment: string | undefined,
): SanctionEvent[] {
  if (amount !== undefined) {
    throw new SanctionDomainError('INVALID_DECISION', 'Un classement sans suite ne comporte pas de montant.');
  }
  if (reason === undefined || reason === null) {
    throw new SanctionDomainError(
      'DISMISSAL_REASON_REQUIRED',
      'Motifs possibles : régularisé, dispensé, formation indisponible, autre.',
    );
  }
  if (!DISMISSAL_REASONS.includes(reason)) {
    throw new SanctionDomainError('INVALID_DECISION', `Motif de classement inconnu : « ${String(reason)} ».`);
  }
  if (reason === 'other' && !hasText(comment)) {
    throw new SanctionDomainError(
      'DISMISSAL_REASON_REQUIRED',
      'Le motif « autre » doit être précisé (comment).',
    );
  }
  return [
    {
      type: 'SanctionProcedureDismissed',
      data: { procedureId: state.procedureId, decidedOn, reason, comment: textOrNull(comment) },
    },
  ];
}

/** The fine in force: decided, and not annulled on appeal. */
function requireFine(state: SanctionProcedure, what: string): void {
  if (state.decision?.outcome !== 'fine') {
    throw new SanctionDomainError(
      'NOT_FINED',
      state.decision
        ? `La procédure a été classée sans suite : ${what}.`
        : `Aucune décision n'a été prise : ${what}.`,
    );
  }
}

function recordPayment(
  command: RecordPayment,
  state: SanctionProcedure,
  ctx: SanctionDecideContext,
): SanctionEvent[] {
  const { paidOn } = command.data;
  requireFine(state, 'aucun paiement à enregistrer');
  if (state.amountDueCents === 0) {
    throw new SanctionDomainError('NOT_FINED', "L'amende a été annulée sur recours.");
  }
  if (isFullyPaid(state)) throw new SanctionDomainError('ALREADY_PAID');
  checkStepDate(paidOn, state, ctx, 'paidOn');
  const remainingCents = state.amountDueCents - state.paidCents;
  const amount =
    command.data.amount === undefined ? toEuros(remainingCents) : checkAmount(command.data.amount, 'amount');
  if (toCents(amount) > remainingCents) {
    throw new SanctionDomainError(
      'PAYMENT_EXCEEDS_AMOUNT_DUE',
      `Reste dû : ${formatEuro(toEuros(remainingCents))} ; paiement de ${formatEuro(amount)}.`,
    );
  }
  return [{ type: 'SanctionFinePaid', data: { procedureId: state.procedureId, paidOn, amount } }];
}

function recordAppeal(
  command: RecordAppeal,
  state: SanctionProcedure,
  ctx: SanctionDecideContext,
): SanctionEvent[] {
  const { lodgedOn } = command.data;
  requireFine(state, 'un recours vise une amende');
  if (state.appeal) throw new SanctionDomainError('APPEAL_ALREADY_LODGED');
  checkStepDate(lodgedOn, state, ctx, 'lodgedOn');
  return [
    {
      type: 'SanctionAppealLodged',
      data: {
        procedureId: state.procedureId,
        lodgedOn,
        authority: textOrNull(command.data.authority),
        reference: textOrNull(command.data.reference),
      },
    },
  ];
}

function recordAppealOutcome(
  command: RecordAppealOutcome,
  state: SanctionProcedure,
  ctx: SanctionDecideContext,
): SanctionEvent[] {
  const { decidedOn, outcome, amount, comment } = command.data;
  if (!state.appeal) throw new SanctionDomainError('NO_APPEAL_LODGED');
  if (state.appeal.outcome !== null) throw new SanctionDomainError('APPEAL_ALREADY_DECIDED');
  checkStepDate(decidedOn, state, ctx, 'decidedOn');
  if (!APPEAL_OUTCOMES.includes(outcome)) {
    throw new SanctionDomainError('INVALID_DECISION', `Issue de recours inconnue : « ${String(outcome)} ».`);
  }
  let newAmount: number;
  switch (outcome) {
    case 'upheld':
    case 'annulled':
      if (amount !== undefined) {
        throw new SanctionDomainError(
          'INVALID_DECISION',
          'Seule une amende réduite comporte un nouveau montant.',
        );
      }
      newAmount = outcome === 'upheld' ? toEuros(state.amountDueCents) : 0;
      break;
    case 'reduced': {
      if (amount === undefined) {
        throw new SanctionDomainError('FINE_AMOUNT_REQUIRED', 'Indiquez le montant fixé sur recours.');
      }
      const euros = checkAmount(amount, 'amount');
      if (toCents(euros) >= state.amountDueCents) {
        throw new SanctionDomainError(
          'INVALID_AMOUNT',
          `Une amende réduite doit être inférieure à ${formatEuro(toEuros(state.amountDueCents))}.`,
        );
      }
      newAmount = euros;
      break;
    }
    default: {
      const unhandled: never = outcome;
      throw new Error(`Unknown appeal outcome: ${String(unhandled)}`);
    }
  }
  return [
    {
      type: 'SanctionAppealDecided',
      data: {
        procedureId: state.procedureId,
        decidedOn,
        outcome,
        amount: newAmount,
        comment: textOrNull(comment),
      },
    },
  ];
}

function withdraw(
  command: WithdrawProcedure,
  state: SanctionProcedure,
  ctx: SanctionDecideContext,
): SanctionEvent[] {
  const { withdrawnOn, reason } = command.data;
  if (state.decision) {
    throw new SanctionDomainError(
      'ALREADY_DECIDED',
      'Après la décision, la procédure se termine par le paiement, le classement ou le recours.',
    );
  }
  checkStepDate(withdrawnOn, state, ctx, 'withdrawnOn');
  if (!hasText(reason)) throw new SanctionDomainError('WITHDRAWAL_REASON_REQUIRED');
  return [
    { type: 'SanctionProcedureWithdrawn', data: { procedureId: state.procedureId, withdrawnOn, reason } },
  ];
}

function close(
  command: CloseProcedure,
  state: SanctionProcedure,
  ctx: SanctionDecideContext,
): SanctionEvent[] {
  const { closedOn } = command.data;
  const decision = state.decision;
  if (state.appeal && state.appeal.outcome === null) throw new SanctionDomainError('APPEAL_PENDING');
  const closable =
    decision !== null &&
    (decision.outcome === 'dismissed' || state.appeal?.outcome != null || isFullyPaid(state));
  if (!closable) {
    throw new SanctionDomainError(
      'PROCEDURE_NOT_CLOSABLE',
      decision === null
        ? "Aucune décision n'a été prise (pour abandonner la procédure avant décision : retrait)."
        : `L'amende n'est pas entièrement payée : reste dû ${formatEuro(toEuros(state.amountDueCents - state.paidCents))}.`,
    );
  }
  checkStepDate(closedOn, state, ctx, 'closedOn');
  return [
    {
      type: 'SanctionProcedureClosed',
      data: { procedureId: state.procedureId, closedOn, reason: textOrNull(command.data.reason) },
    },
  ];
}
