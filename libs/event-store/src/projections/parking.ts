import type { Client, Pool, PoolClient } from 'pg';
import type { EventStore, RecordedEvent } from '../event-store.port';
import type { Projection, ProjectionTx } from './projection';

/**
 * Poison events (issue 14). An event a projection cannot apply (a value PostgreSQL refuses, a bug) is *parked* for
 * its stream only: it and every later event of that stream wait in `es_parked_events`, and every other stream goes
 * on projecting. A parked stream is tried again, in stream order, when a new event arrives for it (an erasure, for
 * instance, makes the personal values of the earlier events readable as erased) or when an operator asks for it
 * (`jalon projections skip|retry`). A transient error (deadlock, serialization failure, lock or statement timeout,
 * lost connection) is never a reason to park: it is thrown, and the runner retries the batch with backoff.
 */

type Sql = Pick<PoolClient | Client | Pool, 'query'>;

export interface ParkedEvent {
  readonly position: bigint;
  readonly streamId: string;
  readonly version: bigint;
  readonly type: string;
  /** Why it could not be applied; null: held behind an earlier parked event of its stream. */
  readonly error: string | null;
}

/** Errors worth retrying as they are: PostgreSQL's class 08, 40, 53, 57 and 58 conditions, and network errors. */
const TRANSIENT_SQLSTATES = new Set([
  '40001',
  '40P01',
  '55P03',
  '57014',
  '57P01',
  '57P02',
  '57P03',
  '58000',
  '58030',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

export function isTransientError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08') || code.startsWith('53')) return true;
    if (NETWORK_CODES.has(code)) return true;
  }
  return (
    typeof message === 'string' &&
    /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
      message,
    )
  );
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const parkedOf = (event: RecordedEvent, error: string | null): ParkedEvent => ({
  position: event.globalPosition,
  streamId: event.streamId,
  version: event.version,
  type: event.type,
  error,
});

/**
 * Applies events in global order inside the caller's transaction. The batch is tried whole first (the fast path);
 * when it fails, event by event, each in its own savepoint: one that fails is parked with its error, and so is every
 * later event of its stream (held). Events of streams already parked (`parkedStreams`) are held too. Returns what it
 * parked; `parkedStreams` is updated.
 */
export async function applyParking(
  projection: Projection,
  events: readonly RecordedEvent[],
  tx: ProjectionTx,
  client: Sql,
  parkedStreams: Set<string>,
): Promise<ParkedEvent[]> {
  const parked: ParkedEvent[] = [];
  const ready = events.filter((e) => !parkedStreams.has(e.streamId));
  if (ready.length > 0) {
    await client.query('SAVEPOINT jalon_batch');
    try {
      await projection.apply(ready, tx);
      await client.query('RELEASE SAVEPOINT jalon_batch');
      for (const event of events) if (parkedStreams.has(event.streamId)) parked.push(parkedOf(event, null));
      return parked;
    } catch (error) {
      if (isTransientError(error)) throw error;
      await client.query('ROLLBACK TO SAVEPOINT jalon_batch');
    }
  }
  for (const event of events) {
    if (parkedStreams.has(event.streamId)) {
      parked.push(parkedOf(event, null));
      continue;
    }
    await client.query('SAVEPOINT jalon_event');
    try {
      await projection.apply([event], tx);
      await client.query('RELEASE SAVEPOINT jalon_event');
    } catch (error) {
      if (isTransientError(error)) throw error;
      await client.query('ROLLBACK TO SAVEPOINT jalon_event');
      parked.push(parkedOf(event, errorText(error)));
      parkedStreams.add(event.streamId);
    }
  }
  return parked;
}

/** Streams of a projection with an unresolved parked event. */
export async function parkedStreamsOf(client: Sql, projection: string): Promise<Set<string>> {
  const { rows } = await client.query<{ stream_id: string }>(
    'SELECT DISTINCT stream_id FROM es_parked_events WHERE projection = $1 AND resolved_at IS NULL',
    [projection],
  );
  return new Set(rows.map((r) => r.stream_id));
}

/** Streams an operator asked to try again (`jalon projections skip|retry`). */
export async function streamsToRetry(client: Sql, projection: string): Promise<string[]> {
  const { rows } = await client.query<{ stream_id: string }>(
    'SELECT DISTINCT stream_id FROM es_parked_events WHERE projection = $1 AND resolved_at IS NULL AND retry_requested',
    [projection],
  );
  return rows.map((r) => r.stream_id);
}

export async function recordParked(
  client: Sql,
  projection: string,
  parked: readonly ParkedEvent[],
): Promise<void> {
  if (parked.length === 0) return;
  await client.query(
    `INSERT INTO es_parked_events (projection, global_position, stream_id, stream_version, event_type, error)
     SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[])
     ON CONFLICT (projection, global_position) DO NOTHING`,
    [
      projection,
      parked.map((p) => p.position.toString()),
      parked.map((p) => p.streamId),
      parked.map((p) => p.version.toString()),
      parked.map((p) => p.type),
      parked.map((p) => p.error),
    ],
  );
}

