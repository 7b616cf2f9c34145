import { fold, type EventStore, type RecordedEvent } from '@app/event-store';
import { evolve, initialParcoursState, PARCOURS_EVENT_TYPES, type ParcoursEvent, type ParcoursState } from '@app/parcours';
import { isUUID } from 'class-validator';

export const parcoursStreamId = (parcoursId: string): string => `parcours-${parcoursId}`;

const DOMAIN_TYPES = new Set<string>(PARCOURS_EVENT_TYPES);

/** The domain folds only its own events; application events on the stream (erasure) are skipped. */
export const evolveParcours = (state: ParcoursState, event: ParcoursEvent): ParcoursState =>
  DOMAIN_TYPES.has(event.type) ? evolve(state, event) : state;

export const isParcoursId = (id: string): boolean => isUUID(id);

export async function loadParcours(store: EventStore, parcoursId: string): Promise<{ state: ParcoursState; events: RecordedEvent[] }> {
  if (!isParcoursId(parcoursId)) return { state: initialParcoursState, events: [] };
  const events = await store.readStream(parcoursStreamId(parcoursId));
  return { state: fold(events, initialParcoursState, evolveParcours), events };
}
