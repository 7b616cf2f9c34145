import { randomUUID } from 'node:crypto';
import {
  EncryptingEventStore,
  handleCommand,
  PostgresEventStore,
  PostgresSubjectKeyStore,
  type EventStore,
  type PersonalDataPolicy,
} from '@app/event-store';
import type { Pool } from 'pg';
import {
  ERASED_VALUE,
  evolve,
  initialParcoursState,
  PERSONAL_DATA_PATHS,
  type ParcoursEvent,
} from '../../domain';
import { CRI_COUNTS_FROM_ROWS_SQL, CRI_COUNTS_TABLE } from '../cri-counts';
import { PERSONAL_DATA_ERASED } from '../personal-data-erasure';
import type { History } from './histories';

export const TEST_ACTOR = { userId: 'test-user', username: 'test', role: 'accompagnateur', cri: 'CAI' };

/** The storage layer of production (crypto-shredding) with the parcours' personal paths. */
export const parcoursPersonalData: PersonalDataPolicy = {
  erasedValue: ERASED_VALUE,
  paths: (type) => (PERSONAL_DATA_PATHS as Record<string, readonly string[] | undefined>)[type] ?? [],
  subject: async (streamId) => (streamId.startsWith('parcours-') ? streamId.slice('parcours-'.length) : null),
};

export function encryptingStore(url: string): EncryptingEventStore {
  return new EncryptingEventStore(
    new PostgresEventStore({ connectionString: url, fallbackPollMs: 200 }),
    new PostgresSubjectKeyStore(url, Buffer.alloc(32, 7), 0),
    parcoursPersonalData,
  );
}

export const streamOf = (parcoursId: string) => `parcours-${parcoursId}`;

/** Appends a history produced by the domain's decide(), one command (event) at a time, through handleCommand. */
export async function appendHistory(
  store: EventStore,
  history: Pick<History, 'parcoursId' | 'events'>,
  from = 0,
  to = history.events.length,
): Promise<void> {
  for (const event of history.events.slice(from, to)) {
    const commandId = randomUUID();
    await handleCommand<typeof initialParcoursState, ParcoursEvent>(store, {
      streamId: streamOf(history.parcoursId),
      initialState: initialParcoursState,
      evolve: (s, e) => ((e as { type: string }).type === PERSONAL_DATA_ERASED ? s : evolve(s, e)),
      decide: () => [event],
      commandId,
      metadata: {
        correlationId: commandId,
        causationId: null,
        actor: TEST_ACTOR,
        recordedAt: '2026-11-21T10:00:00.000Z',
      },
    });
  }
}

/** Destroys the person's key and records PersonalDataErased, as the erasure service does. */
export async function erase(
  store: EncryptingEventStore,
  parcoursId: string,
  decidedOn = '2026-11-20',
): Promise<void> {
  await store.subjectKeys.erase(parcoursId, 'person-request');
  const commandId = randomUUID();
  await handleCommand<{ n: number }, { type: string; data: object }>(store, {
    streamId: streamOf(parcoursId),
    initialState: { n: 0 },
    evolve: (s) => ({ n: s.n + 1 }),
    decide: () => [{ type: PERSONAL_DATA_ERASED, data: { parcoursId, decidedOn, reason: 'person-request' } }],
    commandId,
    metadata: {
      correlationId: commandId,
      causationId: null,
      actor: TEST_ACTOR,
      recordedAt: '2026-11-21T10:00:00.000Z',
    },
  });
}

/** Both tables, every column, ordered by key: two builds are equal when their dumps are. */
/**
 * Every row of the parcours read models, in a stable order. Also checks that the dashboard counts kept by the
 * projection equal the counts computed from the case rows (throws with both when they differ).
 */
export async function dumpReadModels(
  pool: Pool,
): Promise<{ parcours: string[]; segments: string[]; counts: string[] }> {
  const parcours = await pool.query<{ row: string }>(
    `SELECT to_jsonb(p)::text AS row FROM rm_parcours_v1 p ORDER BY parcours_id`,
  );
  const segments = await pool.query<{ row: string }>(
    `SELECT to_jsonb(s)::text AS row FROM rm_deadline_segments_v1 s ORDER BY parcours_id, kind, seq`,
  );
  const order = 'ORDER BY cri_code, metric, key';
  const counts = (
    await pool.query<{ row: string }>(`SELECT to_jsonb(c)::text AS row FROM ${CRI_COUNTS_TABLE} c ${order}`)
  ).rows.map((r) => r.row);
  const fromRows = (
    await pool.query<{ row: string }>(
      `SELECT to_jsonb(c)::text AS row FROM (${CRI_COUNTS_FROM_ROWS_SQL}) c ${order}`,
    )
  ).rows.map((r) => r.row);
  if (JSON.stringify(counts) !== JSON.stringify(fromRows))
    throw new Error(
      `rm_cri_counts_v1 differs from the case rows:\n${counts.join('\n')}\n---\n${fromRows.join('\n')}`,
    );
  return { parcours: parcours.rows.map((r) => r.row), segments: segments.rows.map((r) => r.row), counts };
}
