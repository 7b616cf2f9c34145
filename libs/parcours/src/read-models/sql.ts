/**
 * SQL fragments that read the deadlines at a date. They apply the domain's timed-status rule (deadlines.ts: overdue
 * when the due date is past, due-soon within rules.dueSoonDays); the segments (and the tail columns of the case row)
 * hold everything else. parcours-read.projection.int-spec.ts runs them against the domain for many dates.
 *
 * `asOf` and `dueSoonDays` are SQL expressions (usually bind parameters such as `$2::date` and `$3::int`).
 */
import { DEADLINE_KINDS } from './deadline-segments';
import { SEGMENTS_TABLE } from './parcours-read.projection';

/** The segment `s` holds at `asOf`. */
export const segmentHoldsSql = (s: string, asOf: string): string =>
  `${s}.valid_from <= ${asOf} AND ${s}.valid_to > ${asOf}`;

/**
 * The due date of segment `s` at `asOf` (an open suspension moves it one day per day). `s.due_on` is never later than
 * it, so `s.due_on <= x` is a valid (indexable) pre-filter for "due on or before x".
 */
export const dueOnSql = (s: string, asOf: string): string =>
  `(CASE WHEN ${s}.due_grows THEN ${s}.due_on + (${asOf} - ${s}.valid_from) ELSE ${s}.due_on END)`;

/** The status of a running clock whose due date at `asOf` is `due` (overdue when past, due-soon within the window). */
export const timedStatusSql = (due: string, asOf: string, dueSoonDays: string): string =>
  `(CASE WHEN ${due} < ${asOf} THEN 'overdue' WHEN ${due} <= ${asOf} + ${dueSoonDays} THEN 'due-soon' ELSE 'on-track' END)`;

/**
 * The same rule read backwards: the due dates that give one of the `timed` statuses at `asOf`, as a single range when
 * they are contiguous (so that an index on the due date can read them in order).
 */
export function dueRangeSql(
  timed: readonly string[],
  due: string,
  asOf: string,
  dueSoonDays: string,
): string {
  const has = (x: string) => timed.includes(x);
  if (has('overdue') && has('due-soon') && has('on-track')) return 'true';
  if (has('overdue') && has('due-soon')) return `${due} <= ${asOf} + ${dueSoonDays}`;
  if (has('due-soon') && has('on-track')) return `${due} >= ${asOf}`;
  const ranges: Record<string, string> = {
    overdue: `${due} < ${asOf}`,
    'due-soon': `(${due} >= ${asOf} AND ${due} <= ${asOf} + ${dueSoonDays})`,
    'on-track': `${due} > ${asOf} + ${dueSoonDays}`,
  };
  return `(${timed.map((x) => ranges[x]).join(' OR ')})`;
}

/** The deadline status of segment `s` at `asOf`. */
export const deadlineStatusSql = (s: string, asOf: string, dueSoonDays: string): string =>
  `COALESCE(${s}.fixed_status, ${timedStatusSql(dueOnSql(s, asOf), asOf, dueSoonDays)})`;

/** Urgency of a status, for "the most urgent deadline of a case" (lower is more urgent). */
export const STATUS_URGENCY = [
  'overdue',
  'due-soon',
  'suspended',
  'on-track',
  'met-late',
  'met',
  'dispensed',
  'closed',
  'not-applicable',
] as const;

const URGENCY_ARRAY = `ARRAY[${STATUS_URGENCY.map((s) => `'${s}'`).join(', ')}]::text[]`;
export const statusUrgencySql = (status: string): string => `array_position(${URGENCY_ARRAY}, ${status})`;
const NOT_APPLICABLE_RANK = STATUS_URGENCY.indexOf('not-applicable') + 1;

// The tail columns of a case row `p` (valid when asOf >= p.deadlines_tail_from).
type Kind = (typeof DEADLINE_KINDS)[number];
const tailDueSql = (p: string, k: Kind, asOf: string): string =>
  `(CASE WHEN ${p}.${k}_grows THEN ${p}.${k}_due + (${asOf} - ${p}.${k}_from) ELSE ${p}.${k}_due END)`;
const tailStatusSql = (p: string, k: Kind, asOf: string, soon: string): string =>
  `(CASE WHEN NOT ${p}.${k}_present THEN 'not-applicable' WHEN ${p}.${k}_fixed IS NOT NULL THEN ${p}.${k}_fixed ` +
  `ELSE ${timedStatusSql(tailDueSql(p, k, asOf), asOf, soon)} END)`;
const tailRankSql = (p: string, k: Kind, asOf: string, soon: string): string =>
  statusUrgencySql(tailStatusSql(p, k, asOf, soon));
const holdingSegmentsSql = (p: string, asOf: string, extra = ''): string =>
  `FROM ${SEGMENTS_TABLE} s WHERE s.parcours_id = ${p}.parcours_id AND ${segmentHoldsSql('s', asOf)}${extra}`;

/** Urgency rank (1 = overdue … 9 = not applicable) of the most urgent deadline of case `p` at `asOf`. */
export const caseUrgencySql = (p: string, asOf: string, soon: string): string =>
  `(CASE WHEN ${asOf} >= ${p}.deadlines_tail_from THEN LEAST(${DEADLINE_KINDS.map((k) => tailRankSql(p, k, asOf, soon)).join(', ')}) ` +
  `ELSE COALESCE((SELECT min(${statusUrgencySql(deadlineStatusSql('s', asOf, soon))}) ${holdingSegmentsSql(p, asOf)}), ${NOT_APPLICABLE_RANK}) END)`;

