import { Client, Pool, type PoolClient } from 'pg';
import { liveTx } from './tx';
import type { EventStore, RecordedEvent } from '../event-store.port';
import type { Projection, ProjectionStatus, ProjectionTx } from './projection';
import { rebuildProjection } from './rebuild';

export interface ProjectionRunnerOptions {
  /** Read-model database (checkpoints live there too). */
  connectionString: string;
  batchSize?: number;
  /** How often a runner without the lease tries to take it (ms). */
  standbyRetryMs?: number;
  onError?: (projection: string, error: Error) => void;
  onInfo?: (message: string, details?: Record<string, unknown>) => void;
}

class ProjectionFailure extends Error {
  constructor(
    readonly projection: string,
    readonly event: RecordedEvent | null,
    readonly original: unknown,
  ) {
    super(
      `Projection ${projection} failed${event ? ` at position ${event.globalPosition} (${event.type} in ${event.streamId})` : ''}: ${
        original instanceof Error ? original.message : String(original)
      }`,
    );
  }
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
 * - A failing event stops that projection only; the failure is stored with its position and shown by status.
 */
export class ProjectionRunner {
  private readonly pool: Pool;
  private lockClient: Client | null = null;
  private readonly owned = new Set<string>();
  private readonly positions = new Map<string, bigint>();
  private readonly failures = new Map<string, ProjectionFailure>();
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
    this.pool = new Pool({ connectionString: options.connectionString, max: Math.max(2, projections.length + 1), application_name: 'jalon-projector' });
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
    await this.rebuildWhereFingerprintChanged();
    this.unsubscribe = this.store.onAppended(() => this.wakeAll());
    for (const projection of this.projections) this.loops.push(this.loop(projection));
  }

  /**
   * A projection whose rows were built with another fingerprint (another rule configuration) would show stale
   * computed values: it is rebuilt before it runs (its live tables keep serving meanwhile), under its lease.
   */
  private async rebuildWhereFingerprintChanged(): Promise<void> {
    for (const projection of this.projections) {
      if (projection.fingerprint === undefined) continue;
      const { rows } = await this.pool.query<{ position: string; fingerprint: string | null }>(
        'SELECT position, fingerprint FROM es_checkpoints WHERE projection = $1',
        [projection.name],
      );
      const stored = rows[0];
      if (stored && stored.fingerprint !== projection.fingerprint && BigInt(stored.position) > 0n && stored.fingerprint !== null) {
        if (!(await this.tryLease(projection.name))) continue; // another runner owns it and rebuilds it
        this.options.onInfo?.(`projection ${projection.name}: configuration changed, rebuilding`);
        await rebuildProjection(this.store, projection, { connectionString: this.options.connectionString });
      }
      await this.pool.query('UPDATE es_checkpoints SET fingerprint = $2 WHERE projection = $1', [projection.name, projection.fingerprint]);
    }
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
    const client = new Client({ connectionString: this.options.connectionString, application_name: 'jalon-projector-lease' });
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
    const result = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [projectionLockKey(name)]);
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
          const row = await this.pool.query<{ position: string }>('SELECT position FROM es_checkpoints WHERE projection = $1', [name]);
          this.positions.set(name, BigInt(row.rows[0]?.position ?? 0));
          await this.pool.query(`UPDATE es_checkpoints SET status = 'running', error = NULL, failed_position = NULL WHERE projection = $1`, [name]);
        }
        const after = this.positions.get(name)!;
        const batch = await this.store.readAll({ after, limit: this.batchSize });
        if (batch.length === 0) {
          this.notifyCaughtUp();
          await this.sleep(name, 1000);
          continue;
        }
        await this.applyBatch(projection, batch);
        this.notifyCaughtUp();
      } catch (error) {
        if (error instanceof ProjectionFailure) {
          this.failures.set(name, error);
          this.options.onError?.(name, error);
          await this.recordFailure(error).catch(() => undefined);
          this.notifyCaughtUp();
          return; // stopped until restart or rebuild
        }
        // Infrastructure trouble (database or event store unreachable): retry with backoff, lease re-checked.
        this.options.onError?.(name, error instanceof Error ? error : new Error(String(error)));
        this.positions.delete(name);
        await this.sleep(name, 1000);
      }
    }
  }

  private async applyBatch(projection: Projection, batch: RecordedEvent[]): Promise<void> {
    const client = await this.pool.connect();
    // A connection dying while checked out emits 'error' on the client: the query in flight rejects anyway.
    const ignore = (): void => undefined;
    client.on('error', ignore);
    let released = false;
    try {
      await client.query('BEGIN');
      const row = await client.query<{ position: string }>(
        'SELECT position FROM es_checkpoints WHERE projection = $1 FOR UPDATE',
        [projection.name],
      );
      const stored = BigInt(row.rows[0].position);
      const fresh = batch.filter((e) => e.globalPosition > stored);
      if (fresh.length > 0) {
        try {
          await applyOneByOneOnError(projection, fresh, liveTx(client), client);
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
        await client.query('UPDATE es_checkpoints SET position = $2, updated_at = now() WHERE projection = $1', [
          projection.name,
          fresh[fresh.length - 1].globalPosition.toString(),
        ]);
      }
      await client.query('COMMIT');
      // With nothing fresh, the stored checkpoint is ahead of the batch (e.g. a rebuild was swapped in): continue from it.
      this.positions.set(projection.name, fresh.length > 0 ? fresh[fresh.length - 1].globalPosition : stored);
    } catch (error) {
      if (!(error instanceof ProjectionFailure)) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release(error instanceof Error ? error : true);
        released = true;
      }
      throw error;
    } finally {
      client.off('error', ignore);
      if (!released) client.release();
    }
  }

  private async recordFailure(failure: ProjectionFailure): Promise<void> {
    await this.pool.query(
      `UPDATE es_checkpoints SET status = 'failed', error = $2, failed_position = $3, updated_at = now() WHERE projection = $1`,
      [failure.projection, failure.message, failure.event?.globalPosition.toString() ?? null],
    );
  }

  private notifyCaughtUp(): void {
    for (const waiter of [...this.caughtUpWaiters]) waiter();
  }

  /** Resolves once every projection has applied everything appended before the call; rejects if one failed. */
  async whenCaughtUp(timeoutMs = 30000): Promise<void> {
    const head = await this.store.headPosition();
    const deadline = Date.now() + timeoutMs;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        const failed = [...this.failures.values()][0];
        if (failed) {
          done();
          reject(failed);
          return;
        }
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

  /** In-memory view of this runner (the persisted view is readProjectionStatus). */
  get failed(): ReadonlyMap<string, Error> {
    return this.failures;
  }

  get leases(): ReadonlySet<string> {
    return this.owned;
  }
}

