import { fold, type EventStore, type RecordedEvent } from '@app/event-store';
import { evolve, initialParcoursState, PARCOURS_EVENT_TYPES, skipEvent, type ParcoursEvent, type ParcoursState } from '@app/parcours';
import { isUUID } from 'class-validator';
import { isCriBound, type AuthenticatedUser } from '../auth/roles';
import { notFound } from '../http/problem';

export const parcoursStreamId = (parcoursId: string): string => `parcours-${parcoursId}`;

const DOMAIN_TYPES = new Set<string>(PARCOURS_EVENT_TYPES);

/** The domain folds only its own events; application events on the stream (erasure) only advance the version. */
export const evolveParcours = (state: ParcoursState, event: ParcoursEvent): ParcoursState =>
  DOMAIN_TYPES.has(event.type) ? evolve(state, event) : skipEvent(state);

export const isParcoursId = (id: string): boolean => isUUID(id);

export async function loadParcours(store: EventStore, parcoursId: string): Promise<{ state: ParcoursState; events: RecordedEvent[] }> {
  if (!isParcoursId(parcoursId)) return { state: initialParcoursState, events: [] };
  const events = await store.readStream(parcoursStreamId(parcoursId));
  return { state: fold(events, initialParcoursState, evolveParcours), events };
}

/** The state, if this user may see the case: an unknown case and another CRI's case both answer 404 (existence is not revealed). */
export function inScope(state: ParcoursState, user: AuthenticatedUser): ParcoursState {
  if (state.status === 'none' || (isCriBound(user) && state.criCode !== user.cri)) throw notFound("Ce parcours n'existe pas.");
  return state;
}

/** Loads a case the user may see (404 otherwise, also for an id that is not a uuid). */
export async function loadParcoursInScope(store: EventStore, parcoursId: string, user: AuthenticatedUser): Promise<{ state: ParcoursState; events: RecordedEvent[] }> {
  const loaded = await loadParcours(store, parcoursId);
  inScope(loaded.state, user);
  return loaded;
}
