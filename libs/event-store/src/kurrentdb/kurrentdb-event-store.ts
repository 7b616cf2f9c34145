import { randomUUID } from 'node:crypto';
// Type-only: erased at compile time. The client (and its native addon @kurrent/bridge) is loaded by
// `KurrentDbEventStore.connect` with a dynamic import, so the default PostgreSQL mode never loads it.
import type * as Kurrent from '@kurrent/kurrentdb-client';
import { ConcurrencyError, EventStoreUnavailableError } from '../errors';
import type {
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  RecordedEvent,
} from '../event-store.port';

type KurrentModule = typeof import('@kurrent/kurrentdb-client');
type KurrentClient = Kurrent.KurrentDBClient;
type KurrentRecorded = Kurrent.RecordedEvent;

/** Event metadata key holding NewEvent.schemaVersion (KurrentDB has no column for it). */
export const SCHEMA_VERSION_KEY = '$schemaVersion';
/** Event metadata key holding a random id per append call: tells a duplicate append from a fresh one. */
export const APPEND_ID_KEY = '$appendId';

const U64_UNKNOWN = 2n ** 63n;

export interface KurrentDbEventStoreOptions {
  /**
   * Upper bound of one operation (ms). The client does not always honour its gRPC deadline (an append to a
   * server that accepts the TCP connection but never answers hangs), so every call is also bounded here.
   * Default: the connection string's `defaultDeadline` (10 000 when absent) + 2 000.
   */
  operationTimeoutMs?: number;
  /** Safety net: listeners are also woken this often, in case the live subscription missed something (ms). */
  fallbackPollMs?: number;
  /** Longest wait between two attempts to re-establish the live subscription (ms). */
  maxResubscribeDelayMs?: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

const errorType = (error: unknown): unknown => (error as { type?: unknown } | null)?.type;

const isWrongExpectedVersion = (error: unknown): error is Kurrent.WrongExpectedVersionError =>
  errorType(error) === 'wrong-expected-version';

const isStreamNotFound = (error: unknown): boolean =>
  errorType(error) === 'stream-not-found' || (error instanceof Error && error.name === 'StreamNotFoundError');

const UNAVAILABLE_TYPES = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'not-leader', 'cancelled']);
const UNAVAILABLE_MESSAGE =
  /\b14 UNAVAILABLE\b|\b4 DEADLINE_EXCEEDED\b|\b1 CANCELLED\b|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|No connection established|failed to connect|error trying to connect|transport error|connection refused|Deadline exceeded/i;

/**
 * Whether an error means "the server cannot be reached / did not answer in time". The gRPC write path throws
 * a plain `Error('14 UNAVAILABLE: No connection established…')` with `code: 14`, not the typed
 * `UnavailableError` of the read path (Rust bridge), hence the message and code checks.
 */
export const isKurrentUnavailable = (error: unknown): boolean => {
  if (error instanceof EventStoreUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const type = errorType(error);
  if (typeof type === 'string' && UNAVAILABLE_TYPES.has(type)) return true;
  if (error.name === 'UnavailableError' || error.name === 'DeadlineExceededError') return true;
  const code = (error as { code?: unknown }).code;
  if (code === 14 || code === 4) return true; // gRPC UNAVAILABLE, DEADLINE_EXCEEDED
  return UNAVAILABLE_MESSAGE.test(error.message);
};

/** Commit position as a bigint; null when the server did not give a real one (absent, -1 or u64::MAX). */
const normalisePosition = (raw: bigint | number | string | undefined | null): bigint | null => {
  if (raw === undefined || raw === null) return null;
  const value = BigInt(raw);
  return value < 0n || value >= U64_UNKNOWN ? null : value;
};

const positionOf = (resolved: { event?: KurrentRecorded; commitPosition?: bigint }): bigint | null =>
  normalisePosition(resolved.event?.position?.commit ?? resolved.commitPosition);

const isSystem = (event: KurrentRecorded): boolean =>
  event.type.startsWith('$') || event.streamId.startsWith('$');

const deadlineIn = (url: string): number | null => {
  const match = /[?&]defaultDeadline=(\d+)/i.exec(url);
  return match ? Number(match[1]) : null;
};

const parseData = (event: KurrentRecorded): Record<string, unknown> => {
  const data: unknown = event.data;
  if (isRecord(data)) return data;
  if (data instanceof Uint8Array) {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(data).toString('utf8'));
      return isRecord(parsed) ? parsed : { value: parsed };
    } catch {
      return {};
    }
  }
  return data === undefined ? {} : { value: data };
};

