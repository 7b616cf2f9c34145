/** Before the decision: the notice of the facts (its response period) and the person's defence. */
import { addDays, diffDays, isAfter } from '@app/calendar';
import { SanctionDomainError } from '../sanction.errors';
import { recordOn, type SanctionHandlers } from './context';
import { stepDate, textOrNull, undecided } from './guards';

export const noticeDefenceHandlers: SanctionHandlers<'SendNotice' | 'RecordDefence'> = {
  SendNotice(command, state, ctx) {
    const { sentOn } = command.data;
    stepDate(sentOn, 'sentOn', state, ctx);
    undecided(state);
    const respondBy = command.data.respondBy ?? addDays(sentOn, ctx.noticeResponseDays);
    if (!isAfter(respondBy, sentOn))
      throw new SanctionDomainError('INVALID_RESPONSE_DEADLINE', { sentOn, respondBy });
    return recordOn(state, 'SanctionNoticeSent', {
      sentOn,
      respondBy,
      responseDays: diffDays(sentOn, respondBy),
    });
  },

  RecordDefence(command, state, ctx) {
    const { receivedOn } = command.data;
    if (!state.notice) throw new SanctionDomainError('NOTICE_NOT_SENT', { attempted: 'defence' });
    undecided(state);
    stepDate(receivedOn, 'receivedOn', state, ctx);
    return recordOn(state, 'SanctionDefenceReceived', {
      receivedOn,
      summary: textOrNull(command.data.summary),
      late: isAfter(receivedOn, state.notice.respondBy),
    });
  },
};
