import type { Projection, ProjectionTx, RecordedEvent } from '@app/event-store';
import {
  defaultRuleConfig,
  evolve,
  skipEvent,
  initialParcoursState,
  PARCOURS_EVENT_TYPES,
  type DeadlineKind,
  type IsoDate,
  type ParcoursEvent,
  type ParcoursState,
  type RuleConfig,
} from '../domain';
import {
  DEADLINE_KINDS,
  deadlineInputs,
  deadlineSegments,
  deadlineTail,
  segmentsFingerprint,
  type DeadlineSegment,
  type DeadlineTail,
} from './deadline-segments';
import { addCounts, COUNTED_COLUMNS_SELECT, CRI_COUNTS_TABLE, type CountedColumns } from './cri-counts';
import { parcoursRow, type ParcoursRow } from './parcours-row';
import {
  erasePersonalState,
  PERSONAL_DATA_ERASED,
  type PersonalDataErasedData,
} from './personal-data-erasure';

export const PARCOURS_TABLE = 'rm_parcours_v1';
export const SEGMENTS_TABLE = 'rm_deadline_segments_v1';
export const PARCOURS_READ_PROJECTION = 'parcours_read_v1';

const STREAM_PREFIX = 'parcours-';
const DOMAIN_TYPES = new Set<string>(PARCOURS_EVENT_TYPES);

type TailColumns = Pick<
  ParcoursRow,
  'deadlines_tail_from' | `${DeadlineKind}_${'present' | 'from' | 'due' | 'grows' | 'fixed'}`
>;
type Stored = {
  parcours_id: string;
  version: string;
  state: ParcoursState;
  erased_on: string | null;
  segments_key: string;
} & TailColumns &
  CountedColumns;

/** Columns of rm_parcours_v1 as written (order and SQL types of jsonb_to_recordset). */
const ROW_COLUMNS: ReadonlyArray<[keyof ParcoursRow, string]> = [
  ['parcours_id', 'text'],
  ['version', 'bigint'],
  ['cri_code', 'text'],
  ['opening_cri_code', 'text'],
  ['accompagnateur_id', 'text'],
  ['last_name', 'text'],
  ['first_name', 'text'],
  ['birth_date', 'text'],
  ['niss', 'text'],
  ['search_text', 'text'],
  ['sort_name', 'text'],
  ['obligation', 'text'],
  ['stage', 'text'],
  ['status', 'text'],
  ['regime_id', 'text'],
  ['opened_on', 'date'],
  ['commune_registration_date', 'date'],
  ['card_order_date', 'date'],
  ['presented_on', 'date'],
  ['convention_signed_on', 'date'],
  ['attestation_issued_on', 'date'],
  ['attestation_cri_code', 'text'],
  ['closed_on', 'date'],
  ['dispense_categories', 'text[]'],
  ['nationality_dossier_opened_on', 'date'],
  ['nationality_dossier_complete', 'boolean'],
  ['erased_on', 'date'],
  ['state', 'jsonb'],
  ['segments_key', 'text'],
  ['deadlines_tail_from', 'date'],
  ...DEADLINE_KINDS.flatMap((k): Array<[keyof ParcoursRow, string]> => [
    [`${k}_present`, 'boolean'],
    [`${k}_from`, 'date'],
    [`${k}_due`, 'date'],
    [`${k}_grows`, 'boolean'],
    [`${k}_fixed`, 'text'],
  ]),
];

const TAIL_SELECT = [
  'deadlines_tail_from',
  ...DEADLINE_KINDS.flatMap((k) => [`${k}_present`, `${k}_from`, `${k}_due`, `${k}_grows`, `${k}_fixed`]),
]
  .map((c) => (c.endsWith('_from') || c.endsWith('_due') ? `${c}::text AS ${c}` : c))
  .join(', ');

const SEGMENT_COLUMNS: ReadonlyArray<[string, string]> = [
  ['parcours_id', 'text'],
  ['kind', 'text'],
  ['seq', 'smallint'],
  ['cri_code', 'text'],
  ['valid_from', 'date'],
  ['valid_to', 'date'],
  ['due_on', 'date'],
  ['due_grows', 'boolean'],
  ['fixed_status', 'text'],
  ['obliged', 'boolean'],
];

const recordsetType = (columns: ReadonlyArray<readonly [string, string]>) =>
  columns.map(([c, t]) => `${c} ${t}`).join(', ');
const columnList = (columns: ReadonlyArray<readonly [string, ...unknown[]]>) =>
  columns.map(([c]) => c).join(', ');

