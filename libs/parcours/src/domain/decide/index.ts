/**
 * decide(command, state, ctx): every rule of the parcours, as a table of handlers, one per command, grouped
 * in files by step of the parcours (opening, accueil, training, delays, attestation, lifecycle,
 * nationality, corrections — the spec files follow the same groups). Returns the events to append, [] when the command
 * changes nothing (the same command again), or throws a DomainError (code + facts, rendered in French by
 * messages/errors.fr.ts). Time comes in `ctx.today` (the injected clock); ids and actor come with the
 * command / metadata. Commands arrive typed and shape-checked (the API's DTOs); handlers check rules only.
 * After opening, no rule reads a personal field (see personal-data.ts), except a correction of the facts or the person,
 * which runs the opening's computation again (corrections.ts).
 */
import { isValidDate } from '@app/calendar';
import type { ParcoursCommand, ParcoursCommandType } from '../commands';
import { DomainError } from '../errors';
import type { ParcoursEvent } from '../events';
import type { ParcoursState } from '../state';
import { accueilHandlers } from './accueil';
import { attestationHandlers } from './attestation';
import { correctionHandlers } from './corrections';
import type { CommandOf, DecideContext, Handler, Handlers, StateFor } from './context';
import { delayHandlers } from './delays';
import { lifecycleHandlers } from './lifecycle';
import { nationalityHandlers } from './nationality';
import { openingHandlers } from './opening';
import { trainingHandlers } from './training';

export type { DecideContext, Handler } from './context';

/** Every command has exactly one handler: the compiler refuses a missing or an unknown one. */
export const PARCOURS_HANDLERS: Handlers<ParcoursCommandType> = {
  ...openingHandlers,
  ...accueilHandlers,
  ...trainingHandlers,
  ...delayHandlers,
  ...attestationHandlers,
  ...lifecycleHandlers,
  ...nationalityHandlers,
  ...correctionHandlers,
};

export function decide(command: ParcoursCommand, state: ParcoursState, ctx: DecideContext): ParcoursEvent[] {
  if (!isValidDate(ctx.today))
    throw new Error(`DecideContext.today must be a YYYY-MM-DD date, got ${JSON.stringify(ctx.today)}`);
  const handler = PARCOURS_HANDLERS[command.type] as Handler<ParcoursCommandType> | undefined;
  if (handler === undefined) throw new Error(`Unknown parcours command: ${JSON.stringify(command.type)}`);
  return run(handler, command, actingState(command.type, state), ctx);
}

/** The state a command may act on, or the refusal that says why there is none. */
function actingState<K extends ParcoursCommandType>(type: K, state: ParcoursState): StateFor<K> {
  if (type === 'OpenParcours') {
    if (state.status !== 'none') throw new DomainError('PARCOURS_ALREADY_EXISTS');
    return state as StateFor<K>;
  }
  if (state.status === 'none') throw new DomainError('PARCOURS_NOT_FOUND');
  if (state.status === 'closed') throw new DomainError('PARCOURS_CLOSED', { closedOn: state.closure.date });
  return state as StateFor<K>;
}

function run<K extends ParcoursCommandType>(
  handler: Handler<K>,
  command: CommandOf<K>,
  state: StateFor<K>,
  ctx: DecideContext,
): ParcoursEvent[] {
  if (handler.recorded?.(command, state)) return [];
  return handler.decide(command, state, ctx);
}
