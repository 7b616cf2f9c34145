import { Client, Pool, type PoolClient, type PoolConfig } from 'pg';
import { ConcurrencyError, DuplicateEventIdError, EventStoreUnavailableError } from '../errors';
import { sessionOptions } from './session-limits';
import type {
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  RecordedEvent,
} from '../event-store.port';

/** Transaction-scoped advisory lock key serialising position assignment across processes ("es-append"). */
const APPEND_LOCK_KEY = 0x65732d61;
export const EVENTS_CHANNEL = 'es_events';

interface PendingAppend {
  streamId: string;
  events: readonly NewEvent[];
  expected: ExpectedVersion;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

interface EventRow {
  global_position: string;
  stream_id: string;
  version: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Connections for reads (appends use one dedicated writer connection). */
  poolSize?: number;
  /** Upper bound of events written in one coalesced transaction. */
  maxEventsPerTransaction?: number;
  /** Safety net: subscribers are also woken this often if a notification was lost (ms). */
  fallbackPollMs?: number;
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

export const isConnectionError = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (code && CONNECTION_ERROR_CODES.has(code)) return true;
  return /Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|timeout exceeded when trying to connect|Connection terminated unexpectedly/i.test(
    error.message,
  );
};

const toRecorded = (row: EventRow): RecordedEvent => ({
  eventId: row.event_id,
  type: row.event_type,
  schemaVersion: row.schema_version,
  data: row.data,
  metadata: row.metadata,
  streamId: row.stream_id,
  version: BigInt(row.version),
  globalPosition: BigInt(row.global_position),
});

/**
 * PostgreSQL event store.
 *
 * Global positions are gapless and commit-ordered: they are assigned while holding a transaction-scoped
 * advisory lock, so a transaction that takes position N commits before any transaction can take N+1, and a
 * rolled-back transaction consumes no position. A reader that has seen N has therefore seen every event ≤ N.
 *
 * To keep throughput growing with the number of writers despite that serialisation, appends are queued and
 * every transaction takes all the appends waiting at that moment (group commit). Each append keeps its own
 * expectation check: one that fails is rejected alone; the others of the same transaction commit.
 */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  private readonly queue: PendingAppend[] = [];
  private writing = false;
  private writer: PoolClient | null = null;
  private readonly listeners = new Set<() => void>();
  private listenClient: Client | null = null;
  private listenStarting: Promise<void> | null = null;
  private fallbackTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly maxEvents: number;

