/** After a fine: payments (instalments allowed), the appeal and its outcome. */
import { toCents, toEuros, isFullyPaid } from '../sanction.state';
import { SanctionDomainError } from '../sanction.errors';
import { recordOn, type SanctionHandlers } from './context';
import { fined, stepDate, textOrNull } from './guards';

export const afterDecisionHandlers: SanctionHandlers<
  'RecordPayment' | 'RecordAppeal' | 'RecordAppealOutcome'
> = {
  RecordPayment(command, state, ctx) {
    const { paidOn } = command.data;
    fined(state, 'payment');
    if (state.amountDueCents === 0)
      throw new SanctionDomainError('NOT_FINED', { why: 'annulled', attempted: 'payment' });
    if (isFullyPaid(state)) throw new SanctionDomainError('ALREADY_PAID');
    stepDate(paidOn, 'paidOn', state, ctx);
    const remainingCents = state.amountDueCents - state.paidCents;
    const amount = command.data.amount ?? toEuros(remainingCents);
    if (toCents(amount) > remainingCents)
      throw new SanctionDomainError('PAYMENT_EXCEEDS_AMOUNT_DUE', {
        amount,
        remaining: toEuros(remainingCents),
      });
    return recordOn(state, 'SanctionFinePaid', { paidOn, amount });
  },

  RecordAppeal(command, state, ctx) {
    const { lodgedOn } = command.data;
    fined(state, 'appeal');
    if (state.appeal) throw new SanctionDomainError('APPEAL_ALREADY_LODGED');
    stepDate(lodgedOn, 'lodgedOn', state, ctx);
    return recordOn(state, 'SanctionAppealLodged', {
      lodgedOn,
      authority: textOrNull(command.data.authority),
      reference: textOrNull(command.data.reference),
    });
  },

  /** A court may go below the regime's minimum: a reduction is only bounded by the fine it reduces. */
  RecordAppealOutcome(command, state, ctx) {
    const { decidedOn, outcome, amount, comment } = command.data;
    if (!state.appeal) throw new SanctionDomainError('NO_APPEAL_LODGED');
    if (state.appeal.outcome !== null) throw new SanctionDomainError('APPEAL_ALREADY_DECIDED');
    stepDate(decidedOn, 'decidedOn', state, ctx);
    let newAmount: number;
    if (outcome === 'reduced') {
      if (amount === undefined) throw new SanctionDomainError('FINE_AMOUNT_REQUIRED', { for: 'reduction' });
      if (toCents(amount) >= state.amountDueCents)
        throw new SanctionDomainError('INVALID_AMOUNT', {
          amount,
          reducedFrom: toEuros(state.amountDueCents),
        });
      newAmount = amount;
    } else {
      if (amount !== undefined)
        throw new SanctionDomainError('INVALID_DECISION', { conflict: 'amount-with-appeal-outcome' });
      newAmount = outcome === 'upheld' ? toEuros(state.amountDueCents) : 0;
    }
    return recordOn(state, 'SanctionAppealDecided', {
      decidedOn,
      outcome,
      amount: newAmount,
      comment: textOrNull(comment),
    });
  },
};
