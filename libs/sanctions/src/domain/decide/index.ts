/**
 * decideSanction(command, state, ctx): every rule of the sanction procedure, as a table of handlers, one per
 * command, grouped in files by stage (opening, notice and defence, decision, after the decision, lifecycle —
 * the spec files follow the same groups). Pure: same command, state and context → same events. A refused
 * command throws a SanctionDomainError (code + facts, rendered in French by messages/errors.fr.ts). A context
 * that cannot be right (bad `today`, facts of another parcours) is a programming error: a plain Error.
 * Commands arrive typed and shape-checked (the API's DTOs); handlers check rules only.
 */
import { isValidDate } from '@app/calendar';
import type { SanctionCommand, SanctionCommandType } from '../sanction.commands';
import { SanctionDomainError } from '../sanction.errors';
import type { SanctionEvent } from '../sanction.events';
import type { SanctionState } from '../sanction.state';
import { afterDecisionHandlers } from './after-decision';
import type {
  ProcedureFor,
  SanctionCommandOf,
  SanctionDecideContext,
  SanctionHandler,
  SanctionHandlers,
} from './context';
import { decisionHandlers } from './decision';
import { lifecycleHandlers } from './lifecycle';
import { noticeDefenceHandlers } from './notice-defence';
import { openingHandlers } from './opening';

export type { ActiveProcedure, SanctionDecideContext, SanctionHandler } from './context';

/** Every command has exactly one handler: the compiler refuses a missing or an unknown one. */
export const SANCTION_HANDLERS: SanctionHandlers<SanctionCommandType> = {
  ...openingHandlers,
  ...noticeDefenceHandlers,
  ...decisionHandlers,
  ...afterDecisionHandlers,
  ...lifecycleHandlers,
};

export function decideSanction(
  command: SanctionCommand,
  state: SanctionState,
  ctx: SanctionDecideContext,
): SanctionEvent[] {
  assertContext(ctx);
  const handler = SANCTION_HANDLERS[command.type] as SanctionHandler<SanctionCommandType> | undefined;
  if (handler === undefined) throw new Error(`Unknown sanction command: ${JSON.stringify(command.type)}`);
  return handler(
    command as SanctionCommandOf<SanctionCommandType>,
    actingState(command.type, state, ctx),
    ctx,
  );
}

function assertContext(ctx: SanctionDecideContext): void {
  if (!isValidDate(ctx.today))
    throw new Error(`SanctionDecideContext.today is not a date: ${String(ctx.today)}`);
  if (!Number.isInteger(ctx.noticeResponseDays) || ctx.noticeResponseDays < 1)
    throw new Error(
      `SanctionDecideContext.noticeResponseDays must be a positive integer: ${ctx.noticeResponseDays}`,
    );
}

/** The state a command may act on, or the refusal that says why there is none. */
function actingState<K extends SanctionCommandType>(
  type: K,
  state: SanctionState,
  ctx: SanctionDecideContext,
): ProcedureFor<K> {
  if (type === 'OpenSanctionProcedure') {
    if (state.status !== 'none') throw new SanctionDomainError('PROCEDURE_ALREADY_EXISTS');
    return state as ProcedureFor<K>;
  }
  if (state.status === 'none') throw new SanctionDomainError('PROCEDURE_NOT_FOUND');
  if (state.parcoursId !== ctx.parcours.parcoursId)
    throw new Error(
      `ParcoursFacts of ${ctx.parcours.parcoursId} given for procedure ${state.procedureId} of ${state.parcoursId}`,
    );
  if (state.status === 'closed')
    throw new SanctionDomainError('PROCEDURE_CLOSED', { closedOn: state.closedOn ?? state.lastStepOn });
  return state as ProcedureFor<K>;
}
