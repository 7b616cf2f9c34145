/** What every sanction handler receives besides the command and the state. */
import type { IsoDate } from '@app/calendar';
import type { ParcoursFacts } from '../parcours-facts';
import type { SanctionCommand, SanctionCommandType } from '../sanction.commands';
import type { SanctionEvent } from '../sanction.events';
import type { NoSanctionProcedure, SanctionProcedure } from '../sanction.state';

export type SanctionDecideContext = {
  /** Today, from the injected clock ('YYYY-MM-DD'): no step may be dated after it. */
  readonly today: IsoDate;
  /** Default response period of a notice, in days (config, unverified: 30 by default). */
  readonly noticeResponseDays: number;
  /** The facts of the procedure's parcours, filled by the command handler (see ParcoursFacts). */
  readonly parcours: ParcoursFacts;
};

/** A procedure that is neither closed nor withdrawn: the only one a step may be added to. */
export type ActiveProcedure = SanctionProcedure & { readonly status: 'open' };

export type SanctionCommandOf<K extends SanctionCommandType> = Extract<SanctionCommand, { readonly type: K }>;

/** The state a command acts on: no procedure yet for the opening, an active procedure for every other. */
export type ProcedureFor<K extends SanctionCommandType> = K extends 'OpenSanctionProcedure'
  ? NoSanctionProcedure
  : ActiveProcedure;

/** One command's rules: the events it records, or a SanctionDomainError. */
export type SanctionHandler<K extends SanctionCommandType> = (
  command: SanctionCommandOf<K>,
  state: ProcedureFor<K>,
  ctx: SanctionDecideContext,
) => SanctionEvent[];

export type SanctionHandlers<K extends SanctionCommandType> = { readonly [T in K]: SanctionHandler<T> };

type EventOf<T extends SanctionEvent['type']> = Extract<SanctionEvent, { readonly type: T }>;

/** The one event a handler records on this procedure: its type and its data, the procedure id added. */
export function recordOn<T extends SanctionEvent['type']>(
  state: { readonly procedureId: string },
  type: T,
  data: Omit<EventOf<T>['data'], 'procedureId'>,
): SanctionEvent[] {
  return [{ type, data: { procedureId: state.procedureId, ...data } } as unknown as EventOf<T>];
}
