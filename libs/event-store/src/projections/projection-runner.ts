import { Client, Pool, type PoolClient } from 'pg';
import { liveTx } from './tx';
import type { EventStore, RecordedEvent } from '../event-store.port';
import type { Projection, ProjectionStatus } from './projection';
import { rebuildProjection } from './rebuild';
import {
  applyParking,
  errorText,
  listParkedEvents,
  parkedStreamsOf,
  recordParked,
  retryParkedStreams,
  streamsToRetry,
  type ParkedEventView,
} from './parking';

export interface ProjectionRunnerOptions {
  /** Read-model database (checkpoints live there too). */
  connectionString: string;
  batchSize?: number;
  /** How often a runner without the lease tries to take it (ms). */
  standbyRetryMs?: number;
  onError?: (projection: string, error: Error) => void;
  onInfo?: (message: string, details?: Record<string, unknown>) => void;
}

/** Stable 32-bit key for a projection's session advisory lock. */
export const projectionLockKey = (name: string): number => {
  let hash = 0x811c9dc5;
  for (const char of `jalon-projection:${name}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
};

/**
 * Runs projections from the event store into PostgreSQL read models.
 *
 * - Exactly once in effect: each batch and the projection's checkpoint are written in one transaction, and the
 *   transaction first locks the checkpoint row and skips events at or below it, so an event delivered twice
 *   (another runner, a restart, a rebuild swap) has no second effect.
 * - One runner per projection across processes: a session advisory lock (the lease) is held on a dedicated
 *   connection; a runner that does not get it stands by and retries.
 * - An event a projection cannot apply is parked for its stream only (parking.ts): the other streams go on, the
 *   parked events show in the status and are tried again when their stream moves or an operator asks.
 * - A transient error (database unreachable, deadlock, timeout) is retried with exponential backoff (1 s to 30 s).
 * - The rules fingerprint is checked whenever the runner takes a projection's lease (at start, after a failover).
 */
export class ProjectionRunner {
  private readonly pool: Pool;
  private lockClient: Client | null = null;
  private readonly owned = new Set<string>();
  private readonly positions = new Map<string, bigint>();
  /** Consecutive transient failures per projection, for the backoff. */
  private readonly failuresInARow = new Map<string, number>();
  private readonly wakers = new Map<string, () => void>();
  private readonly loops: Promise<void>[] = [];
  private readonly caughtUpWaiters = new Set<() => void>();
  private unsubscribe: (() => void) | null = null;
  private running = false;
  private readonly batchSize: number;

  constructor(
    private readonly store: EventStore,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions,
  ) {
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: Math.max(2, projections.length + 1),
      application_name: 'jalon-projector',
    });
    this.pool.on('error', () => undefined);
    this.batchSize = options.batchSize ?? 500;
    const names = new Set<string>();
    for (const p of projections) {
      if (names.has(p.name)) throw new Error(`Projection registered twice: ${p.name}`);
      names.add(p.name);
    }
  }

  get names(): string[] {
    return this.projections.map((p) => p.name);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.pool.query(
      `INSERT INTO es_checkpoints (projection) SELECT unnest($1::text[]) ON CONFLICT (projection) DO NOTHING`,
      [this.names],
    );
    this.unsubscribe = this.store.onAppended(() => this.wakeAll());
    for (const projection of this.projections) this.loops.push(this.loop(projection));
  }

  /**
   * A projection whose rows were built with another fingerprint (another rule configuration) would show stale
   * computed values: it is rebuilt (its live tables keep serving meanwhile) before it runs. Called under the lease,
   * each time the runner takes it, so a runner that takes over from another checks it too.
   */
  private async rebuildIfFingerprintChanged(projection: Projection): Promise<void> {
    if (projection.fingerprint === undefined) return;
    const { rows } = await this.pool.query<{ position: string; fingerprint: string | null }>(
      'SELECT position, fingerprint FROM es_checkpoints WHERE projection = $1',
      [projection.name],
    );
    const stored = rows[0];
    if (
      stored &&
      stored.fingerprint !== projection.fingerprint &&
      BigInt(stored.position) > 0n &&
      stored.fingerprint !== null
    ) {
      this.options.onInfo?.(`projection ${projection.name}: configuration changed, rebuilding`);
      await rebuildProjection(this.store, projection, { connectionString: this.options.connectionString });
    }
    await this.pool.query('UPDATE es_checkpoints SET fingerprint = $2 WHERE projection = $1', [
      projection.name,
      projection.fingerprint,
    ]);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    this.wakeAll();
    await Promise.allSettled(this.loops);
    this.loops.length = 0;
    this.owned.clear();
    await this.lockClient?.end().catch(() => undefined);
    this.lockClient = null;
    await this.pool.end().catch(() => undefined);
  }

  private wakeAll(): void {
    for (const wake of this.wakers.values()) wake();
  }

  private sleep(name: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakers.set(name, done);
    });
  }

  private async getLockClient(): Promise<Client> {
    if (this.lockClient) return this.lockClient;
    const client = new Client({
      connectionString: this.options.connectionString,
      application_name: 'jalon-projector-lease',
    });
    client.on('error', () => {
      // The connection (and every lease held on it) is gone: stop applying until the leases are taken again.
      if (this.lockClient === client) this.lockClient = null;
      this.owned.clear();
      client.end().catch(() => undefined);
    });
    await client.connect();
    this.lockClient = client;
    return client;
  }

  private async tryLease(name: string): Promise<boolean> {
    if (this.owned.has(name)) return true;
    const client = await this.getLockClient();
    const result = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      projectionLockKey(name),
    ]);
    if (result.rows[0].ok) {
      this.owned.add(name);
      this.options.onInfo?.(`projection ${name}: lease taken`);
    }
    return this.owned.has(name);
  }

  private async loop(projection: Projection): Promise<void> {
    const name = projection.name;
    while (this.running) {
      try {
        if (!(await this.tryLease(name))) {
          await this.sleep(name, this.options.standbyRetryMs ?? 2000);
          continue;
        }
        if (!this.positions.has(name)) {
          // The lease was just taken (start, failover, recovery): the rows must match this configuration.
          await this.rebuildIfFingerprintChanged(projection);
          const row = await this.pool.query<{ position: string }>(
            'SELECT position FROM es_checkpoints WHERE projection = $1',
            [name],
          );
          this.positions.set(name, BigInt(row.rows[0]?.position ?? 0));
          await this.pool.query(
            `UPDATE es_checkpoints SET status = 'running', error = NULL, failed_position = NULL WHERE projection = $1`,
            [name],
          );
        }
        const after = this.positions.get(name)!;
        const batch = await this.store.readAll({ after, limit: this.batchSize });
        if (batch.length === 0) {
          await this.retryRequested(projection);
          this.recovered(name);
          this.notifyCaughtUp();
          await this.sleep(name, 1000);
          continue;
        }
        await this.applyBatch(projection, batch);
        this.recovered(name);
        this.notifyCaughtUp();
      } catch (error) {
        // Transient trouble (database or event store unreachable, deadlock, timeout): retry with backoff, lease
        // and position re-read. Poison events never get here: they are parked (parking.ts).
        const failures = (this.failuresInARow.get(name) ?? 0) + 1;
        this.failuresInARow.set(name, failures);
        this.options.onError?.(name, error instanceof Error ? error : new Error(String(error)));
        this.positions.delete(name);
        await this.pool
          .query(
            `UPDATE es_checkpoints SET status = 'retrying', error = $2, updated_at = now() WHERE projection = $1`,
            [name, errorText(error)],
          )
          .catch(() => undefined);
        await this.sleep(name, Math.min(30_000, 1000 * 2 ** Math.min(failures - 1, 5)));
      }
    }
  }

  private recovered(name: string): void {
    if (!this.failuresInARow.has(name)) return;
    this.failuresInARow.delete(name);
    this.pool
      .query(`UPDATE es_checkpoints SET status = 'running', error = NULL WHERE projection = $1`, [name])
      .catch(() => undefined);
  }

  /** Parked streams an operator asked to try again (`jalon projections skip|retry`), under the checkpoint lock. */
  private async retryRequested(projection: Projection): Promise<void> {
    const streams = await streamsToRetry(this.pool, projection.name);
    if (streams.length === 0) return;
    await this.inCheckpointTx(projection, async (client) => {
      const unparked = await retryParkedStreams(this.store, projection, streams, liveTx(client), client);
      if (unparked.length > 0)
        this.options.onInfo?.(`projection ${projection.name}: ${unparked.length} parked stream(s) applied`);
    });
  }

  /** Runs `work` in a transaction that holds the projection's checkpoint row (as every write of its tables does). */
  private async inCheckpointTx<T>(
    projection: Projection,
    work: (client: PoolClient, checkpoint: bigint) => Promise<T>,
  ): Promise<T> {
    const client = await this.pool.connect();
    // A connection dying while checked out emits 'error' on the client: the query in flight rejects anyway.
    const ignore = (): void => undefined;
    client.on('error', ignore);
    let failed: unknown = null;
    try {
      await client.query('BEGIN');
      const row = await client.query<{ position: string }>(
        'SELECT position FROM es_checkpoints WHERE projection = $1 FOR UPDATE',
        [projection.name],
      );
      const result = await work(client, BigInt(row.rows[0].position));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      failed = error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', ignore);
      client.release(failed instanceof Error ? failed : undefined);
    }
  }

  private async applyBatch(projection: Projection, batch: RecordedEvent[]): Promise<void> {
    const next = await this.inCheckpointTx(projection, async (client, stored) => {
      const fresh = batch.filter((e) => e.globalPosition > stored);
      // With nothing fresh, the stored checkpoint is ahead of the batch (e.g. a rebuild was swapped in): continue from it.
      if (fresh.length === 0) return stored;
      const tx = liveTx(client);
      const parkedStreams = await parkedStreamsOf(client, projection.name);
      // A parked stream that moves is tried again first, so that its events stay in stream order.
      const moved = [...parkedStreams].filter((id) => fresh.some((e) => e.streamId === id));
      for (const id of await retryParkedStreams(this.store, projection, moved, tx, client))
        parkedStreams.delete(id);
      const parked = await applyParking(projection, fresh, tx, client, parkedStreams);
      await recordParked(client, projection.name, parked);
      for (const p of parked.filter((e) => e.error !== null))
        this.options.onError?.(
          projection.name,
          new Error(`event parked at position ${p.position} (${p.type} in ${p.streamId}): ${p.error}`),
        );
      const last = fresh[fresh.length - 1].globalPosition;
      await client.query(
        'UPDATE es_checkpoints SET position = $2, updated_at = now() WHERE projection = $1',
        [projection.name, last.toString()],
      );
      return last;
    });
    this.positions.set(projection.name, next);
  }

  private notifyCaughtUp(): void {
    for (const waiter of [...this.caughtUpWaiters]) waiter();
  }

  /** Resolves once every projection has applied (or parked) everything appended before the call. */
  async whenCaughtUp(timeoutMs = 30000): Promise<void> {
    const head = await this.store.headPosition();
    const deadline = Date.now() + timeoutMs;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (this.names.every((n) => (this.positions.get(n) ?? -1n) >= head)) {
          done();
          resolve();
          return;
        }
        if (Date.now() > deadline) {
          done();
          reject(new Error(`Projections not caught up with position ${head} after ${timeoutMs} ms`));
        }
      };
      const timer = setInterval(check, 25);
      const done = (): void => {
        clearInterval(timer);
        this.caughtUpWaiters.delete(check);
      };
      this.caughtUpWaiters.add(check);
      this.wakeAll();
      check();
    });
  }

  get leases(): ReadonlySet<string> {
    return this.owned;
  }
}

/**
 * Checkpoint, lag, last transient error and parked events of each projection, as stored (shared by /health and
 * `jalon projections status`).
 */
export async function readProjectionStatus(
  pool: Pool | Client,
  store: EventStore,
  names: readonly string[],
): Promise<ProjectionStatus[]> {
  const head = await store.headPosition();
  const rows = await pool.query<{
    projection: string;
    position: string;
    status: string;
    error: string | null;
    updated_at: Date;
  }>(
    'SELECT projection, position, status, error, updated_at FROM es_checkpoints WHERE projection = ANY($1::text[])',
    [names],
  );
  const parked = await listParkedEvents(pool, names);
  const byName = new Map(rows.rows.map((r) => [r.projection, r]));
  return names.map((name) => {
    const row = byName.get(name);
    const position = BigInt(row?.position ?? 0);
    const own: ParkedEventView[] = parked.filter((p) => p.projection === name);
    return {
      name,
      position,
      head,
      lag: head > position ? head - position : 0n,
      status: row?.status ?? 'never-started',
      error: row?.error ?? null,
      parked: own.map(({ position: at, streamId, version, type, error, parkedAt }) => ({
        position: at,
        streamId,
        version,
        type,
        error,
        parkedAt,
      })),
      updatedAt: row?.updated_at ? row.updated_at.toISOString() : null,
    };
  });
}