  constructor(private readonly options: PostgresEventStoreOptions) {
    const config: PoolConfig = {
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      application_name: 'jalon-event-store',
      options: sessionOptions(),
    };
    this.pool = new Pool(config);
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    this.maxEvents = options.maxEventsPerTransaction ?? 2000;
  }

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new EventStoreUnavailableError('Event store is closed'));
    if (events.length === 0) return Promise.reject(new Error('append needs at least one event'));
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, expected, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch: PendingAppend[] = [];
        let count = 0;
        while (this.queue.length > 0 && (batch.length === 0 || count + this.queue[0].events.length <= this.maxEvents)) {
          const next = this.queue.shift()!;
          count += next.events.length;
          batch.push(next);
        }
        try {
          await this.writeBatch(batch);
        } catch (error) {
          if (batch.length > 1 && !isConnectionError(error)) {
            // One bad append must not fail its neighbours: retry each alone.
            for (const one of batch) {
              await this.writeBatch([one]).catch((e: unknown) => one.reject(this.wrap(e)));
            }
          } else {
            for (const one of batch) one.reject(this.wrap(error));
          }
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private wrap(error: unknown): unknown {
    if (isConnectionError(error)) {
      return new EventStoreUnavailableError('PostgreSQL event store unavailable', { cause: error });
    }
    return error;
  }

  private async getWriter(): Promise<PoolClient> {
    if (this.writer) return this.writer;
    const client = await this.pool.connect();
    client.on('error', () => {
      if (this.writer === client) this.writer = null;
    });
    this.writer = client;
    return client;
  }

  private releaseBrokenWriter(error: unknown): void {
    if (this.writer) {
      this.writer.release(error instanceof Error ? error : true);
      this.writer = null;
    }
  }

  /** Writes a group of appends in one transaction, then settles each append's promise. */
  private async writeBatch(batch: PendingAppend[]): Promise<void> {
    const client = await this.getWriter();
    const settled: Array<() => void> = [];
    try {
      // Explicit, whatever the server's default: positions are assigned under the advisory lock, not by isolation.
      await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY]);

      const streamIds = [...new Set(batch.map((b) => b.streamId))];
      const allIds = batch.flatMap((b) => b.events.map((e) => e.eventId));
      // One connection runs its queries one after the other.
      const versions = await client.query<{ stream_id: string; version: string }>(
        'SELECT stream_id, version FROM es_streams WHERE stream_id = ANY($1::text[])',
        [streamIds],
      );
      const existing = await client.query<{ event_id: string; stream_id: string; version: string; global_position: string }>(
        'SELECT event_id, stream_id, version, global_position FROM es_events WHERE event_id = ANY($1::uuid[])',
        [allIds],
      );
      const head = await client.query<{ head: string }>('SELECT COALESCE(MAX(global_position), 0) AS head FROM es_events');
      const current = new Map<string, bigint>(versions.rows.map((r) => [r.stream_id, BigInt(r.version)]));
      const stored = new Map(existing.rows.map((r) => [r.event_id, r]));
      let position = BigInt(head.rows[0].head);

      const cols = {
        position: [] as string[],
        stream: [] as string[],
        version: [] as string[],
        id: [] as string[],
        type: [] as string[],
        schema: [] as number[],
        data: [] as string[],
        metadata: [] as string[],
        recordedAt: [] as string[],
      };
      const touched = new Map<string, bigint>();
      const seenInBatch = new Set<string>();

      for (const append of batch) {
        const ids = append.events.map((e) => e.eventId);
        const already = ids.filter((id) => stored.has(id));
        if (already.length === ids.length && already.every((id) => stored.get(id)!.stream_id === append.streamId)) {
          const rows = ids.map((id) => stored.get(id)!);
          const last = rows.reduce((a, b) => (BigInt(a.global_position) > BigInt(b.global_position) ? a : b));
          settled.push(() =>
            append.resolve({
              streamId: append.streamId,
              version: BigInt(last.version),
              globalPosition: BigInt(last.global_position),
              duplicate: true,
            }),
          );
          continue;
        }
        if (already.length > 0 || ids.some((id) => seenInBatch.has(id)) || new Set(ids).size !== ids.length) {
          settled.push(() => append.reject(new DuplicateEventIdError(append.streamId, already.length ? already : ids)));
          continue;
        }
        const actual = current.get(append.streamId) ?? null;
        if (!expectationHolds(append.expected, actual)) {
          settled.push(() => append.reject(new ConcurrencyError(append.streamId, append.expected, actual)));
          continue;
        }
        let version = actual ?? 0n;
        for (const event of append.events) {
          version += 1n;
          position += 1n;
          seenInBatch.add(event.eventId);
          cols.position.push(position.toString());
          cols.stream.push(append.streamId);
          cols.version.push(version.toString());
          cols.id.push(event.eventId);
          cols.type.push(event.type);
          cols.schema.push(event.schemaVersion ?? 1);
          cols.data.push(JSON.stringify(event.data));
          cols.metadata.push(JSON.stringify(event.metadata));
          cols.recordedAt.push(event.metadata.recordedAt);
        }
        current.set(append.streamId, version);
        touched.set(append.streamId, version);
        const result: AppendResult = { streamId: append.streamId, version, globalPosition: position, duplicate: false };
        settled.push(() => append.resolve(result));
      }

      if (cols.id.length > 0) {
        await client.query(
          `INSERT INTO es_events (global_position, stream_id, version, event_id, event_type, schema_version, data, metadata, recorded_at)
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::uuid[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[], $9::timestamptz[])`,
          [cols.position, cols.stream, cols.version, cols.id, cols.type, cols.schema, cols.data, cols.metadata, cols.recordedAt],
        );
        await client.query(
          `INSERT INTO es_streams (stream_id, version) SELECT * FROM unnest($1::text[], $2::bigint[])
           ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, updated_at = now()`,
          [[...touched.keys()], [...touched.values()].map(String)],
        );
        await client.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, position.toString()]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (isConnectionError(error)) this.releaseBrokenWriter(error);
      throw error;
    }
    for (const settle of settled) settle();
  }

  async readStream(streamId: string, options?: { fromVersion?: bigint }): Promise<RecordedEvent[]> {
    const rows = await this.query<EventRow>(
      `SELECT global_position, stream_id, version, event_id, event_type, schema_version, data, metadata
         FROM es_events WHERE stream_id = $1 AND version >= $2 ORDER BY version`,
      [streamId, (options?.fromVersion ?? 1n).toString()],
    );
    return rows.map(toRecorded);
  }

  async readAll({ after, limit, streamPrefix }: ReadAllOptions): Promise<RecordedEvent[]> {
    const rows = await this.query<EventRow>(
      `SELECT global_position, stream_id, version, event_id, event_type, schema_version, data, metadata
         FROM es_events WHERE global_position > $1 ${streamPrefix === undefined ? '' : 'AND starts_with(stream_id, $3)'}
         ORDER BY global_position LIMIT $2`,
      streamPrefix === undefined ? [after.toString(), limit] : [after.toString(), limit, streamPrefix],
    );
    return rows.map(toRecorded);
  }

  async headPosition(): Promise<bigint> {
    const rows = await this.query<{ head: string }>('SELECT COALESCE(MAX(global_position), 0) AS head FROM es_events');
    return BigInt(rows[0].head);
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  private async query<R extends object>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      const result = await this.pool.query<R>(sql, params);
      return result.rows;
    } catch (error) {
      throw this.wrap(error);
    }
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    void this.ensureListening();
    if (!this.fallbackTimer) {
      this.fallbackTimer = setInterval(() => this.notify(), this.options.fallbackPollMs ?? 2000);
      this.fallbackTimer.unref();
    }
    return () => {
      this.listeners.delete(listener);
    };
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** LISTEN on a dedicated connection; reconnects with backoff when the connection drops. */
  private ensureListening(): Promise<void> {
    if (this.listenClient || this.listenStarting || this.closed) return this.listenStarting ?? Promise.resolve();
    this.listenStarting = (async () => {
      const client = new Client({ connectionString: this.options.connectionString, application_name: 'jalon-event-store-listen' });
      client.on('notification', () => this.notify());
      client.on('error', () => {
        client.end().catch(() => undefined);
        if (this.listenClient === client) this.listenClient = null;
        if (!this.closed && this.listeners.size > 0) setTimeout(() => void this.ensureListening(), 1000).unref();
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${EVENTS_CHANNEL}`);
        this.listenClient = client;
        // Events appended while we were not listening: wake everyone once.
        this.notify();
      } catch {
        await client.end().catch(() => undefined);
        if (!this.closed) setTimeout(() => void this.ensureListening(), 1000).unref();
      }
    })().finally(() => {
      this.listenStarting = null;
    });
    return this.listenStarting;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.fallbackTimer) clearInterval(this.fallbackTimer);
    this.listeners.clear();
    await this.listenStarting?.catch(() => undefined);
    await this.listenClient?.end().catch(() => undefined);
    this.listenClient = null;
    while (this.writing) await new Promise((r) => setTimeout(r, 5));
    this.writer?.release();
    this.writer = null;
    await this.pool.end().catch(() => undefined);
  }
}

export const expectationHolds = (expected: ExpectedVersion, actual: bigint | null): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no-stream':
      return actual === null;
    case 'exists':
      return actual !== null;
    default:
      return expected === 0n ? actual === null : actual === expected;
  }
};
