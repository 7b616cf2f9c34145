import { v5 as uuidv5 } from 'uuid';
import { ConcurrencyError } from './errors';
import type { EventMetadata, EventStore, RecordedEvent } from './event-store.port';

/** Namespace for event ids derived from command ids (uuid v5): the same command always yields the same event ids. */
const EVENT_ID_NAMESPACE = '5b0c7f2e-4a7d-4c1e-9a43-6a1f3e0f9c21';

export const eventIdFor = (commandId: string, index: number): string =>
  uuidv5(`${commandId}/${index}`, EVENT_ID_NAMESPACE);

export interface DomainEventLike {
  type: string;
  data: object;
}

export interface HandleOptions<State, Event extends DomainEventLike> {
  streamId: string;
  initialState: State;
  evolve: (state: State, event: Event) => State;
  /**
   * Checked on the current state before anything else, a replayed command included (e.g. the caller may no longer
   * see the stream): throws to refuse.
   */
  authorize?: (state: State) => void;
  /** Pure decision on the current state; `version` is the stream version the state was folded from. */
  decide: (state: State, version: bigint) => Event[];
  commandId: string;
  metadata: Omit<EventMetadata, 'commandId'>;
  /** Client's If-Match: the stream must be at exactly this version, no retry. */
  expectedVersion?: bigint;
  /** Conflicts re-read and re-decide this many times before giving up (decide is pure, so retrying is safe). */
  maxRetries?: number;
}

export interface HandleResult<State, Event> {
  version: bigint;
  /**
   * Global position of the command's last event (of the stream's last event when the command changed nothing): a
   * read model at or past it shows the command (read-your-writes, api.md v2).
   */
  position: bigint;
  events: Event[];
  state: State;
  duplicate: boolean;
}

/** Folds a stream's recorded events into a state. */
export const fold = <State, Event extends DomainEventLike>(
  events: RecordedEvent[],
  initialState: State,
  evolve: (state: State, event: Event) => State,
): State =>
  events.reduce(
    (state, e) => evolve(state, { type: e.type, data: e.data } as unknown as Event),
    initialState,
  );

/**
 * In-process queue per stream: commands on the same stream from this process run one after the other, so they
 * never conflict with each other; conflicts can then only come from other processes, and retries absorb those.
 */
class StreamLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

const streamLocks = new StreamLocks();

/**
 * A command already recorded in the stream (its command id is in the events' metadata) gets the outcome it had:
 * the version after its last event and the state folded up to there, without deciding again. This is what makes a
 * retry after an unknown outcome (timeout, crash, lost connection) answer like the first attempt even when deciding
 * again on today's state would refuse (an opening on an existing stream, a second closure…). The stream is read
 * anyway to decide, so the check costs no extra round trip on either adapter.
 */
/** Whether the stream already holds events of this command. */
export const isRecorded = (recorded: readonly RecordedEvent[], commandId: string): boolean =>
  recorded.some((e) => e.metadata?.commandId === commandId);

function storedOutcome<State, Event extends DomainEventLike>(
  recorded: readonly RecordedEvent[],
  options: HandleOptions<State, Event>,
): HandleResult<State, Event> | null {
  let last = -1;
  for (let i = recorded.length - 1; i >= 0; i--) {
    if (recorded[i].metadata?.commandId === options.commandId) {
      last = i;
      break;
    }
  }
  if (last < 0) return null;
  const upTo = recorded.slice(0, last + 1);
  const events = upTo
    .filter((e) => e.metadata?.commandId === options.commandId)
    .map((e) => ({ type: e.type, data: e.data }) as unknown as Event);
  return {
    version: recorded[last].version,
    position: recorded[last].globalPosition,
    events,
    state: fold(upTo, options.initialState, options.evolve),
    duplicate: true,
  };
}

/**
 * Command handling: read the stream → a command already recorded answers its stored outcome → fold evolve →
 * decide → append with the expected version.
 * A conflict (another writer appended meanwhile) re-reads and re-decides, at most `maxRetries` times.
 * With `expectedVersion` (If-Match) a stale version fails at once. Event ids are derived from the command id, so
 * a command replayed after an unknown outcome (timeout, crash) is stored once.
 */
export function handleCommand<State, Event extends DomainEventLike>(
  store: EventStore,
  options: HandleOptions<State, Event>,
): Promise<HandleResult<State, Event>> {
  return streamLocks.run(options.streamId, () => handleUnlocked(store, options));
}

async function handleUnlocked<State, Event extends DomainEventLike>(
  store: EventStore,
  options: HandleOptions<State, Event>,
): Promise<HandleResult<State, Event>> {
  const maxRetries = options.expectedVersion === undefined ? (options.maxRetries ?? 5) : 0;
  for (let attempt = 0; ; attempt++) {
    const recorded = await store.readStream(options.streamId);
    const replay = storedOutcome(recorded, options);
    if (replay) {
      options.authorize?.(fold(recorded, options.initialState, options.evolve));
      return replay;
    }
    const version = BigInt(recorded.length);
    if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
      throw new ConcurrencyError(options.streamId, options.expectedVersion, recorded.length ? version : null);
    }
    const state = fold(recorded, options.initialState, options.evolve);
    options.authorize?.(state);
    const events = options.decide(state, version);
    if (events.length === 0)
      return { version, position: recorded.at(-1)?.globalPosition ?? 0n, events, state, duplicate: false };
    try {
      const result = await store.append(
        options.streamId,
        events.map((event, index) => ({
          eventId: eventIdFor(options.commandId, index),
          type: event.type,
          data: event.data as Record<string, unknown>,
          metadata: { ...options.metadata, commandId: options.commandId },
        })),
        version === 0n ? 'no-stream' : version,
      );
      const next = events.reduce(options.evolve, state);
      return {
        version: result.version,
        position: result.globalPosition,
        events,
        state: next,
        duplicate: result.duplicate,
      };
    } catch (error) {
      if (error instanceof ConcurrencyError && attempt < maxRetries) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
        continue;
      }
      throw error;
    }
  }
}