/** Applies a batch; when it fails, re-applies event by event (in a savepoint) to name the event at fault. */
async function applyOneByOneOnError(projection: Projection, events: RecordedEvent[], tx: ProjectionTx, client: PoolClient | Client): Promise<void> {
  await client.query('SAVEPOINT batch');
  try {
    await projection.apply(events, tx);
    return;
  } catch (batchError) {
    await client.query('ROLLBACK TO SAVEPOINT batch');
    for (const event of events) {
      try {
        await projection.apply([event], tx);
      } catch (error) {
        throw new ProjectionFailure(projection.name, event, error);
      }
    }
    throw new ProjectionFailure(projection.name, null, batchError);
  }
}

export { ProjectionFailure };

/** Checkpoint, lag and failure of each projection, as stored (shared by /health and `jalon projections status`). */
export async function readProjectionStatus(
  pool: Pool | Client,
  store: EventStore,
  names: readonly string[],
): Promise<ProjectionStatus[]> {
  const head = await store.headPosition();
  const rows = await pool.query<{ projection: string; position: string; status: string; error: string | null; failed_position: string | null; updated_at: Date }>(
    'SELECT projection, position, status, error, failed_position, updated_at FROM es_checkpoints WHERE projection = ANY($1::text[])',
    [names],
  );
  const byName = new Map(rows.rows.map((r) => [r.projection, r]));
  return names.map((name) => {
    const row = byName.get(name);
    const position = BigInt(row?.position ?? 0);
    return {
      name,
      position,
      head,
      lag: head > position ? head - position : 0n,
      status: row?.status ?? 'never-started',
      error: row?.error ?? null,
      failedPosition: row?.failed_position ? BigInt(row.failed_position) : null,
      updatedAt: row?.updated_at ? row.updated_at.toISOString() : null,
    };
  });
}