/**
 * KurrentDB (EventStoreDB) event store, through `@kurrent/kurrentdb-client` 1.x.
 *
 * Versions: a stream's version is its number of events; KurrentDB's revision is version − 1.
 * Positions: the commit position of an event in `$all` (only increasing, not gapless: see the contract's
 * `gapless: false`). Events appended through gRPC have commit == prepare position, so one bigint resumes a
 * read exactly; events written in legacy TCP explicit transactions (shared commit position) are not supported.
 * System events (type or stream starting with `$`) are never returned by readAll nor counted by headPosition.
 *
 * Create it with `KurrentDbEventStore.connect(url)`; the constructor is private so that the client module is
 * always loaded lazily.
 */
export class KurrentDbEventStore implements EventStore {
  readonly kind = 'kurrentdb' as const;
  private readonly listeners = new Set<() => void>();
  private subscription: Kurrent.AllStreamSubscription | null = null;
  private resubscribeTimer: NodeJS.Timeout | null = null;
  private fallbackTimer: NodeJS.Timeout | null = null;
  private resubscribeDelay: number;
  private closed = false;
  private readonly timeoutMs: number;
  private readonly fallbackPollMs: number;
  private readonly minResubscribeDelay = 250;
  private readonly maxResubscribeDelay: number;

  private constructor(
    private readonly kurrent: KurrentModule,
    private readonly client: KurrentClient,
    options: KurrentDbEventStoreOptions & { operationTimeoutMs: number },
  ) {
    this.timeoutMs = options.operationTimeoutMs;
    this.fallbackPollMs = options.fallbackPollMs ?? 2000;
    this.maxResubscribeDelay = options.maxResubscribeDelayMs ?? 30000;
    this.resubscribeDelay = this.minResubscribeDelay;
  }

