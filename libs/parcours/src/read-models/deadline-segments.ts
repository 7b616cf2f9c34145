/**
 * The deadlines of one parcours as piecewise segments over `asOf`, so that lists, compliance and dashboards
 * can ask "status at any date" in SQL at 100k parcours without folding anything.
 *
 * The domain's `deadlines(state, asOf, rules)` only changes with `asOf` at dates recorded in the state (a fact counts
 * from its own day; the evaluation clock restarts the day after a suspension's last day) — except the timed statuses
 * (on-track / due-soon / overdue), which depend on the distance between `asOf` and the due date. So we evaluate the
 * domain itself at each of those dates (`breakpoints`) and on the day before the first, keep what it says as segments,
 * and leave the timed statuses to SQL (`deadlineStatusSql`), which applies the same `rules.dueSoonDays` rule.
 *
 * An open suspension makes the attestation due date grow by one day per day (the domain counts it up to
 * `asOf`): such a segment has `dueGrows`, its due date being `dueOn + (asOf − validFrom)`.
 *
 * The exact agreement with the domain, for every kind at every date, is checked by deadline-segments.spec.ts.
 */
import {
  addDays,
  deadlines,
  fromDayNumber,
  isValidDate,
  obligationAt,
  toDayNumber,
  type DeadlineKind,
  type DeadlineStatus,
  type IsoDate,
  type ParcoursState,
  type ParcoursStateFields,
  type RuleConfig,
} from '../domain';

export const DEADLINE_KINDS: readonly DeadlineKind[] = ['presentation', 'attestation', 'evaluation'];
export const DEADLINE_STATUSES: readonly DeadlineStatus[] = [
  'on-track',
  'due-soon',
  'overdue',
  'met',
  'met-late',
  'dispensed',
  'suspended',
  'closed',
  'not-applicable',
];

/** Statuses the domain derives from `asOf` and the due date alone: SQL recomputes them. */
export type TimedStatus = 'on-track' | 'due-soon' | 'overdue';
export const TIMED_STATUSES: readonly TimedStatus[] = ['on-track', 'due-soon', 'overdue'];
export type FixedStatus = Exclude<DeadlineStatus, TimedStatus | 'not-applicable'>;

export const isTimedStatus = (status: DeadlineStatus): status is TimedStatus =>
  (TIMED_STATUSES as readonly string[]).includes(status);

export type DeadlineSegment = {
  readonly kind: DeadlineKind;
  /** First day (inclusive) the segment holds; null = since always. */
  readonly validFrom: IsoDate | null;
  /** First day (exclusive) it no longer holds; null = for ever. */
  readonly validTo: IsoDate | null;
  /** Due date at `validFrom` (constant unless `dueGrows`). */
  readonly dueOn: IsoDate | null;
  /** The due date moves one day per day (open suspension): due at asOf = dueOn + (asOf − validFrom). */
  readonly dueGrows: boolean;
  /** The status when it does not depend on the due date; null = timed (on-track / due-soon / overdue). */
  readonly fixedStatus: FixedStatus | null;
  /** The person is obliged (public obligé) during the segment: compliance lists only these. */
  readonly obliged: boolean;
};

/**
 * The part of the state that `deadlines()` reads. Everything else (hours, tests, proofs, personal data…) never moves
 * a deadline, so an event that changes only the rest leaves the segments as they are (the projection skips them).
 * deadline-segments.spec.ts proves that deadlines() gives the same answers on this part alone.
 */
export function deadlineInputs(state: ParcoursState): Partial<ParcoursStateFields> {
  return {
    status: state.status,
    communeRegistrationDate: state.communeRegistrationDate,
    cardOrderDate: state.cardOrderDate,
    obligation: state.obligation,
    obligationFacts: state.obligationFacts,
    obligationHistory: state.obligationHistory,
    presentedOn: state.presentedOn,
    convention: state.convention,
    evaluations: state.evaluations,
    dispenses: state.dispenses,
    deadlineAdjustments: state.deadlineAdjustments,
    attestation:
      state.attestation === null
        ? null
        : ({ issuedOn: state.attestation.issuedOn } as ParcoursState['attestation']),
    closure: state.closure,
    // The explanation of a corrected date names the correction.
    factCorrections: state.factCorrections,
  };
}

/**
 * The dates at which deadlines() may change with asOf, apart from the timed statuses (SQL): the day each fact starts
 * to count — obligation changes (dispense, transfer), presentation, convention, evaluation interviews, extensions,
 * suspensions (first day, last day and the day after: the evaluation clock stops up to the last day included),
 * attestation, closure. Checked against the domain at every date by deadline-segments.spec.ts: a date missing here
 * would show there as a disagreement.
 */