/** Due date of the most urgent deadline of case `p` at `asOf` (the earliest among equally urgent ones; null if none). */
export const caseUrgentDueSql = (p: string, asOf: string, soon: string): string => {
  const rank = `LEAST(${DEADLINE_KINDS.map((k) => tailRankSql(p, k, asOf, soon)).join(', ')})`;
  const tail = `LEAST(${DEADLINE_KINDS.map((k) => `CASE WHEN ${tailRankSql(p, k, asOf, soon)} = ${rank} THEN ${tailDueSql(p, k, asOf)} END`).join(', ')})`;
  const status = deadlineStatusSql('s', asOf, soon);
  return (
    `(CASE WHEN ${asOf} >= ${p}.deadlines_tail_from THEN ${tail} ` +
    `ELSE (SELECT ${dueOnSql('s', asOf)} ${holdingSegmentsSql(p, asOf)} ORDER BY ${statusUrgencySql(status)}, ${dueOnSql('s', asOf)} NULLS LAST LIMIT 1) END)`
  );
};

/** Due date of the attestation of case `p` at `asOf` (null when it has none). */
export const caseAttestationDueSql = (p: string, asOf: string): string =>
  `(CASE WHEN ${asOf} >= ${p}.deadlines_tail_from THEN (CASE WHEN ${p}.attestation_present THEN ${tailDueSql(p, 'attestation', asOf)} END) ` +
  `ELSE (SELECT ${dueOnSql('s', asOf)} ${holdingSegmentsSql(p, asOf, ` AND s.kind = 'attestation'`)} LIMIT 1) END)`;

/** Columns of a segment that the expressions above read. */
export const SEGMENT_COLUMNS_SQL =
  's.parcours_id, s.kind, s.cri_code, s.valid_from, s.valid_to, s.due_on, s.due_grows, s.fixed_status, s.obliged';

/**
 * The running clocks (on-track, due-soon or overdue) in force at `asOf` and matching `where` (over alias `s`), written
 * so that PostgreSQL can use the partial indexes: the last segment of each deadline (the usual case at today's date),
 * plus the segments that end after asOf.
 */
export const runningSegmentsAtSql = (asOf: string, where: string, columns = SEGMENT_COLUMNS_SQL): string =>
  `SELECT ${columns} FROM ${SEGMENTS_TABLE} s WHERE ${runningLastSql(asOf)} AND ${where}
   UNION ALL
   SELECT ${columns} FROM ${SEGMENTS_TABLE} s WHERE ${runningEndingSql(asOf)} AND ${where}`;

/** A running clock in force at `asOf` that is the last segment of its deadline (over alias `s`). */
export const runningLastSql = (asOf: string): string =>
  `s.valid_to = 'infinity' AND s.fixed_status IS NULL AND s.valid_from <= ${asOf}`;

/** A running clock in force at `asOf` whose segment ends later (a fact taking effect after asOf; over alias `s`). */
export const runningEndingSql = (asOf: string): string =>
  `s.valid_to <> 'infinity' AND s.valid_to > ${asOf} AND s.fixed_status IS NULL AND s.valid_from <= ${asOf}`;

/** A running clock of case `p` in force at `asOf` is overdue (read from the segments). */
const overdueBySegmentsSql = (p: string, asOf: string): string =>
  `EXISTS (SELECT 1 FROM ${SEGMENTS_TABLE} s WHERE s.parcours_id = ${p}.parcours_id AND ${segmentHoldsSql('s', asOf)} AND s.fixed_status IS NULL AND ${dueOnSql('s', asOf)} < ${asOf})`;

/**
 * Case `p` has a deadline overdue at `asOf` (its most urgent status is then overdue), in two disjoint parts: from the
 * generated column overdue_from when the tail holds at asOf (migration 1763700003000; overdue_from is never earlier
 * than deadlines_tail_from), from the segments for the few cases whose deadlines still change after asOf. Each part
 * has its index, so a count can add two index reads (see caseOverdueSql for the single condition).
 */
export const caseOverdueParts = (p: string, asOf: string): [string, string] => [
  `${p}.overdue_from <= ${asOf}`,
  `(${p}.deadlines_tail_from > ${asOf} AND ${overdueBySegmentsSql(p, asOf)})`,
];

/** Case `p` has a deadline overdue at `asOf` (true or false, never null: it may be negated). */
export const caseOverdueSql = (p: string, asOf: string): string => {
  const [fromTail, fromSegments] = caseOverdueParts(p, asOf);
  return `(COALESCE(${fromTail}, false) OR ${fromSegments})`;
};

/** The parcours with a deadline due soon at `asOf` (most urgent status due-soon unless another one is overdue). */
export const dueSoonParcoursSql = (asOf: string, soon: string, where = 'true'): string =>
  runningSegmentsAtSql(
    asOf,
    `s.due_on <= ${asOf} + ${soon} AND ${dueOnSql('s', asOf)} >= ${asOf} AND ${dueOnSql('s', asOf)} <= ${asOf} + ${soon} AND ${where}`,
    's.parcours_id',
  );