/**
 * The read side of the parcours streams, in one pass per batch: each affected parcours is loaded once, its events are
 * folded in memory with the domain's evolve, and the batch is written with one upsert (rm_parcours_v1) and one
 * replacement of the deadline segments of the cases whose deadlines moved (rm_deadline_segments_v1).
 *
 * - Idempotent per stream version: an event at or below the stored version has no effect (delivered twice, replayed).
 * - `PersonalDataErased` replaces every personal value of the folded state by ERASED_VALUE, so that the rows equal
 *   those a rebuild folds from the erased events; dates, hours and statuses stay.
 * - Deterministic: rows depend only on the events (no clock), so a rebuild gives the same rows.
 * - Sanction streams and unknown event types are ignored (unknown types still advance the stream version).
 */
/** Bumped whenever the domain computes deadlines differently (v2: `met-late`, evaluations of obliged persons only; v4: the state carries its journal and cancellations). */
export const READ_MODEL_VERSION = 'corrections-v4';

export function createParcoursReadProjection(rules: RuleConfig = defaultRuleConfig): Projection {
  return {
    name: PARCOURS_READ_PROJECTION,
    tables: [PARCOURS_TABLE, SEGMENTS_TABLE, CRI_COUNTS_TABLE],
    streamPrefix: STREAM_PREFIX,
    // Deadlines are stored computed: other rules, or another way of computing them (READ_MODEL_VERSION), mean other
    // rows, so either change rebuilds this read model when a runner takes it.
    fingerprint: `${READ_MODEL_VERSION}|${JSON.stringify(rules)}`,
    apply: (events, tx) => applyBatch(events, tx, rules),
  };
}

export const parcoursReadProjection: Projection = createParcoursReadProjection();