function breakpoints(state: ParcoursState): number[] {
  const points = new Set<number>();
  const add = (date: IsoDate | null | undefined, plus = 0): void => {
    if (typeof date === 'string' && isValidDate(date)) points.add(toDayNumber(date) + plus);
  };
  for (const change of state.obligationHistory) add(change.effectiveOn);
  add(state.presentedOn);
  add(state.convention?.firstSignedOn);
  for (const e of state.evaluations) add(e.date);
  for (const d of state.dispenses) add(d.decidedOn);
  for (const a of state.deadlineAdjustments) {
    if (a.kind === 'extension') {
      add(a.decidedOn);
    } else {
      add(a.from);
      add(a.to);
      add(a.to, 1);
    }
  }
  add(state.attestation?.issuedOn);
  add(state.closure?.date);
  return [...points].sort((a, b) => a - b);
}

/** From this day on, an open suspension makes the attestation due date move with asOf (null: none open). */
function openSuspensionFrom(state: ParcoursState): number | null {
  const open = state.deadlineAdjustments.find((a) => a.kind === 'suspension' && a.to === null);
  return open && open.kind === 'suspension' && isValidDate(open.from) ? toDayNumber(open.from) : null;
}

type Sample = { dueOn: IsoDate | null; status: DeadlineStatus };

const FAR_PAST = toDayNumber('2000-01-01');

/**
 * The segments of every deadline of a parcours. Statuses `not-applicable` are not stored (no row = not applicable).
 * Deterministic: the same state always gives the same segments (an incremental build equals a rebuild).
 */
export function deadlineSegments(state: ParcoursState, rules: RuleConfig): DeadlineSegment[] {
  if (state.status === 'none') return [];
  const sorted = breakpoints(state);
  const growsFrom = openSuspensionFrom(state);
  // Segment i holds on [starts[i], starts[i + 1]); the first one holds for every date before the first breakpoint.
  const starts: Array<number | null> = [null, ...sorted];
  const result: DeadlineSegment[] = [];
  const open: Partial<Record<DeadlineKind, DeadlineSegment>> = {};

  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : null;
    // Before the first fact (or when there is none yet), any date says the same: take the day before the first.
    const at = start === null ? (sorted.length > 0 ? sorted[0] - 1 : FAR_PAST) : start;
    const asOf = fromDayNumber(at);
    const here = deadlines(state, asOf, rules);
    const obliged = obligationAt(state, asOf) === 'obliged';
    // While a suspension is open, the attestation due date moves with asOf: sample the next day to see by how much.
    const sampleNext = growsFrom !== null && at >= growsFrom && (end === null || at + 1 < end);
    const next = sampleNext ? deadlines(state, fromDayNumber(at + 1), rules) : null;
    for (const d of here) {
      const sample: Sample = { dueOn: d.dueOn, status: d.status };
      const previous = open[d.kind];
      if (sample.status === 'not-applicable') {
        if (previous) result.push(previous);
        delete open[d.kind];
        continue;
      }
      const nextSample = next?.find((n) => n.kind === d.kind) ?? null;
      const grows = growth(sample, nextSample, d.kind, asOf);
      const segment: DeadlineSegment = {
        kind: d.kind,
        validFrom: start === null ? null : asOf,
        validTo: end === null ? null : fromDayNumber(end),
        dueOn: sample.dueOn,
        dueGrows: grows,
        fixedStatus: isTimedStatus(sample.status) ? null : (sample.status as FixedStatus),
        obliged,
      };
      if (previous && continues(previous, segment)) {
        open[d.kind] = { ...previous, validTo: segment.validTo };
      } else {
        if (previous) result.push(previous);
        open[d.kind] = segment;
      }
    }
  }
  for (const kind of DEADLINE_KINDS) {
    const segment = open[kind];
    if (segment) result.push(segment);
  }
  return result.sort(
    (a, b) => kindOrder(a.kind) - kindOrder(b.kind) || dayOf(a.validFrom) - dayOf(b.validFrom),
  );
}

export const kindOrder = (kind: DeadlineKind): number => DEADLINE_KINDS.indexOf(kind);
const dayOf = (date: IsoDate | null): number =>
  date === null ? Number.NEGATIVE_INFINITY : toDayNumber(date);

function growth(here: Sample, next: Sample | null, kind: DeadlineKind, asOf: IsoDate): boolean {
  if (next === null || here.dueOn === null || next.dueOn === null || here.dueOn === next.dueOn) return false;
  const step = toDayNumber(next.dueOn) - toDayNumber(here.dueOn);
  if (step !== 1) {
    throw new Error(
      `Deadline ${kind} moves by ${step} days from ${asOf} to the next day: not representable as a segment`,
    );
  }
  return true;
}

