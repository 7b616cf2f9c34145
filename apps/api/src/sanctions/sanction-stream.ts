import { fold, type EventStore, type RecordedEvent } from '@app/event-store';
import {
  evolveSanction,
  initialSanctionState,
  SANCTION_EVENT_TYPES,
  type SanctionEvent,
  type SanctionState,
} from '@app/sanctions';
import { isUUID } from 'class-validator';

export const sanctionStreamId = (procedureId: string): string => `sanction-${procedureId}`;

const DOMAIN_TYPES = new Set<string>(SANCTION_EVENT_TYPES);

/** The domain folds only its own events (an application event on the stream would be skipped). */
export const evolveProcedure = (state: SanctionState, event: SanctionEvent): SanctionState =>
  DOMAIN_TYPES.has(event.type) ? evolveSanction(state, event) : state;

export const isProcedureId = (id: string): boolean => isUUID(id);

export async function loadProcedure(
  store: EventStore,
  procedureId: string,
): Promise<{ state: SanctionState; events: RecordedEvent[] }> {
  if (!isProcedureId(procedureId)) return { state: initialSanctionState, events: [] };
  const events = await store.readStream(sanctionStreamId(procedureId));
  return { state: fold(events, initialSanctionState, evolveProcedure), events };
}
