/**
 * The decision: a fine within the regime's range, after the person could answer and only if the Region
 * provided the training (art. 152/8 CWASS); or a dismissal with its reason.
 */
import { isAfter } from '@app/calendar';
import { blockingUnavailability } from '../parcours-facts';
import type { DecideSanction } from '../sanction.commands';
import { SanctionDomainError } from '../sanction.errors';
import type { SanctionEvent } from '../sanction.events';
import { toCents } from '../sanction.state';
import { recordOn, type ActiveProcedure, type SanctionDecideContext, type SanctionHandlers } from './context';
import { hasText, stepDate, textOrNull, undecided } from './guards';

type Notice = NonNullable<ActiveProcedure['notice']>;

export const decisionHandlers: SanctionHandlers<'DecideSanction'> = {
  DecideSanction(command, state, ctx) {
    undecided(state);
    const notice = state.notice;
    if (!notice) throw new SanctionDomainError('NOTICE_NOT_SENT', { attempted: 'decision' });
    stepDate(command.data.decidedOn, 'decidedOn', state, ctx);
    switch (command.data.outcome) {
      case 'fine':
        return fine(command.data, state, notice, ctx);
      case 'dismissed':
        return dismiss(command.data, state);
      default: {
        const unhandled: never = command.data.outcome;
        throw new Error(`Unknown decision outcome: ${String(unhandled)}`);
      }
    }
  },
};

function fine(
  { decidedOn, amount, reason, comment }: DecideSanction['data'],
  state: ActiveProcedure,
  notice: Notice,
  ctx: SanctionDecideContext,
): SanctionEvent[] {
  if (reason !== undefined)
    throw new SanctionDomainError('INVALID_DECISION', { conflict: 'reason-with-fine' });
  // Art. 152/8 CWASS comes first: when it applies, no amount could be right.
  const periods = blockingUnavailability(
    state.breach,
    { from: state.deadline.anchorOn, to: state.deadline.dueOn },
    ctx.parcours.trainingUnavailability,
  );
  if (periods.length > 0) throw new SanctionDomainError('TRAINING_UNAVAILABLE', { periods });
  // Right to be heard: a fine waits for the defence or the end of the response period.
  if (state.defences.length === 0 && !isAfter(decidedOn, notice.respondBy))
    throw new SanctionDomainError('RESPONSE_PERIOD_NOT_ELAPSED', { respondBy: notice.respondBy });
  if (amount === undefined || amount === null)
    throw new SanctionDomainError('FINE_AMOUNT_REQUIRED', { for: 'fine' });
  const { regimeId, fineRange } = ctx.parcours;
  if (toCents(amount) < toCents(fineRange.min) || toCents(amount) > toCents(fineRange.max))
    throw new SanctionDomainError('FINE_OUT_OF_RANGE', {
      amount,
      min: fineRange.min,
      max: fineRange.max,
      regimeId,
    });
  return recordOn(state, 'SanctionFineImposed', {
    decidedOn,
    amount,
    regimeId,
    fineRange: { min: fineRange.min, max: fineRange.max },
    comment: textOrNull(comment),
  });
}

function dismiss(
  { decidedOn, amount, reason, comment }: DecideSanction['data'],
  state: ActiveProcedure,
): SanctionEvent[] {
  if (amount !== undefined)
    throw new SanctionDomainError('INVALID_DECISION', { conflict: 'amount-with-dismissal' });
  if (reason === undefined || reason === null)
    throw new SanctionDomainError('DISMISSAL_REASON_REQUIRED', { reason: null });
  if (reason === 'other' && !hasText(comment))
    throw new SanctionDomainError('DISMISSAL_REASON_REQUIRED', { reason: 'other' });
  return recordOn(state, 'SanctionProcedureDismissed', { decidedOn, reason, comment: textOrNull(comment) });
}