/** Whether `next` (starting where `previous` ends) is the same segment continued. */
function continues(previous: DeadlineSegment, next: DeadlineSegment): boolean {
  if (previous.validTo !== next.validFrom) return false;
  if (
    previous.fixedStatus !== next.fixedStatus ||
    previous.obliged !== next.obliged ||
    previous.dueGrows !== next.dueGrows
  )
    return false;
  if (!previous.dueGrows) return previous.dueOn === next.dueOn;
  if (
    previous.dueOn === null ||
    next.dueOn === null ||
    previous.validFrom === null ||
    next.validFrom === null
  )
    return false;
  return (
    addDays(previous.dueOn, toDayNumber(next.validFrom) - toDayNumber(previous.validFrom)) === next.dueOn
  );
}

/** The segment of a kind that holds at `asOf` (undefined = not applicable). */
export function segmentAt(
  segments: readonly DeadlineSegment[],
  kind: DeadlineKind,
  asOf: IsoDate,
): DeadlineSegment | undefined {
  const day = toDayNumber(asOf);
  return segments.find(
    (s) =>
      s.kind === kind &&
      (s.validFrom === null || toDayNumber(s.validFrom) <= day) &&
      (s.validTo === null || day < toDayNumber(s.validTo)),
  );
}

/**
 * What a segment says at `asOf`, computed the way the SQL does (`deadlineStatusSql`): used by the tests to prove that
 * segments + SQL rule = the domain, and by callers holding segments in memory.
 */
export function statusFromSegment(
  segment: DeadlineSegment | undefined,
  asOf: IsoDate,
  rules: RuleConfig,
): { dueOn: IsoDate | null; status: DeadlineStatus } {
  if (segment === undefined) return { dueOn: null, status: 'not-applicable' };
  const dueOn =
    segment.dueOn !== null && segment.dueGrows && segment.validFrom !== null
      ? addDays(segment.dueOn, toDayNumber(asOf) - toDayNumber(segment.validFrom))
      : segment.dueOn;
  if (segment.fixedStatus !== null) return { dueOn, status: segment.fixedStatus };
  if (dueOn === null) return { dueOn, status: 'not-applicable' };
  const daysLeft = toDayNumber(dueOn) - toDayNumber(asOf);
  return {
    dueOn,
    status: daysLeft < 0 ? 'overdue' : daysLeft <= rules.dueSoonDays ? 'due-soon' : 'on-track',
  };
}

/**
 * A fingerprint of a parcours' segments (and the CRI they are filed under): when it is unchanged, the rows are not
 * rewritten. 64 bits of two FNV-1a variants: a collision between two versions of one case's segments is negligible.
 */
export function segmentsFingerprint(segments: readonly DeadlineSegment[], criCode: string): string {
  let text = `${criCode};`;
  for (const s of segments) {
    text += `${s.kind}|${s.validFrom ?? ''}|${s.validTo ?? ''}|${s.dueOn ?? ''}|${s.dueGrows ? 1 : 0}|${s.fixedStatus ?? ''}|${s.obliged ? 1 : 0};`;
  }
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return `${(h1 >>> 0).toString(16).padStart(8, '0')}${(h2 >>> 0).toString(16).padStart(8, '0')}-${segments.length}`;
}

/**
 * What each deadline becomes once every fact of the case has taken effect (its last segment, open-ended), kept on the
 * case row so that lists can filter and sort by deadline status without reading the segments: from `tailFrom` on,
 * nothing but the passing of time changes the deadlines. Before `tailFrom` (a past date, or a suspension ending
 * later), queries read the segments.
 */
export type DeadlineTail = {
  /** First day from which the tail holds ('-infinity' when the case has no breakpoint). */
  readonly tailFrom: IsoDate | '-infinity';
  readonly kinds: Record<
    DeadlineKind,
    {
      present: boolean;
      validFrom: IsoDate | '-infinity' | null;
      dueOn: IsoDate | null;
      dueGrows: boolean;
      fixedStatus: FixedStatus | null;
    }
  >;
};

export function deadlineTail(segments: readonly DeadlineSegment[]): DeadlineTail {
  let tail: number | null = null;
  for (const s of segments) {
    const edge = s.validTo ?? s.validFrom;
    if (edge !== null && (tail === null || toDayNumber(edge) > tail)) tail = toDayNumber(edge);
  }
  const kinds = {} as DeadlineTail['kinds'];
  for (const kind of DEADLINE_KINDS) {
    const mine = segments.filter((s) => s.kind === kind);
    const last = mine[mine.length - 1];
    kinds[kind] =
      last !== undefined && last.validTo === null
        ? {
            present: true,
            validFrom: last.validFrom ?? '-infinity',
            dueOn: last.dueOn,
            dueGrows: last.dueGrows,
            fixedStatus: last.fixedStatus,
          }
        : { present: false, validFrom: null, dueOn: null, dueGrows: false, fixedStatus: null };
  }
  return { tailFrom: tail === null ? '-infinity' : fromDayNumber(tail), kinds };
}
