/**
 * The event store port. Both adapters (PostgreSQL, KurrentDB) implement it and pass one contract suite.
 *
 * Version convention (both adapters): a stream's version is the number of events in it; the first event
 * has version 1. KurrentDB's revision is version − 1. Every version and position is a bigint.
 */

/** What the writer expects of the stream before its append. */
export type ExpectedVersion = 'no-stream' | 'exists' | 'any' | bigint;

export interface Actor {
  userId: string;
  username: string;
  role: string;
  /** CRI code for CRI staff, null for regional roles. */
  cri: string | null;
}

export interface EventMetadata {
  commandId: string;
  correlationId: string;
  causationId: string | null;
  actor: Actor;
  /** ISO 8601 instant (UTC) at which the command was handled. */
  recordedAt: string;
  requestId?: string | null;
}

export interface NewEvent<Type extends string = string, Data = Record<string, unknown>> {
  eventId: string;
  type: Type;
  schemaVersion?: number;
  data: Data;
  metadata: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = Record<string, unknown>> {
  eventId: string;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  streamId: string;
  /** Version of the stream once this event is applied (1 for the first event). */
  version: bigint;
  /** Position in the global log; strictly increasing in commit order. */
  globalPosition: bigint;
}

export interface AppendResult {
  streamId: string;
  /** The stream version after the append (the next expected version). */
  version: bigint;
  /** Global position of the last appended event. */
  globalPosition: bigint;
  /** True when every event id was already stored: nothing was written, the first result is returned. */
  duplicate: boolean;
}

export interface ReadAllOptions {
  /** Exclusive lower bound: events with a global position strictly greater are returned. */
  after: bigint;
  limit: number;
  /**
   * Only the events of streams whose id starts with this prefix (the others are skipped, as if absent): a rebuild
   * of a projection that reads few streams does not fetch and decrypt the whole log.
   */
  streamPrefix?: string;
}

export interface EventStore {
  readonly kind: 'postgres' | 'kurrentdb';
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult>;
  /** All events of a stream in version order; [] when the stream does not exist. */
  readStream(streamId: string, options?: { fromVersion?: bigint }): Promise<RecordedEvent[]>;
  /** Events of every stream in global order. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the last event in the log (0n when empty). */
  headPosition(): Promise<bigint>;
  /** Called (without arguments) when new events may be available; returns the unsubscribe function. */
  onAppended(listener: () => void): () => void;
  /** Cheap liveness probe, throws EventStoreUnavailableError when the server cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const describeExpected = (expected: ExpectedVersion): string =>
  typeof expected === 'bigint' ? expected.toString() : expected;
