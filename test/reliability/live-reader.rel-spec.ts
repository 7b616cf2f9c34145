import { PostgresEventStore, type NewEvent, type RecordedEvent } from '@app/event-store';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventStore1763700000000 } from '../../libs/event-store/src/postgres/migrations/1763700000000-event-store';
import { makeTempDir, PgServer, query, removeTempDir, report, sleep } from './support/harness';

const WRITERS = 64;
const APPENDS_PER_WRITER = 25;
/** Writers are spread over this many store instances (separate pools, as separate api processes would be). */
const WRITER_STORES = 2;

const newEvent = (data: Record<string, unknown>): NewEvent => ({
  eventId: randomUUID(),
  type: 'ReliabilityLoad',
  data,
  metadata: {
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    actor: { userId: 'reliability', username: 'reliability', role: 'admin', cri: null },
    recordedAt: new Date().toISOString(),
  },
});

describe('a live reader under 64 concurrent writers (PostgresEventStore, in-process)', () => {
  let dir: string;
  let pg: PgServer | undefined;
  let url: string;
  const stores: PostgresEventStore[] = [];

  beforeAll(async () => {
    dir = makeTempDir('reader');
    pg = await PgServer.start(dir);
    await query(pg.url, 'CREATE DATABASE jalon_reader');
    url = pg.database('jalon_reader');
    const dataSource = new DataSource({
      type: 'postgres',
      url,
      migrations: [EventStore1763700000000],
      migrationsTableName: 'schema_migrations',
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.destroy();
  });

  afterAll(async () => {
    for (const store of stores) await store.close().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    await removeTempDir(dir);
  });

  it('sees every event exactly once, in order, at consecutive positions', async () => {
    const writerStores = Array.from(
      { length: WRITER_STORES },
      () => new PostgresEventStore({ connectionString: url }),
    );
    const readerStore = new PostgresEventStore({ connectionString: url });
    stores.push(...writerStores, readerStore);

    const written = new Map<string, { streamId: string; version: bigint }>();
    let writing = true;
    let notified = 0;
    let timedOut = 0;
    let batches = 0;
    let maxLag = 0n;

    // The reader: readAll from its position; when nothing is new, sleeps until onAppended (or a 1 s safety timer).
    const reader = (async () => {
      const seen: RecordedEvent[] = [];
      let after = 0n;
      let wake: (() => void) | null = null;
      const unsubscribe = readerStore.onAppended(() => wake?.());
      try {
        const deadline = Date.now() + 120_000;
        while (Date.now() < deadline) {
          const batch = await readerStore.readAll({ after, limit: 100 });
          if (batch.length === 0) {
            if (!writing && seen.length >= written.size) break;
            await new Promise<void>((resolve) => {
              const timer = setTimeout(() => {
                timedOut += 1;
                resolve();
              }, 1000);
              wake = () => {
                notified += 1;
                clearTimeout(timer);
                resolve();
              };
            });
            wake = null;
            continue;
          }
          batches += 1;
          seen.push(...batch);
          after = batch[batch.length - 1].globalPosition;
          const head = await readerStore.headPosition();
          if (head - after > maxLag) maxLag = head - after;
        }
      } finally {
        unsubscribe();
      }
      return seen;
    })();
    await sleep(200); // the reader is listening before the first append

    const started = Date.now();
    let appends = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const store = writerStores[w % WRITER_STORES];
        const streamId = `reliability-${w}-${randomUUID()}`;
        let version = 0n;
        for (let i = 0; i < APPENDS_PER_WRITER; i++) {
          const events = Array.from({ length: 1 + ((w + i) % 3) }, (_, j) => newEvent({ w, i, j }));
          const result = await store.append(streamId, events, version === 0n ? 'no-stream' : version);
          for (const [j, e] of events.entries())
            written.set(e.eventId, { streamId, version: version + BigInt(j + 1) });
          version = result.version;
          appends += 1;
        }
      }),
    );
    const writeMs = Date.now() - started;
    writing = false;
    const seen = await reader;
    const readMs = Date.now() - started;

    const ids = seen.map((e) => e.eventId);
    const seenIds = new Set(ids);
    const duplicates = ids.length - seenIds.size;
    const missing = [...written.keys()].filter((id) => !seenIds.has(id));
    const foreign = ids.filter((id) => !written.has(id));
    let gaps = 0;
    for (let i = 0; i < seen.length; i++) if (seen[i].globalPosition !== BigInt(i + 1)) gaps += 1;
    let versionErrors = 0;
    const lastVersion = new Map<string, bigint>();
    for (const e of seen) {
      if (
        e.version !== (lastVersion.get(e.streamId) ?? 0n) + 1n ||
        written.get(e.eventId)?.version !== e.version
      )
        versionErrors += 1;
      lastVersion.set(e.streamId, e.version);
    }

    report('live reader under 64 concurrent writers', {
      writers: `${WRITERS} on ${WRITER_STORES} store instances`,
      appends,
      'events written': written.size,
      'events seen by the reader': seen.length,
      'seen twice': duplicates,
      missed: missing.length,
      'not written by the test': foreign.length,
      'positions not consecutive': gaps,
      'stream versions out of order': versionErrors,
      'reader batches / wake-ups by notification / by 1 s timer': `${batches} / ${notified} / ${timedOut}`,
      'max reader lag (events)': maxLag.toString(),
      'writes (ms)': writeMs,
      'appends/s': Math.round((appends * 1000) / writeMs),
      'reader done after (ms)': readMs,
    });

    expect(seen).toHaveLength(written.size);
    expect(duplicates).toBe(0);
    expect(missing).toEqual([]);
    expect(foreign).toEqual([]);
    expect(gaps).toBe(0);
    expect(versionErrors).toBe(0);
  });
});
