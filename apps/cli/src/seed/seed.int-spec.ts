import type { EventStore } from '@app/event-store';
import { defaultRuleConfig, type ParcoursEvent } from '@app/parcours';
import {
  generateParcours,
  seedParcoursId,
  seedPopulation,
  writeSeedSideTables,
  type SeedRunResult,
} from '@app/parcours/seed';
import { createEventStore, loadConfig } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { createHmac } from 'node:crypto';
import { Client } from 'pg';

const SEED = { seed: 'int', today: '2026-11-21', rules: defaultRuleConfig } as const;
const COUNT = 200;

describe('jalon seed: a population written through the configured event store (crypto-shredding included)', () => {
  let db: TestDatabase;
  let store: EventStore;
  let sql: Client;
  let first: SeedRunResult;
  const count = async (query: string, params: unknown[] = []): Promise<number> =>
    Number((await sql.query<{ n: string }>(query, params)).rows[0].n);

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, JALON_MASTER_KEY: '0f'.repeat(32) });
    store = await createEventStore(config, db.url);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    first = await seedPopulation(store, { ...SEED, count: COUNT, concurrency: 32 });
  }, 120_000);

  afterAll(async () => {
    await sql.end();
    await store.close();
    await db.drop();
  });

  it('appends one stream per parcours with every generated event', async () => {
    expect(first).toMatchObject({ written: COUNT, existing: 0, conflicts: 0 });
    expect(first.eventsWritten).toBe(first.stats.events);
    expect(await count(`SELECT count(*) AS n FROM es_streams WHERE stream_id LIKE 'parcours-%'`)).toBe(COUNT);
    expect(await count('SELECT count(*) AS n FROM es_events')).toBe(first.stats.events);
    expect(await count('SELECT COALESCE(sum(version), 0) AS n FROM es_streams')).toBe(first.stats.events);
    const types = await sql.query<{ event_type: string; n: string }>(
      'SELECT event_type, count(*) AS n FROM es_events GROUP BY event_type',
    );
    expect(Object.fromEntries(types.rows.map((r) => [r.event_type, Number(r.n)]))).toEqual(
      first.stats.byEventType,
    );
  });

  it('reads back, decrypted, exactly what the generator decided; personal fields are encrypted at rest', async () => {
    const index = 7;
    const generated = generateParcours(index, seedParcoursId(SEED.seed, index), SEED);
    const recorded = await store.readStream(`parcours-${generated.parcoursId}`);
    expect(recorded.map((e) => ({ type: e.type, data: e.data }))).toEqual(
      generated.steps.flatMap((s) => s.events) as ParcoursEvent[],
    );
    expect(recorded.map((e) => e.metadata.recordedAt.slice(0, 10))).toEqual(
      generated.steps.flatMap((s) => s.events.map(() => s.today)),
    );
    const raw = await sql.query<{ data: { person: { lastName: unknown } } }>(
      `SELECT data FROM es_events WHERE stream_id = $1 AND event_type = 'ParcoursOpened'`,
      [`parcours-${generated.parcoursId}`],
    );
    expect(raw.rows[0].data.person.lastName).toMatchObject({ $pd: 1 });
    expect(await count('SELECT count(*) AS n FROM pd_subject_keys')).toBe(COUNT);
  });

  it('is idempotent: the same seed again stores nothing new; a bigger population extends it', async () => {
    const again = await seedPopulation(store, { ...SEED, count: COUNT });
    expect(again).toMatchObject({ written: 0, existing: COUNT, conflicts: 0, eventsWritten: 0 });
    expect(await count('SELECT count(*) AS n FROM es_events')).toBe(first.stats.events);

    const more = await seedPopulation(store, { ...SEED, count: 20, from: COUNT });
    expect(more).toMatchObject({ written: 20, existing: 0 });
    expect(await count(`SELECT count(*) AS n FROM es_streams`)).toBe(COUNT + 20);
    expect(await count('SELECT count(*) AS n FROM es_events')).toBe(first.stats.events + more.stats.events);
  });

  it('claims the NISS of the open parcours and moves the attestation counters past the seeded numbers', async () => {
    const hash = (niss: string) =>
      createHmac('sha256', Buffer.from('0f'.repeat(32), 'hex'))
        .update(`niss:${niss}`)
        .digest('hex');
    await writeSeedSideTables((query, params) => sql.query(query, params), first.side, hash);
    await writeSeedSideTables((query, params) => sql.query(query, params), first.side, hash);
    const distinctNiss = new Set(first.side.nissClaims.map(([niss]) => niss)).size;
    expect(distinctNiss).toBeGreaterThan(COUNT / 3);
    expect(await count('SELECT count(*) AS n FROM app_niss_claims')).toBe(distinctNiss);
    const counters = await sql.query<{ name: string; value: string }>(
      `SELECT name, value FROM app_counters WHERE name LIKE 'attestation:%'`,
    );
    expect(counters.rows.length).toBe(first.side.attestationCounters.size);
    for (const row of counters.rows)
      expect(Number(row.value)).toBe(first.side.attestationCounters.get(row.name));
    expect(first.stats.byEventType.AttestationIssued).toBeGreaterThan(0);
  });
});
