import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { newEvent } from '../contract/event-store.contract';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import type { Projection, ProjectionTx } from './projection';
import { ProjectionRunner, readProjectionStatus } from './projection-runner';
import { rebuildProjection } from './rebuild';

/** A read model that counts events and sums amounts per stream, and remembers which runner applied what. */
const countingProjection = (name: string, runnerTag: string, hooks: { before?: (e: RecordedEvent, tx: ProjectionTx) => Promise<void> } = {}): Projection => ({
  name,
  tables: ['test_counts'],
  async apply(events, tx) {
    for (const e of events) {
      await hooks.before?.(e, tx);
      await tx.query(
        `INSERT INTO ${tx.table('test_counts')} (stream_id, events, total, last_version, applied_by)
         VALUES ($1, 1, $2, $3, $4)
         ON CONFLICT (stream_id) DO UPDATE SET events = ${tx.table('test_counts')}.events + 1,
           total = ${tx.table('test_counts')}.total + EXCLUDED.total, last_version = EXCLUDED.last_version,
           applied_by = ${tx.table('test_counts')}.applied_by || EXCLUDED.applied_by`,
        [e.streamId, Number((e.data as { amount?: number }).amount ?? 0), e.version.toString(), [runnerTag]],
      );
    }
  },
});

const rows = async (pool: Pool): Promise<Array<{ stream_id: string; events: number; total: number; last_version: string }>> =>
  (await pool.query('SELECT stream_id, events, total, last_version FROM test_counts ORDER BY stream_id')).rows;

