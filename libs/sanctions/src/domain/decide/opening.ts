/** Opening a procedure: only for an obliged person, on a breach overdue at the date it is reported. */
import { isAfter } from '@app/calendar';
import { isOverdueAt, type BreachDeadlineFacts } from '../parcours-facts';
import { SanctionDomainError, type SanctionErrorFacts } from '../sanction.errors';
import type { SanctionHandlers } from './context';
import { notFuture } from './guards';

export const openingHandlers: SanctionHandlers<'OpenSanctionProcedure'> = {
  OpenSanctionProcedure(command, _state, ctx) {
    const { procedureId, parcoursId, breach, reportedOn } = command.data;
    const parcours = ctx.parcours;
    if (parcours.parcoursId !== parcoursId)
      throw new Error(`ParcoursFacts of ${parcours.parcoursId} given to open a procedure on ${parcoursId}`);
    notFuture(reportedOn, 'reportedOn', ctx);

    if (parcours.status === 'closed') throw new SanctionDomainError('PARCOURS_CLOSED');
    if (parcours.obligation !== 'obliged')
      throw new SanctionDomainError('PARCOURS_NOT_OBLIGED', { obligation: parcours.obligation });
    const deadline = parcours.deadlines[breach];
    if (!isOverdueAt(deadline, reportedOn) || deadline.dueOn === null)
      throw new SanctionDomainError('BREACH_NOT_OVERDUE', notOverdue(breach, deadline, reportedOn));

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
  },
};

/** Why a breach was not overdue on the day it was reported. */
function notOverdue(
  breach: SanctionErrorFacts['BREACH_NOT_OVERDUE']['breach'],
  deadline: BreachDeadlineFacts,
  reportedOn: string,
): SanctionErrorFacts['BREACH_NOT_OVERDUE'] {
  if (deadline.dueOn === null) return { breach, reportedOn, why: 'no-deadline' };
  if (deadline.suspended) return { breach, reportedOn, why: 'suspended' };
  if (deadline.metOn !== null && !isAfter(deadline.metOn, reportedOn))
    return { breach, reportedOn, why: 'met', metOn: deadline.metOn };
  return { breach, reportedOn, why: 'not-yet-due', dueOn: deadline.dueOn };
}
