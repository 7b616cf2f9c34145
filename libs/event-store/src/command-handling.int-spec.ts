import { createTestDatabase, type TestDatabase } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { eventIdFor, handleCommand } from './command-handling';
import { ConcurrencyError } from './errors';
import { PostgresEventStore } from './postgres/postgres-event-store';

type Counter = { total: number };
type Added = { type: 'Added'; data: { amount: number } };
const actor = { userId: 'u', username: 'u', role: 'accompagnateur', cri: 'CAI' };

describe('handleCommand: read → fold → decide → append', () => {
  let db: TestDatabase;
  let processA: PostgresEventStore;
  let processB: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    processA = new PostgresEventStore({ connectionString: db.url });
    processB = new PostgresEventStore({ connectionString: db.url });
  });
  afterAll(async () => {
    await processA.close();
    await processB.close();
    await db.drop();
  });

  const add = (
    store: PostgresEventStore,
    streamId: string,
    amount: number,
    extra: { commandId?: string; expectedVersion?: bigint } = {},
  ) =>
    handleCommand<Counter, Added>(store, {
      streamId,
      initialState: { total: 0 },
      evolve: (s, e) => ({ total: s.total + e.data.amount }),
      decide: (s) => (s.total + amount > 1000 ? [] : [{ type: 'Added', data: { amount } }]),
      commandId: extra.commandId ?? randomUUID(),
      metadata: { correlationId: 'c', causationId: null, actor, recordedAt: new Date().toISOString() },
      expectedVersion: extra.expectedVersion,
    });

  it('two processes writing one stream at once: conflicts are re-decided, nothing is lost', async () => {
    const id = `counter-${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => add(i % 2 ? processA : processB, id, 1)),
    );
    expect(new Set(results.map((r) => r.version)).size).toBe(30);
    const events = await processA.readStream(id);
    expect(events).toHaveLength(30);
    expect(results.map((r) => Number(r.version)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
  });

  it('returns the new version and state; a decision of no events writes nothing', async () => {
    const id = `counter-${randomUUID()}`;
    const first = await add(processA, id, 600);
    expect(first).toMatchObject({ version: 1n, state: { total: 600 }, duplicate: false });
    const refused = await add(processA, id, 600);
    expect(refused).toMatchObject({ version: 1n, events: [] });
  });

  it('the same command id twice stores its events once (deterministic event ids)', async () => {
    const id = `counter-${randomUUID()}`;
    const commandId = randomUUID();
    await add(processA, id, 5, { commandId, expectedVersion: 0n });
    const again = await add(processB, id, 5, { commandId });
    expect(again.duplicate).toBe(true);
    const events = await processA.readStream(id);
    expect(events).toHaveLength(1);
    expect(events[0].eventId).toBe(eventIdFor(commandId, 0));
  });

  it('a retry after its command was stored answers the first outcome, from either process, even with a stale If-Match', async () => {
    const id = `counter-${randomUUID()}`;
    const commandId = randomUUID();
    const first = await add(processA, id, 700, { commandId, expectedVersion: 0n });
    await add(processA, id, 200); // another command moves the stream on
    // Deciding again would now add nothing (700 + 700 > 1000), and If-Match 0 is stale: the stored outcome is answered.
    for (const store of [processA, processB]) {
      const retry = await add(store, id, 700, { commandId, expectedVersion: 0n });
      expect(retry).toMatchObject({
        version: first.version,
        state: { total: 700 },
        duplicate: true,
        events: [{ type: 'Added', data: { amount: 700 } }],
      });
    }
    expect(await processA.readStream(id)).toHaveLength(2);
  });

  it('twins of one command in two processes at once: stored once, both answer the same version', async () => {
    for (let round = 0; round < 10; round++) {
      const id = `counter-${randomUUID()}`;
      await add(processA, id, 1);
      const commandId = randomUUID();
      const [a, b] = await Promise.all([
        add(processA, id, 5, { commandId }),
        add(processB, id, 5, { commandId }),
      ]);
      expect(a.version).toBe(2n);
      expect(b.version).toBe(2n);
      expect(await processA.readStream(id)).toHaveLength(2);
    }
  });

  it('with an expected version (If-Match), a stale version fails at once with expected and actual', async () => {
    const id = `counter-${randomUUID()}`;
    await add(processA, id, 1);
    await add(processA, id, 1);
    const error = await add(processA, id, 1, { expectedVersion: 1n }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ expected: 1n, actual: 2n });
    expect((await add(processA, id, 1, { expectedVersion: 2n })).version).toBe(3n);
  });
});