async function applyBatch(
  events: readonly RecordedEvent[],
  tx: ProjectionTx,
  rules: RuleConfig,
): Promise<void> {
  const byParcours = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    if (!event.streamId.startsWith(STREAM_PREFIX)) continue;
    const id = event.streamId.slice(STREAM_PREFIX.length);
    const list = byParcours.get(id);
    if (list) list.push(event);
    else byParcours.set(id, [event]);
  }
  if (byParcours.size === 0) return;

  const parcoursTable = tx.table(PARCOURS_TABLE);
  const segmentsTable = tx.table(SEGMENTS_TABLE);
  const countsTable = tx.table(CRI_COUNTS_TABLE);
  const stored = await tx.query<Stored>(
    `SELECT parcours_id, version, state, erased_on::text AS erased_on, segments_key, ${COUNTED_COLUMNS_SELECT}, ${TAIL_SELECT}
     FROM ${parcoursTable} WHERE parcours_id = ANY($1::text[])`,
    [[...byParcours.keys()]],
  );
  const known = new Map(stored.map((row) => [row.parcours_id, row]));

  const rows: ParcoursRow[] = [];
  const segmentRows: Array<Record<string, unknown>> = [];
  const replacedSegments: string[] = [];
  const countDeltas = new Map<string, number>();

  for (const [parcoursId, streamEvents] of byParcours) {
    const before = known.get(parcoursId);
    const previousVersion = before ? Number(before.version) : 0;
    let version = previousVersion;
    let state = before?.state ?? initialParcoursState;
    let erasedOn: IsoDate | null = before?.erased_on ?? null;
    // Events of one stream arrive in version order (global order); sort anyway, the cost is nil.
    for (const event of [...streamEvents].sort((a, b) =>
      a.version < b.version ? -1 : a.version > b.version ? 1 : 0,
    )) {
      const eventVersion = Number(event.version);
      if (eventVersion <= version) continue;
      if (event.type === PERSONAL_DATA_ERASED) {
        state = skipEvent(erasePersonalState(state));
        erasedOn ??= (event.data as PersonalDataErasedData).decidedOn ?? null;
      } else if (DOMAIN_TYPES.has(event.type)) {
        state = evolve(state, { type: event.type, data: event.data } as unknown as ParcoursEvent);
      } else {
        state = skipEvent(state);
      }
      version = eventVersion;
    }
    if (version === previousVersion || state.status === 'none') continue;

    let segmentsKey = before?.segments_key ?? '';
    let tail: DeadlineTail | null = before === undefined ? null : storedTail(before);
    const deadlinesMayHaveMoved =
      before === undefined ||
      before.cri_code !== state.criCode ||
      !deepEqual(deadlineInputs(before.state), deadlineInputs(state));
    if (deadlinesMayHaveMoved) {
      const segments = deadlineSegments(state, rules);
      const key = segmentsFingerprint(segments, state.criCode);
      tail = deadlineTail(segments);
      if (key !== segmentsKey) {
        segmentsKey = key;
        replacedSegments.push(parcoursId);
        segmentRows.push(...segmentRecords(parcoursId, state.criCode, segments));
      }
    }
    // Keyed by the stream id: that is the id every query and every command uses.
    const row: ParcoursRow = {
      ...parcoursRow(state, { version, erasedOn, segmentsKey, tail: tail as DeadlineTail }, rules),
      parcours_id: parcoursId,
    };
    rows.push(row);
    if (before !== undefined) addCounts(countDeltas, before, -1);
    addCounts(countDeltas, row, 1);
  }
  if (rows.length === 0) return;

  await tx.query(
    `INSERT INTO ${parcoursTable} (${columnList(ROW_COLUMNS)})
     SELECT ${columnList(ROW_COLUMNS)} FROM jsonb_to_recordset($1::jsonb) AS x(${recordsetType(ROW_COLUMNS)})
     ON CONFLICT (parcours_id) DO UPDATE SET ${ROW_COLUMNS.filter(([c]) => c !== 'parcours_id')
       .map(([c]) => `${c} = EXCLUDED.${c}`)
       .join(', ')}`,
    [JSON.stringify(rows)],
  );
  const changed = [...countDeltas].filter(([, n]) => n !== 0);
  if (changed.length > 0) {
    const deltas = JSON.stringify(
      changed.map(([key, n]) => {
        const [cri_code, metric, k] = JSON.parse(key) as [string, string, string];
        return { cri_code, metric, key: k, n };
      }),
    );
    await tx.query(
      `INSERT INTO ${countsTable} AS c (cri_code, metric, key, n)
       SELECT cri_code, metric, key, n FROM jsonb_to_recordset($1::jsonb) AS x(cri_code text, metric text, key text, n int)
       ON CONFLICT (cri_code, metric, key) DO UPDATE SET n = c.n + EXCLUDED.n`,
      [deltas],
    );
    // Counts that fall to zero are removed, so that the table holds what a rebuild writes (a few hundred rows).
    if (changed.some(([, n]) => n < 0)) await tx.query(`DELETE FROM ${countsTable} WHERE n = 0`);
  }
  if (replacedSegments.length > 0) {
    await tx.query(`DELETE FROM ${segmentsTable} WHERE parcours_id = ANY($1::text[])`, [replacedSegments]);
    if (segmentRows.length > 0) {
      await tx.query(
        `INSERT INTO ${segmentsTable} (${columnList(SEGMENT_COLUMNS)})
         SELECT ${columnList(SEGMENT_COLUMNS)} FROM jsonb_to_recordset($1::jsonb) AS x(${recordsetType(SEGMENT_COLUMNS)})`,
        [JSON.stringify(segmentRows)],
      );
    }
  }
}

/** The tail as stored on the row (unchanged when the deadlines did not move). */
function storedTail(row: Stored): DeadlineTail {
  const kinds = {} as DeadlineTail['kinds'];
  for (const k of DEADLINE_KINDS) {
    kinds[k] = {
      present: row[`${k}_present`],
      validFrom: row[`${k}_from`],
      dueOn: row[`${k}_due`],
      dueGrows: row[`${k}_grows`],
      fixedStatus: row[`${k}_fixed`] as DeadlineTail['kinds'][DeadlineKind]['fixedStatus'],
    };
  }
  return { tailFrom: row.deadlines_tail_from, kinds };
}

function segmentRecords(
  parcoursId: string,
  criCode: string,
  segments: readonly DeadlineSegment[],
): Array<Record<string, unknown>> {
  const seq: Record<string, number> = {};
  return segments.map((s) => {
    seq[s.kind] = (seq[s.kind] ?? 0) + 1;
    return {
      parcours_id: parcoursId,
      kind: s.kind,
      seq: seq[s.kind],
      cri_code: criCode,
      valid_from: s.validFrom ?? '-infinity',
      valid_to: s.validTo ?? 'infinity',
      due_on: s.dueOn,
      due_grows: s.dueGrows,
      fixed_status: s.fixedStatus,
      obliged: s.obliged,
    };
  });
}

/** Structural equality of JSON values (key order ignored: a state read back from jsonb has its keys reordered). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const k of ka)
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}
