import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { newEvent } from '../contract/event-store.contract';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import type { Projection, ProjectionTx } from './projection';
import { skipParkedEvent } from './parking';
import { ProjectionRunner, readProjectionStatus } from './projection-runner';
import { rebuildProjection } from './rebuild';

/** A read model that counts events and sums amounts per stream, and remembers which runner applied what. */
const countingProjection = (
  name: string,
  runnerTag: string,
  hooks: { before?: (e: RecordedEvent, tx: ProjectionTx) => Promise<void> } = {},
): Projection => ({
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

/** Rows that depend on a setting (a multiplier, as deadlines depend on the rule configuration): its fingerprint. */
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

const rows = async (
  pool: Pool,
): Promise<Array<{ stream_id: string; events: number; total: number; last_version: string }>> =>
  (await pool.query('SELECT stream_id, events, total, last_version FROM test_counts ORDER BY stream_id'))
    .rows;

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
        for (let i = 0; i < perStream; i++)
          await store.append(id, [newEvent('Added', { amount: i + 1 })], i === 0 ? 'no-stream' : BigInt(i));
      }),
    );
  };

  it('builds a read model and keeps it up to date as events arrive (woken at commit)', async () => {
    const runner = new ProjectionRunner(store, [countingProjection('counts_v1', 'a')], {
      connectionString: db.url,
      batchSize: 7,
    });
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
    const second = new ProjectionRunner(store, [countingProjection('counts_v1', 'b')], {
      connectionString: db.url,
      batchSize: 25,
    });
    await second.start();
    await appendLoad(3, 5);
    await second.whenCaughtUp();
    await second.stop();
    const incremental = await rows(pool);
    expect(incremental.reduce((n, r) => n + r.events, 0)).toBe(135);

    const indexNames = async () =>
      (
        await pool.query<{ indexname: string }>(
          `SELECT indexname FROM pg_indexes WHERE tablename = 'test_counts' ORDER BY 1`,
        )
      ).rows.map((r) => r.indexname);
    await pool.query(
      'CREATE INDEX test_counts_a_rather_long_index_name_that_postgres_would_truncate_x ON test_counts (total)',
    );
    const namesBefore = await indexNames();
    const rebuilt = await rebuildProjection(store, countingProjection('counts_v1', 'rebuild'), {
      connectionString: db.url,
      batchSize: 40,
    });
    expect(rebuilt.events).toBe(135);
    expect(await rows(pool)).toEqual(incremental);
    // The swapped-in tables keep the index names the migrations gave (later migrations may name them).
    expect(await indexNames()).toEqual(namesBefore);
  });

  it('a projection that reads one stream prefix is rebuilt from those streams only, its checkpoint at the head, and then keeps up', async () => {
    await appendLoad(3, 10);
    await store.append(
      `kept-${randomUUID()}`,
      [newEvent('Added', { amount: 5 }), newEvent('Added', { amount: 7 })],
      'no-stream',
    );
    await appendLoad(2, 10); // the last events of the log belong to other streams
    const onlyKept: Projection = { ...countingProjection('kept_v1', 'rebuild'), streamPrefix: 'kept-' };
    const rebuilt = await rebuildProjection(store, onlyKept, { connectionString: db.url, batchSize: 4 });
    expect(rebuilt.events).toBe(2);
    expect(rebuilt.position).toBe(await store.headPosition());
    expect((await rows(pool)).map((r) => [r.events, r.total])).toEqual([[2, 12]]);
    const checkpoint = await pool.query<{ position: string }>(
      `SELECT position FROM es_checkpoints WHERE projection = 'kept_v1'`,
    );
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
    const a = new ProjectionRunner(store, [countingProjection('counts_v1', 'a')], {
      connectionString: db.url,
      standbyRetryMs: 100,
    });
    await a.start();
    await a.whenCaughtUp();
    const b = new ProjectionRunner(store, [countingProjection('counts_v1', 'b')], {
      connectionString: db.url,
      standbyRetryMs: 100,
    });
    await b.start();
    await appendLoad(4, 10);
    await a.whenCaughtUp();
    expect(a.leases.has('counts_v1')).toBe(true);
    expect(b.leases.has('counts_v1')).toBe(false);
    const appliedBy = (
      await pool.query<{ applied_by: string[] }>('SELECT applied_by FROM test_counts')
    ).rows.flatMap((r) => r.applied_by);
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
      readAll: ({ after, limit }: { after: bigint; limit: number }) =>
        store.readAll({ after: after > 3n ? after - 3n : 0n, limit }),
    });
    const runner = new ProjectionRunner(stuttering, [countingProjection('counts_v1', 'a')], {
      connectionString: db.url,
      batchSize: 4,
    });
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

  /** Polls until `done` holds (the runner works in the background), then returns its last value. */
  const eventually = async <T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
    ms = 10_000,
  ): Promise<T> => {
    let value = await read();
    for (const deadline = Date.now() + ms; !done(value) && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 25));
      value = await read();
    }
    return value;
  };

  it('an event it cannot apply is parked with the later events of its stream; every other stream goes on; skip moves on, and a rebuild gives the same rows', async () => {
    const poison = `poison-${randomUUID()}`;
    const other = `other-${randomUUID()}`;
    for (let i = 0; i < 3; i++) {
      await store.append(
        poison,
        [newEvent('Added', { amount: 1, bad: i === 1 })],
        i === 0 ? 'no-stream' : BigInt(i),
      );
      await store.append(other, [newEvent('Added', { amount: 10 })], i === 0 ? 'no-stream' : BigInt(i));
    }
    // As jsonb refusing a NUL: this event can never be applied (not a transient error).
    const refusing = (name: string, tag: string) =>
      countingProjection(name, tag, {
        before: async (e) => {
          if ((e.data as { bad?: boolean }).bad) throw new Error('unsupported Unicode escape sequence');
        },
      });
    const healthy: Projection = { name: 'healthy_v1', tables: [], apply: async () => undefined };
    const runner = new ProjectionRunner(store, [refusing('counts_v1', 'a'), healthy], {
      connectionString: db.url,
      onError: () => undefined,
    });
    await runner.start();
    await runner.whenCaughtUp(5000);
    // The poisoned stream stops at its first event; the other stream is complete; both checkpoints reach the head.
    expect((await rows(pool)).map((r) => [r.stream_id, r.events, r.total])).toEqual([
      [other, 3, 30],
      [poison, 1, 1],
    ]);
    const statuses = await readProjectionStatus(pool, store, ['counts_v1', 'healthy_v1']);
    let status = statuses[0];
    const healthyStatus = statuses[1];
    expect(status).toMatchObject({ status: 'running', position: 6n, lag: 0n });
    expect(status.parked.map((p) => [p.position, p.streamId, p.version, p.error])).toEqual([
      [3n, poison, 2n, 'unsupported Unicode escape sequence'],
      [5n, poison, 3n, null],
    ]);
    expect(healthyStatus).toMatchObject({ position: 6n, parked: [] });

    // A new event of the parked stream waits behind the poison too; a new event of another stream is applied.
    await store.append(poison, [newEvent('Added', { amount: 100 })], 3n);
    await store.append(other, [newEvent('Added', { amount: 10 })], 3n);
    await runner.whenCaughtUp(5000);
    [status] = await readProjectionStatus(pool, store, ['counts_v1']);
    expect(status.parked.map((p) => p.position)).toEqual([3n, 5n, 7n]);
    expect((await rows(pool)).map((r) => r.events)).toEqual([4, 1]);

    // The operator skips the poison: the later events of its stream are applied at the runner's next turn.
    expect(await skipParkedEvent(pool, 'counts_v1', 3n, 'test')).toBe(true);
    expect(await skipParkedEvent(pool, 'counts_v1', 3n, 'test')).toBe(false);
    [status] = await eventually(
      () => readProjectionStatus(pool, store, ['counts_v1']),
      ([s]) => s.parked.length === 0,
    );
    expect(status.parked).toEqual([]);
    const live = await rows(pool);
    expect(live.map((r) => [r.events, r.total])).toEqual([
      [4, 40],
      [3, 102], // 1 + (skipped) + 1 + 100
    ]);
    await runner.stop();

    // A rebuild leaves the skipped event out, as the live runner did, and parks nothing more.
    const rebuilt = await rebuildProjection(store, refusing('counts_v1', 'rebuild'), {
      connectionString: db.url,
    });
    expect(rebuilt.parked).toEqual([]);
    expect((await rows(pool)).map((r) => [r.stream_id, r.events, r.total])).toEqual(
      live.map((r) => [r.stream_id, r.events, r.total]),
    );
  });

  it('a rebuild goes on around an event it cannot apply, and the stream is applied once a later event makes it readable', async () => {
    const poison = `poison-${randomUUID()}`;
    await store.append(
      poison,
      [newEvent('Added', { amount: 1 }), newEvent('Added', { amount: 2, bad: true })],
      'no-stream',
    );
    await appendLoad(2, 3);
    // As an erasure does, a later event changes what the earlier ones read (here: a flag the projection honours).
    let readable = false;
    const projection = countingProjection('counts_v1', 'r', {
      before: async (e) => {
        if ((e.data as { bad?: boolean }).bad && !readable) throw new Error('value out of range');
      },
    });
    const rebuilt = await rebuildProjection(store, projection, { connectionString: db.url, batchSize: 3 });
    expect(rebuilt.parked.map((p) => [p.streamId, p.version, p.error])).toEqual([
      [poison, 2n, 'value out of range'],
    ]);
    expect((await rows(pool)).map((r) => r.events).sort()).toEqual([1, 3, 3]);
    const runner = new ProjectionRunner(store, [projection], {
      connectionString: db.url,
      onError: () => undefined,
    });
    await runner.start();
    readable = true;
    await store.append(poison, [newEvent('Added', { amount: 4 })], 2n);
    await runner.whenCaughtUp(5000);
    await runner.stop();
    const [status] = await readProjectionStatus(pool, store, ['counts_v1']);
    expect(status.parked).toEqual([]);
    expect((await rows(pool)).find((r) => r.stream_id === poison)).toMatchObject({ events: 3, total: 7 });
  });

  it('a transient error (deadlock) is retried with backoff and parks nothing', async () => {
    await appendLoad(2, 4);
    let thrown = 0;
    const flaky = countingProjection('counts_v1', 'a', {
      before: async () => {
        if (thrown < 2) {
          thrown += 1;
          throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        }
      },
    });
    const errors: string[] = [];
    const runner = new ProjectionRunner(store, [flaky], {
      connectionString: db.url,
      onError: (_, e) => errors.push(e.message),
    });
    await runner.start();
    await runner.whenCaughtUp(15_000);
    await runner.stop();
    expect(errors).toEqual(['deadlock detected', 'deadlock detected']);
    const [status] = await readProjectionStatus(pool, store, ['counts_v1']);
    expect(status).toMatchObject({ status: 'running', error: null, parked: [], position: 8n });
    expect((await rows(pool)).map((r) => r.total)).toEqual([10, 10]);
  });

  it('a projection built with another configuration (fingerprint) is rebuilt before it runs', async () => {
    await appendLoad(2, 5);
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

  it('a runner that takes the lease over from another checks the fingerprint then, not only at its start', async () => {
    await appendLoad(2, 5);
    const old = new ProjectionRunner(store, [scaled(1)], { connectionString: db.url });
    await old.start();
    await old.whenCaughtUp();
    // A new version of the app starts beside the old one (rolling deploy): it stands by, then takes over.
    const upgraded = new ProjectionRunner(store, [scaled(10)], {
      connectionString: db.url,
      standbyRetryMs: 100,
    });
    await upgraded.start();
    expect(upgraded.leases.size).toBe(0);
    await old.stop();
    await eventually(
      async () => (await rows(pool)).map((r) => r.total),
      (totals) => totals.every((t) => t === 150),
    );
    await upgraded.whenCaughtUp();
    await upgraded.stop();
    expect((await rows(pool)).map((r) => [r.events, r.total])).toEqual([
      [5, 150],
      [5, 150],
    ]);
  });
});
