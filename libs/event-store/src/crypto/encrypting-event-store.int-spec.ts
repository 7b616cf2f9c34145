import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { describeEventStoreContract, newEvent } from '../contract/event-store.contract';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { EncryptingEventStore, type PersonalDataPolicy } from './encrypting-event-store';
import { PersonalDataErasedError, PostgresSubjectKeyStore } from './subject-keys';

const policy: PersonalDataPolicy = {
  erasedValue: 'donnée effacée',
  paths: (type) => (type === 'A' || type === 'PersonNamed' ? ['text', 'person', 'missing.path'] : []),
  subject: async (streamId) => streamId,
};

const encrypted = async () => {
  const db = await createTestDatabase();
  const inner = new PostgresEventStore({ connectionString: db.url });
  const store = new EncryptingEventStore(inner, new PostgresSubjectKeyStore(db.url, randomBytes(32)), policy);
  return { db, store };
};

// The encrypting store is an event store like the others: the whole contract holds through it.
describeEventStoreContract('PostgreSQL behind crypto-shredding', async () => {
  const { db, store } = await encrypted();
  return {
    store,
    gapless: true,
    dispose: async () => {
      await store.close();
      await db.drop();
    },
  };
});

describe('crypto-shredding', () => {
  let db: TestDatabase;
  let store: EncryptingEventStore;
  beforeEach(async () => ({ db, store } = await encrypted()));
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  const rawData = async (streamId: string): Promise<string[]> => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const rows = await client.query<{ d: string }>('SELECT data::text AS d FROM es_events WHERE stream_id = $1 ORDER BY version', [streamId]);
    await client.end();
    return rows.rows.map((r) => r.d);
  };

  it('stores personal paths encrypted, other fields in clear, and reads them back decrypted', async () => {
    const person = { lastName: 'Nowak', birthDate: '1990-01-01', tags: ['a', 'b'] };
    await store.append('s-1', [newEvent('PersonNamed', { person, hours: 12, date: '2026-01-02' })], 'no-stream');
    const [stored] = await rawData('s-1');
    expect(stored).not.toContain('Nowak');
    expect(stored).not.toContain('1990-01-01');
    expect(stored).toContain('"hours": 12');
    expect(stored).toContain('2026-01-02');
    const [read] = await store.readStream('s-1');
    expect(read.data).toEqual({ person, hours: 12, date: '2026-01-02' });
    const [fromAll] = (await store.readAll({ after: 0n, limit: 10 })).filter((e) => e.streamId === 's-1');
    expect(fromAll.data).toEqual({ person, hours: 12, date: '2026-01-02' });
  });

  it('after erasure: the data reads « donnée effacée » everywhere, other subjects are untouched, no key is ever made again', async () => {
    await store.append('s-1', [newEvent('PersonNamed', { person: { lastName: 'Nowak' }, text: 'note', hours: 3 })], 'no-stream');
    await store.append('s-2', [newEvent('PersonNamed', { person: { lastName: 'Keller' } })], 'no-stream');
    expect(await store.subjectKeys.erase('s-1', 'person-request')).toBe(true);
    expect(await store.subjectKeys.erase('s-1', 'person-request')).toBe(false);
    const [erased] = await store.readStream('s-1');
    expect(erased.data).toEqual({ person: 'donnée effacée', text: 'donnée effacée', hours: 3 });
    const [kept] = await store.readStream('s-2');
    expect(kept.data).toEqual({ person: { lastName: 'Keller' } });
    await expect(store.append('s-1', [newEvent('PersonNamed', { person: { lastName: 'Again' } })], 'any')).rejects.toBeInstanceOf(PersonalDataErasedError);
    // Events without personal data are still accepted.
    await store.append('s-1', [newEvent('HoursRecorded', { hours: 2 })], 'any');
    expect(await store.subjectKeys.isErased('s-1')).toBe(true);
    // A second key store (another process) sees the erasure as well.
    const other = new PostgresSubjectKeyStore(db.url, randomBytes(32));
    expect((await other.keysForRead(['s-1'])).size).toBe(0);
    await other.close();
  });

  it('the wrapped keys are useless without the master key', async () => {
    await store.append('s-1', [newEvent('PersonNamed', { person: { lastName: 'Nowak' } })], 'no-stream');
    const wrongMaster = new EncryptingEventStore(new PostgresEventStore({ connectionString: db.url }), new PostgresSubjectKeyStore(db.url, randomBytes(32)), policy);
    await expect(wrongMaster.readStream('s-1')).rejects.toThrow();
    await wrongMaster.close();
  });
});