  /**
   * Loads the client (native addon included) and prepares a connection. Connecting is lazy: an unreachable
   * server is reported by the first operation (EventStoreUnavailableError), not here. A malformed connection
   * string throws here.
   */
  static async connect(url: string, options: KurrentDbEventStoreOptions = {}): Promise<KurrentDbEventStore> {
    let kurrent: KurrentModule;
    try {
      kurrent = await import('@kurrent/kurrentdb-client');
    } catch (error) {
      throw new Error(
        `Cannot load @kurrent/kurrentdb-client (it needs the native addon @kurrent/bridge for ${process.platform}-${process.arch}; ` +
          `never install with --omit=optional): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    const client = kurrent.KurrentDBClient.connectionString(url);
    const operationTimeoutMs = options.operationTimeoutMs ?? (deadlineIn(url) ?? 10000) + 2000;
    return new KurrentDbEventStore(kurrent, client, { ...options, operationTimeoutMs });
  }

  // ---------------------------------------------------------------------------------------------- writes

  /**
   * Idempotency: KurrentDB itself ignores an append whose event ids are already the stream's events at the
   * positions implied by the expected version (or, best effort, anywhere in its id cache with 'any'), and
   * answers with the original revision. Its answer does not say it was a duplicate, so every append writes a
   * random `$appendId` into each event's metadata and reads the stream's last event back (one extra, cheap
   * read per append): a different `$appendId` means the events were stored by an earlier call, and we return
   * `duplicate: true` with that first call's version and position.
   * Limits, compared with PostgreSQL:
   * - a retry must give the same expectation as the first call; with another exact version it is a conflict
   *   (ConcurrencyError), not a duplicate;
   * - some but not all ids already stored: KurrentDB answers "wrong expected version" -> ConcurrencyError
   *   (PostgreSQL: DuplicateEventIdError); the same ids in another stream are stored again (ids are only
   *   unique per stream in KurrentDB);
   * - an append that times out client-side has an unknown outcome; retrying it with the same ids and the
   *   same expectation is safe (it then returns duplicate: true if the first one was stored).
   */
  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const streamState = toStreamState(expected);
    const appendId = randomUUID();
    const payload = events.map((event) =>
      this.kurrent.jsonEvent({
        id: event.eventId,
        type: event.type,
        data: event.data as Kurrent.JSONType,
        metadata: {
          ...event.metadata,
          [SCHEMA_VERSION_KEY]: event.schemaVersion ?? 1,
          [APPEND_ID_KEY]: appendId,
        },
      }),
    );
    const lastId = events[events.length - 1].eventId;
    return this.run(
      'append',
      async () => {
        const result = await this.client.appendToStream(streamId, payload, { streamState });
        if (!result.success) throw new Error(`KurrentDB refused the append to ${streamId}`);
        const lastRevision = BigInt(result.nextExpectedRevision);
        const last = await this.readAt(streamId, lastRevision);
        let globalPosition = normalisePosition(result.position?.commit);
        let duplicate = false;
        if (last && last.id === lastId) {
          duplicate = !isRecord(last.metadata) || last.metadata[APPEND_ID_KEY] !== appendId;
          globalPosition = normalisePosition(last.position?.commit) ?? globalPosition;
        }
        if (globalPosition === null) {
          throw new Error(
            `KurrentDB returned no position for the append to ${streamId} (server older than 22.6?)`,
          );
        }
        return { streamId, version: lastRevision + 1n, globalPosition, duplicate };
      },
      { streamId, expected },
    );
  }

  private async readAt(streamId: string, revision: bigint): Promise<KurrentRecorded | null> {
    try {
      for await (const resolved of this.client.readStream(streamId, {
        fromRevision: revision,
        direction: this.kurrent.FORWARDS,
        maxCount: 1,
      })) {
        return resolved.event ?? null;
      }
    } catch (error) {
      if (isStreamNotFound(error)) return null;
      throw error;
    }
    return null;
  }

  // ----------------------------------------------------------------------------------------------- reads

  async readStream(streamId: string, options?: { fromVersion?: bigint }): Promise<RecordedEvent[]> {
    const fromVersion = options?.fromVersion ?? 1n;
    return this.run('readStream', async () => {
      const out: RecordedEvent[] = [];
      try {
        for await (const resolved of this.client.readStream(streamId, {
          fromRevision: fromVersion > 1n ? fromVersion - 1n : this.kurrent.START,
          direction: this.kurrent.FORWARDS,
        })) {
          if (!resolved.event) continue;
          // Stream reads carry the $all position on servers ≥ 22.6; -1n marks "unknown" otherwise.
          out.push(toRecorded(resolved.event, positionOf(resolved) ?? -1n));
        }
      } catch (error) {
        if (isStreamNotFound(error)) return [];
        throw error;
      }
      return out;
    });
  }

  /**
   * The first `limit` non-system events whose commit position is greater than `after`. A $all read from a
   * position includes the event at that position, hence the skip and the +1; system events are filtered by
   * the server (excludeSystemEvents, whose maxCount counts matching events) and again here.
   */
  async readAll({ after, limit, streamPrefix }: ReadAllOptions): Promise<RecordedEvent[]> {
    if (limit <= 0) return [];
    return this.run('readAll', async () => {
      const out: RecordedEvent[] = [];
      let cursor = after;
      let from: Kurrent.ReadPosition = after > 0n ? { commit: after, prepare: after } : this.kurrent.START;
      for (;;) {
        const want = limit - out.length + 1;
        let received = 0;
        let lastSeen: bigint | null = null;
        for await (const resolved of this.client.readAll({
          fromPosition: from,
          direction: this.kurrent.FORWARDS,
          maxCount: want,
          filter: this.kurrent.excludeSystemEvents(),
        })) {
          received += 1;
          const position = positionOf(resolved);
          if (position !== null) lastSeen = position;
          const event = resolved.event;
          if (!event || position === null || position <= cursor || isSystem(event)) continue;
          // (filtered here, not by the server: the read goes on until `limit` events match or the log ends)
          if (streamPrefix !== undefined && !event.streamId.startsWith(streamPrefix)) continue;
          out.push(toRecorded(event, position));
          cursor = position;
          if (out.length >= limit) break;
        }
        if (out.length >= limit || received < want || lastSeen === null) return out;
        const next = lastSeen;
        if (typeof from === 'object' && next <= from.commit) return out; // no progress: never loop forever
        from = { commit: next, prepare: next };
      }
    });
  }

  /** Commit position of the last non-system event, 0n when there is none. */
  async headPosition(): Promise<bigint> {
    const page = 32;
    return this.run('headPosition', async () => {
      let from: Kurrent.ReadPosition = this.kurrent.END;
      for (;;) {
        let received = 0;
        let lastSeen: bigint | null = null;
        for await (const resolved of this.client.readAll({
          fromPosition: from,
          direction: this.kurrent.BACKWARDS,
          maxCount: page,
          filter: this.kurrent.excludeSystemEvents(),
        })) {
          received += 1;
          const position = positionOf(resolved);
          if (position !== null) lastSeen = position;
          if (resolved.event && position !== null && !isSystem(resolved.event)) return position;
        }
        if (received < page || lastSeen === null) return 0n;
        if (typeof from === 'object' && lastSeen >= from.commit) return 0n;
        from = { commit: lastSeen, prepare: lastSeen };
      }
    });
  }

  async ping(): Promise<void> {
    await this.run('ping', async () => {
      for await (const _ of this.client.readAll({
        fromPosition: this.kurrent.END,
        direction: this.kurrent.BACKWARDS,
        maxCount: 1,
      })) {
        break;
      }
    });
  }

  // ------------------------------------------------------------------------------------- notifications

  /**
   * A live `$all` subscription from END (system events excluded) wakes the listeners on every new event;
   * a timer wakes them every `fallbackPollMs` too, so a dropped subscription only delays them. A dropped
   * subscription is re-established with exponential backoff, and wakes everyone once when it is back.
   */
  onAppended(listener: () => void): () => void {
    if (this.closed) return () => undefined;
    this.listeners.add(listener);
    this.ensureSubscribed();
    if (!this.fallbackTimer) {
      this.fallbackTimer = setInterval(() => this.notify(), this.fallbackPollMs);
      this.fallbackTimer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.stopWatching();
    };
  }

  private notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A listener's failure is its own business; the others still get woken.
      }
    }
  }

  private ensureSubscribed(): void {
    if (this.subscription || this.resubscribeTimer || this.closed || this.listeners.size === 0) return;
    let subscription: Kurrent.AllStreamSubscription;
    try {
      subscription = this.client.subscribeToAll({
        fromPosition: this.kurrent.END,
        filter: this.kurrent.excludeSystemEvents(),
      });
    } catch {
      this.scheduleResubscribe();
      return;
    }
    this.subscription = subscription;
    const dropped = (): void => {
      if (this.subscription !== subscription) return;
      this.subscription = null;
      void quietly(() => subscription.unsubscribe());
      this.scheduleResubscribe();
    };
    subscription.on('confirmation', () => {
      this.resubscribeDelay = this.minResubscribeDelay;
      // Events appended while we were not subscribed: wake everyone once.
      this.notify();
    });
    subscription.on('data', (resolved: Kurrent.AllStreamResolvedEvent) => {
      this.resubscribeDelay = this.minResubscribeDelay;
      if (resolved.event && !isSystem(resolved.event)) this.notify();
    });
    // An 'error' listener is what keeps an unreachable server from crashing the process.
    subscription.on('error', dropped);
    subscription.on('end', dropped);
    subscription.on('close', dropped);
  }

  private scheduleResubscribe(): void {
    if (this.closed || this.listeners.size === 0 || this.resubscribeTimer) return;
    const delay = this.resubscribeDelay;
    this.resubscribeDelay = Math.min(delay * 2, this.maxResubscribeDelay);
    this.resubscribeTimer = setTimeout(() => {
      this.resubscribeTimer = null;
      this.ensureSubscribed();
    }, delay);
    this.resubscribeTimer.unref();
  }

  private async stopWatching(): Promise<void> {
    if (this.fallbackTimer) clearInterval(this.fallbackTimer);
    this.fallbackTimer = null;
    if (this.resubscribeTimer) clearTimeout(this.resubscribeTimer);
    this.resubscribeTimer = null;
    this.resubscribeDelay = this.minResubscribeDelay;
    const subscription = this.subscription;
    this.subscription = null;
    if (subscription) await quietly(() => subscription.unsubscribe(), 1000);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.stopWatching();
    await quietly(() => this.client.dispose(), 5000);
  }

  // ------------------------------------------------------------------------------------------- helpers

  /** Runs one operation within the time limit and turns client errors into the port's errors. */
  private async run<T>(
    what: string,
    operation: () => Promise<T>,
    context?: { streamId: string; expected: ExpectedVersion },
  ): Promise<T> {
    if (this.closed) throw new EventStoreUnavailableError('KurrentDB event store is closed');
    let timer: NodeJS.Timeout | undefined;
    const work = Promise.resolve().then(operation);
    // Once the timeout has won, a late rejection of the work must not become an unhandled rejection.
    work.catch(() => undefined);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new EventStoreUnavailableError(`KurrentDB did not answer ${what} within ${this.timeoutMs} ms`),
          ),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([work, timeout]);
    } catch (error) {
      throw translate(error, what, context);
    } finally {
      clearTimeout(timer);
    }
  }
}

const translate = (
  error: unknown,
  what: string,
  context?: { streamId: string; expected: ExpectedVersion },
): unknown => {
  if (error instanceof EventStoreUnavailableError || error instanceof ConcurrencyError) return error;
  if (context && isWrongExpectedVersion(error)) {
    const actual = error.actualState;
    const revision = typeof actual === 'bigint' || typeof actual === 'number' ? BigInt(actual) : null;
    return new ConcurrencyError(
      context.streamId,
      context.expected,
      revision === null || revision < 0n ? null : revision + 1n,
    );
  }
  if (isKurrentUnavailable(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new EventStoreUnavailableError(`KurrentDB unavailable (${what}): ${message}`, { cause: error });
  }
  return error;
};

const toStreamState = (expected: ExpectedVersion): Kurrent.AppendStreamState => {
  switch (expected) {
    case 'no-stream':
      return 'no_stream';
    case 'exists':
      return 'stream_exists';
    case 'any':
      return 'any';
    default:
      if (expected < 0n) throw new RangeError(`expected version must be >= 0, got ${expected}`);
      return expected === 0n ? 'no_stream' : expected - 1n;
  }
};

const toRecorded = (event: KurrentRecorded, globalPosition: bigint): RecordedEvent => {
  const metadata: Record<string, unknown> = isRecord(event.metadata) ? { ...event.metadata } : {};
  const schemaVersion = metadata[SCHEMA_VERSION_KEY];
  delete metadata[SCHEMA_VERSION_KEY];
  delete metadata[APPEND_ID_KEY];
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
    data: parseData(event),
    metadata: metadata as unknown as EventMetadata,
    streamId: event.streamId,
    version: BigInt(event.revision) + 1n,
    globalPosition,
  };
};

/** Awaits a clean-up step, ignoring its failure and giving up after `limitMs`. */
const quietly = async (step: () => Promise<unknown>, limitMs = 1000): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(step),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, limitMs);
        timer.unref();
      }),
    ]);
  } catch {
    // Clean-up failures are not the caller's problem.
  } finally {
    clearTimeout(timer);
  }
};

/** Same as `KurrentDbEventStore.connect`: loads the client lazily and prepares a connection. */
export const createKurrentDbEventStore = (
  url: string,
  options?: KurrentDbEventStoreOptions,
): Promise<KurrentDbEventStore> => KurrentDbEventStore.connect(url, options);
