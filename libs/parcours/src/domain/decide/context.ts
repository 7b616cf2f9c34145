/** What every handler receives besides the command and the state. */
import type { IsoDate } from '@app/calendar';
import type { ParcoursCommand, ParcoursCommandType } from '../commands';
import type { ParcoursEvent } from '../events';
import type { RuleConfig } from '../rules';
import type { NoParcours, OpenParcoursState } from '../state';

export type DecideContext = {
  /** Today's date from the injected clock ('YYYY-MM-DD'): no business date may be after it. */
  readonly today: IsoDate;
  readonly rules: RuleConfig;
};

export type CommandOf<K extends ParcoursCommandType> = Extract<ParcoursCommand, { readonly type: K }>;

/** The state a command acts on: a stream not opened yet for OpenParcours, an open parcours for every other. */
export type StateFor<K extends ParcoursCommandType> = K extends 'OpenParcours'
  ? NoParcours
  : OpenParcoursState;

/**
 * One command's rules. `recorded`: the state already holds exactly this command, so deciding it again
 * records nothing (`[]`); it compares only what identifies the command (never personal free text).
 * Commands without `recorded` are not deduplicated by content: a second identical period of hours is a
 * real second period, and a retry is recognised by its command id (the application layer).
 */
export type Handler<K extends ParcoursCommandType> = {
  readonly recorded?: (command: CommandOf<K>, state: StateFor<K>) => boolean;
  readonly decide: (command: CommandOf<K>, state: StateFor<K>, ctx: DecideContext) => ParcoursEvent[];
};

export type Handlers<K extends ParcoursCommandType> = { readonly [T in K]: Handler<T> };

type EventOf<T extends ParcoursEvent['type']> = Extract<ParcoursEvent, { readonly type: T }>;

/** The one event a handler records on this parcours: its type and its data, the parcours id added. */
export function recordOn<T extends ParcoursEvent['type']>(
  state: { readonly parcoursId: string },
  type: T,
  data: Omit<EventOf<T>['data'], 'parcoursId'>,
): ParcoursEvent[] {
  return [{ type, data: { parcoursId: state.parcoursId, ...data } } as unknown as EventOf<T>];
}