/**
 * Tries the parked events of each stream again, in stream order, inside the caller's transaction (which holds the
 * projection's checkpoint lock). A stream whose events all apply is unparked (`applied`); otherwise it stays parked,
 * with the new error on its first event. Returns the streams unparked.
 */
export async function retryParkedStreams(
  store: EventStore,
  projection: Projection,
  streams: readonly string[],
  tx: ProjectionTx,
  client: Sql,
): Promise<string[]> {
  const unparked: string[] = [];
  for (const streamId of streams) {
    const { rows } = await client.query<{ global_position: string }>(
      `SELECT global_position FROM es_parked_events
       WHERE projection = $1 AND stream_id = $2 AND resolved_at IS NULL ORDER BY global_position`,
      [projection.name, streamId],
    );
    const positions = new Set(rows.map((r) => BigInt(r.global_position)));
    const events = (await store.readStream(streamId)).filter((e) => positions.has(e.globalPosition));
    await client.query('SAVEPOINT jalon_retry');
    try {
      if (events.length > 0) await projection.apply(events, tx);
      await client.query('RELEASE SAVEPOINT jalon_retry');
      await client.query(
        `UPDATE es_parked_events SET resolved_at = now(), resolution = 'applied', retry_requested = false
         WHERE projection = $1 AND stream_id = $2 AND resolved_at IS NULL`,
        [projection.name, streamId],
      );
      unparked.push(streamId);
    } catch (error) {
      if (isTransientError(error)) throw error;
      await client.query('ROLLBACK TO SAVEPOINT jalon_retry');
      await client.query(
        `UPDATE es_parked_events
         SET retry_requested = false, error = CASE WHEN global_position = $3 THEN $4 ELSE error END
         WHERE projection = $1 AND stream_id = $2 AND resolved_at IS NULL`,
        [projection.name, streamId, rows[0]?.global_position ?? '0', errorText(error)],
      );
    }
  }
  return unparked;
}

export interface ParkedEventView {
  projection: string;
  position: bigint;
  streamId: string;
  version: bigint;
  type: string;
  error: string | null;
  parkedAt: string;
}

/** Unresolved parked events (all projections, or those of the names given), oldest first. */
export async function listParkedEvents(
  client: Sql,
  names?: readonly string[],
  streamId?: string,
): Promise<ParkedEventView[]> {
  const { rows } = await client.query<{
    projection: string;
    global_position: string;
    stream_id: string;
    stream_version: string;
    event_type: string;
    error: string | null;
    parked_at: Date;
  }>(
    `SELECT projection, global_position, stream_id, stream_version, event_type, error, parked_at FROM es_parked_events
     WHERE resolved_at IS NULL AND ($1::text[] IS NULL OR projection = ANY($1::text[])) AND ($2::text IS NULL OR stream_id = $2)
     ORDER BY projection, global_position LIMIT 1000`,
    [names ?? null, streamId ?? null],
  );
  return rows.map((r) => ({
    projection: r.projection,
    position: BigInt(r.global_position),
    streamId: r.stream_id,
    version: BigInt(r.stream_version),
    type: r.event_type,
    error: r.error,
    parkedAt: r.parked_at.toISOString(),
  }));
}

/**
 * An operator moves on (`jalon projections skip <name> <position>`): that parked event is never applied, and the
 * later events of its stream are tried again at the runner's next turn. False when no such parked event is open.
 */
export async function skipParkedEvent(
  client: Sql,
  projection: string,
  position: bigint,
  by: string,
): Promise<boolean> {
  const { rows } = await client.query<{ stream_id: string }>(
    `UPDATE es_parked_events SET resolved_at = now(), resolution = 'skipped', resolved_by = $3, retry_requested = false
     WHERE projection = $1 AND global_position = $2 AND resolved_at IS NULL RETURNING stream_id`,
    [projection, position.toString(), by],
  );
  if (rows.length === 0) return false;
  await client.query(
    `UPDATE es_parked_events SET retry_requested = true WHERE projection = $1 AND stream_id = $2 AND resolved_at IS NULL`,
    [projection, rows[0].stream_id],
  );
  return true;
}

/** After a fix (`jalon projections retry <name>`): every parked stream of the projection is tried again. */
export async function requestRetry(client: Sql, projection: string): Promise<number> {
  const { rowCount } = await client.query(
    `UPDATE es_parked_events SET retry_requested = true WHERE projection = $1 AND resolved_at IS NULL`,
    [projection],
  );
  return rowCount ?? 0;
}

/** Positions an operator skipped: a rebuild leaves them out as the live runner did. */
export async function skippedPositions(client: Sql, projection: string): Promise<Set<bigint>> {
  const { rows } = await client.query<{ global_position: string }>(
    `SELECT global_position FROM es_parked_events WHERE projection = $1 AND resolution = 'skipped'`,
    [projection],
  );
  return new Set(rows.map((r) => BigInt(r.global_position)));
}
