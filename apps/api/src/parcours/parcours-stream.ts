import { fold, type EventStore, type RecordedEvent } from '@app/event-store';
import {
  CRI_LABELS,
  evolve,
  formatDateFr,
  initialParcoursState,
  isCriCode,
  PARCOURS_EVENT_TYPES,
  skipEvent,
  type ParcoursEvent,
  type ParcoursState,
} from '@app/parcours';
import { isUUID } from 'class-validator';
import { isCriBound, type AuthenticatedUser } from '../auth/roles';
import { AppProblem, notFound } from '../http/problem';

export const parcoursStreamId = (parcoursId: string): string => `parcours-${parcoursId}`;

const DOMAIN_TYPES = new Set<string>(PARCOURS_EVENT_TYPES);

/** The domain folds only its own events; application events on the stream (erasure) only advance the version. */
export const evolveParcours = (state: ParcoursState, event: ParcoursEvent): ParcoursState =>
  DOMAIN_TYPES.has(event.type) ? evolve(state, event) : skipEvent(state);

export const isParcoursId = (id: string): boolean => isUUID(id);

export async function loadParcours(
  store: EventStore,
  parcoursId: string,
): Promise<{ state: ParcoursState; events: RecordedEvent[] }> {
  if (!isParcoursId(parcoursId)) return { state: initialParcoursState, events: [] };
  const events = await store.readStream(parcoursStreamId(parcoursId));
  return { state: fold(events, initialParcoursState, evolveParcours), events };
}

/**
 * The state, if this user may see the case: an unknown case and another CRI's case both answer 404 (existence is not
 * revealed); a case transferred out of the user's CRI answers 410 with where and when it went, nothing personal.
 */
export function inScope(state: ParcoursState, user: AuthenticatedUser): ParcoursState {
  if (state.status === 'none') throw notFound("Ce parcours n'existe pas.");
  if (isCriBound(user) && state.criCode !== user.cri)
    throw transferredAway(state, user.cri) ?? notFound("Ce parcours n'existe pas.");
  return state;
}

/** The problem a former CRI's user gets for a case that left it (domain.md §10: kept by the CRI of the commune). */
export function transferredAway(state: ParcoursState, cri: string | null): AppProblem | null {
  const left = [...state.transfers].reverse().find((t) => t.fromCri === cri);
  if (left === undefined) return null;
  const to = isCriCode(left.toCri) ? CRI_LABELS[left.toCri] : left.toCri;
  return new AppProblem(
    410,
    'PARCOURS_TRANSFERRED',
    `Parcours transféré à ${left.toCri} le ${formatDateFr(left.date)}`,
    `Ce parcours a été transféré le ${formatDateFr(left.date)} à ${to}, qui le suit désormais. Votre centre n'y a plus accès.`,
    { transferredTo: left.toCri, transferredOn: left.date },
  );
}

/** Loads a case the user may see (404 otherwise, also for an id that is not a uuid). */
export async function loadParcoursInScope(
  store: EventStore,
  parcoursId: string,
  user: AuthenticatedUser,
): Promise<{ state: ParcoursState; events: RecordedEvent[] }> {
  const loaded = await loadParcours(store, parcoursId);
  inScope(loaded.state, user);
  return loaded;
}
