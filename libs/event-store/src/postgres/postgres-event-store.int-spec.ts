import { createTestDatabase, type TestDatabase } from '@app/testing';
import { Client } from 'pg';
import { describeEventStoreContract, newEvent } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';
import { sessionOptions } from './session-limits';

describeEventStoreContract('PostgreSQL', async () => {
  const db = await createTestDatabase();
  const store = new PostgresEventStore({ connectionString: db.url });
  return {
    store,
    gapless: true,
    dispose: async () => {
      await store.close();
      await db.drop();
    },
  };
});

describe('PostgreSQL event store hardening', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let client: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url });
    await store.append('hardening-1', [newEvent('Kept', { n: 1 })], 'no-stream');
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await store.close();
    await db.drop();
  });

  it.each([
    ['UPDATE', `UPDATE es_events SET data = '{"n": 2}'::jsonb`],
    ['DELETE', 'DELETE FROM es_events'],
    ['TRUNCATE', 'TRUNCATE es_events'],
  ])('es_events is append-only: %s is refused and changes nothing', async (_op, sql) => {
    await expect(client.query(sql)).rejects.toThrow(/es_events is append-only/);
    const events = await store.readStream('hardening-1');
    expect(events.map((e) => e.data)).toEqual([{ n: 1 }]);
  });

  it('every session runs with lock, statement and idle-in-transaction limits', async () => {
    const limited = new Client({ connectionString: db.url, options: sessionOptions() });
    await limited.connect();
    try {
      const show = async (name: string) => (await limited.query<Record<string, string>>(`SHOW ${name}`)).rows[0][name];
      expect(await show('lock_timeout')).toBe('10s');
      expect(await show('statement_timeout')).toBe('1min');
      expect(await show('idle_in_transaction_session_timeout')).toBe('1min');
      // A statement waiting on a lock held by a hung session gives up instead of waiting forever.
      await client.query('BEGIN');
      await client.query('LOCK TABLE es_streams IN ACCESS EXCLUSIVE MODE');
      await limited.query(`SET lock_timeout = '200ms'`);
      await expect(limited.query('SELECT count(*) FROM es_streams')).rejects.toThrow(/lock timeout/);
    } finally {
      await client.query('ROLLBACK');
      await limited.end();
    }
  });
});