describe('projection runner (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let pool: Pool;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url, fallbackPollMs: 200 });
    pool = new Pool({ connectionString: db.url });
    await pool.query(
      `CREATE TABLE test_counts (stream_id text PRIMARY KEY, events int NOT NULL, total int NOT NULL, last_version bigint NOT NULL, applied_by text[] NOT NULL)`,
    );
  });
  afterEach(async () => {
    await store.close();
    await pool.end();
    await db.drop();
  });

  const appendLoad = async (streams: number, perStream: number): Promise<void> => {
    await Promise.all(
      Array.from({ length: streams }, async (_, s) => {
        const id = `load-${s}-${randomUUID()}`;
        for (let i = 0; i < perStream; i++) await store.append(id, [newEvent('Added', { amount: i + 1 })], i === 0 ? 'no-stream' : BigInt(i));
      }),
    );
  };

  it('builds a read model and keeps it up to date as events arrive (woken at commit)', async () => {
    const runner = new ProjectionRunner(store, [countingProjection('counts_v1', 'a')], { connectionString: db.url, batchSize: 7 });
    await runner.start();
    await appendLoad(5, 10);
    await runner.whenCaughtUp();
    const result = await rows(pool);
    expect(result).toHaveLength(5);
    expect(result.every((r) => r.events === 10 && r.total === 55 && r.last_version === '10')).toBe(true);
    const [status] = await readProjectionStatus(pool, store, ['counts_v1']);
    expect(status).toMatchObject({ status: 'running', lag: 0n, position: 50n, head: 50n });
    await runner.stop();
  });

  it('crash in the middle of a batch, then restart: the read model equals a full rebuild', async () => {
    await appendLoad(6, 20);
    let crashed = false;
    // The database connection dies half-way through a batch (as when the process is killed): the batch rolls back.
    const crashing = countingProjection('counts_v1', 'a', {
      before: async (e, tx) => {
        if (!crashed && e.globalPosition === 57n) {
          crashed = true;
          await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
        }
      },
    });
    const first = new ProjectionRunner(store, [crashing], { connectionString: db.url, batchSize: 25 });
    await first.start();
    await first.whenCaughtUp();
    await first.stop();
    expect(crashed).toBe(true);
    // A new process takes over and more events arrive.
    const second = new ProjectionRunner(store, [countingProjection('counts_v1', 'b')], { connectionString: db.url, batchSize: 25 });
    await second.start();
    await appendLoad(3, 5);
    await second.whenCaughtUp();
    await second.stop();
    const incremental = await rows(pool);
    expect(incremental.reduce((n, r) => n + r.events, 0)).toBe(135);

    const indexNames = async () =>
      (await pool.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'test_counts' ORDER BY 1`)).rows.map((r) => r.indexname);
    await pool.query('CREATE INDEX test_counts_a_rather_long_index_name_that_postgres_would_truncate_x ON test_counts (total)');
    const namesBefore = await indexNames();
    const rebuilt = await rebuildProjection(store, countingProjection('counts_v1', 'rebuild'), { connectionString: db.url, batchSize: 40 });
    expect(rebuilt.events).toBe(135);
    expect(await rows(pool)).toEqual(incremental);
    // The swapped-in tables keep the index names the migrations gave (later migrations may name them).
    expect(await indexNames()).toEqual(namesBefore);
  });

  it('a projection that reads one stream prefix is rebuilt from those streams only, its checkpoint at the head, and then keeps up', async () => {
    await appendLoad(3, 10);
    await store.append(`kept-${randomUUID()}`, [newEvent('Added', { amount: 5 }), newEvent('Added', { amount: 7 })], 'no-stream');
    await appendLoad(2, 10); // the last events of the log belong to other streams
    const onlyKept: Projection = { ...countingProjection('kept_v1', 'rebuild'), streamPrefix: 'kept-' };
    const rebuilt = await rebuildProjection(store, onlyKept, { connectionString: db.url, batchSize: 4 });
    expect(rebuilt.events).toBe(2);
    expect(rebuilt.position).toBe(await store.headPosition());
    expect((await rows(pool)).map((r) => [r.events, r.total])).toEqual([[2, 12]]);
    const checkpoint = await pool.query<{ position: string }>(`SELECT position FROM es_checkpoints WHERE projection = 'kept_v1'`);
    expect(BigInt(checkpoint.rows[0].position)).toBe(rebuilt.position);
    // The live runner goes on from there: the events appended next are applied once (it reads every stream).
    const runner = new ProjectionRunner(store, [onlyKept], { connectionString: db.url, batchSize: 50 });
    await runner.start();
    await store.append(`kept-${randomUUID()}`, [newEvent('Added', { amount: 1 })], 'no-stream');
    await runner.whenCaughtUp();
    await runner.stop();
    expect((await rows(pool)).reduce((n, r) => n + r.events, 0)).toBe(3);
  });

  it('two runners started: only one applies; the other takes over when the first stops', async () => {
    const a = new ProjectionRunner(store, [countingProjection('counts_v1', 'a')], { connectionString: db.url, standbyRetryMs: 100 });
    await a.start();
    await a.whenCaughtUp();
    const b = new ProjectionRunner(store, [countingProjection('counts_v1', 'b')], { connectionString: db.url, standbyRetryMs: 100 });
    await b.start();
    await appendLoad(4, 10);
    await a.whenCaughtUp();
    expect(a.leases.has('counts_v1')).toBe(true);
    expect(b.leases.has('counts_v1')).toBe(false);
    const appliedBy = (await pool.query<{ applied_by: string[] }>('SELECT applied_by FROM test_counts')).rows.flatMap((r) => r.applied_by);
    expect(new Set(appliedBy)).toEqual(new Set(['a']));

    await a.stop();
    await appendLoad(2, 3);
    await b.whenCaughtUp();
    expect(b.leases.has('counts_v1')).toBe(true);
    const result = await rows(pool);
    expect(result.reduce((n, r) => n + r.events, 0)).toBe(46);
    await b.stop();
  });

  it('the same events delivered twice have no second effect', async () => {
    await appendLoad(3, 10);
    // A store that redelivers the previous few events with every page (as an at-least-once subscription may).
    const stuttering: EventStore = Object.assign(Object.create(store) as EventStore, {
      readAll: ({ after, limit }: { after: bigint; limit: number }) => store.readAll({ after: after > 3n ? after - 3n : 0n, limit }),
    });
    const runner = new ProjectionRunner(stuttering, [countingProjection('counts_v1', 'a')], { connectionString: db.url, batchSize: 4 });
    await runner.start();
    await runner.whenCaughtUp();
    await runner.stop();
    const result = await rows(pool);
    expect(result.map((r) => [r.events, r.total])).toEqual([
      [10, 55],
      [10, 55],
      [10, 55],
    ]);
  });

  it('a failing event stops that projection, shows in the status with its position, and leaves the others running', async () => {
    await appendLoad(2, 5);
    const poisoned = countingProjection('poisoned_v1', 'a', {
      before: async (e) => {
        if (e.globalPosition === 4n) throw new Error('cannot handle this event');
      },
    });
    const healthy: Projection = { name: 'healthy_v1', tables: [], apply: async () => undefined };
    const runner = new ProjectionRunner(store, [poisoned, healthy], { connectionString: db.url, onError: () => undefined });
    await runner.start();
    await expect(runner.whenCaughtUp(5000)).rejects.toThrow(/poisoned_v1 failed at position 4/);
    // The healthy projection goes on to the end regardless.
    let statuses = await readProjectionStatus(pool, store, ['poisoned_v1', 'healthy_v1']);
    for (let i = 0; i < 200 && statuses[1].position < 10n; i++) {
      await new Promise((r) => setTimeout(r, 25));
      statuses = await readProjectionStatus(pool, store, ['poisoned_v1', 'healthy_v1']);
    }
    expect(statuses[0]).toMatchObject({ status: 'failed', position: 0n, failedPosition: 4n });
    expect(statuses[0].error).toMatch(/cannot handle this event/);
    expect(statuses[1]).toMatchObject({ status: 'running', position: 10n, lag: 0n });
    // Nothing of the failed batch was written.
    expect(await rows(pool)).toEqual([]);
    await runner.stop();
  });

  it('a projection built with another configuration (fingerprint) is rebuilt before it runs', async () => {
    await appendLoad(2, 5);
    // Rows depend on a setting (here: a multiplier, as deadlines depend on the rule configuration).
    const scaled = (factor: number): Projection => ({
      ...countingProjection('scaled_v1', `x${factor}`),
      fingerprint: `factor=${factor}`,
      async apply(events, tx) {
        for (const e of events) {
          const amount = Number((e.data as { amount?: number }).amount ?? 0) * factor;
          await tx.query(
            `INSERT INTO ${tx.table('test_counts')} (stream_id, events, total, last_version, applied_by) VALUES ($1, 1, $2, $3, '{}')
             ON CONFLICT (stream_id) DO UPDATE SET events = ${tx.table('test_counts')}.events + 1, total = ${tx.table('test_counts')}.total + EXCLUDED.total`,
            [e.streamId, amount, e.version.toString()],
          );
        }
      },
    });
    const first = new ProjectionRunner(store, [scaled(1)], { connectionString: db.url });
    await first.start();
    await first.whenCaughtUp();
    await first.stop();
    expect((await rows(pool)).map((r) => r.total)).toEqual([15, 15]);
    const second = new ProjectionRunner(store, [scaled(10)], { connectionString: db.url });
    await second.start();
    await second.whenCaughtUp();
    await second.stop();
    expect((await rows(pool)).map((r) => [r.events, r.total])).toEqual([
      [5, 150],
      [5, 150],
    ]);
  });
});
