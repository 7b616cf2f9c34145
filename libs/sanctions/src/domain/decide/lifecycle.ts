/** Ending a procedure: a withdrawal before any decision, or the closure once nothing is left to do. */
import { isFullyPaid, toEuros } from '../sanction.state';
import { SanctionDomainError } from '../sanction.errors';
import { recordOn, type SanctionHandlers } from './context';
import { stepDate, textOrNull, undecided } from './guards';

export const lifecycleHandlers: SanctionHandlers<'WithdrawProcedure' | 'CloseProcedure'> = {
  WithdrawProcedure(command, state, ctx) {
    const { withdrawnOn, reason } = command.data;
    undecided(state, 'withdrawal');
    stepDate(withdrawnOn, 'withdrawnOn', state, ctx);
    return recordOn(state, 'SanctionProcedureWithdrawn', { withdrawnOn, reason });
  },

  /** Closable after a dismissal, an appeal outcome or a full payment. */
  CloseProcedure(command, state, ctx) {
    const { closedOn } = command.data;
    const decision = state.decision;
    if (state.appeal && state.appeal.outcome === null) throw new SanctionDomainError('APPEAL_PENDING');
    const closable =
      decision !== null &&
      (decision.outcome === 'dismissed' || state.appeal?.outcome != null || isFullyPaid(state));
    if (!closable)
      throw new SanctionDomainError('PROCEDURE_NOT_CLOSABLE', {
        remaining: decision === null ? null : toEuros(state.amountDueCents - state.paidCents),
      });
    stepDate(closedOn, 'closedOn', state, ctx);
    return recordOn(state, 'SanctionProcedureClosed', { closedOn, reason: textOrNull(command.data.reason) });
  },
};
