import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  deadlineOf,
  deadlineStatusSql,
  dueOnSql,
  dueRangeSql,
  formatDateFr,
  PARCOURS_TABLE,
  SEGMENTS_TABLE,
  runningEndingSql,
  runningLastSql,
  segmentHoldsSql,
  timedStatusSql,
  type DeadlineKind,
  type DeadlineStatus,
  type IsoDate,
  type ParcoursState,
} from '@app/parcours';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/roles';
import type { CsvCell } from './csv';
import { DEADLINE_KIND_LABELS, DEADLINE_STATUS_LABELS } from './labels';
import { MAX_PAGE_SIZE } from './read.dto';
import { ReadContext, SqlParams } from './read-context';

/** Without a status filter, compliance lists the deadlines still running: met, dispensed or closed ones are history. */
export const OPEN_DEADLINE_STATUSES: readonly DeadlineStatus[] = [
  'overdue',
  'due-soon',
  'suspended',
  'on-track',
];

export type ComplianceFilter = { asOf?: string; cri?: string; kind?: string; status?: string };

export type ComplianceItem = {
  parcoursId: string;
  person: { lastName: string | null; firstName: string | null };
  criCode: string;
  kind: DeadlineKind;
  dueOn: IsoDate | null;
  status: DeadlineStatus;
  /** `met-late` only: days between the due date and the day the step was done. */
  daysLate: number | null;
  explanation: string[];
};

type Row = {
  parcours_id: string;
  kind: DeadlineKind;
  due_on: string | null;
  status: DeadlineStatus;
  cri_code: string;
};

export const COMPLIANCE_CSV_HEADER = [
  'Dossier',
  'Nom',
  'Prénom',
  'CRI',
  'Échéance',
  "Date d'échéance",
  'Statut',
  'Explication',
] as const;

const TIMED: readonly string[] = ['overdue', 'due-soon', 'on-track'];
const KIND_ORDER = `ARRAY['presentation', 'attestation', 'evaluation']::text[]`;
/** Soonest first; a deadline without a due date last; then by case and in the order of the case page. */
const ORDER = 'due NULLS LAST, parcours_id, kind_order';
const ROW_COLUMNS = 'parcours_id, kind, due::text AS due_on, status, cri_code';

/**
 * Deadlines of obliged persons at a date ("as of"), soonest first: selected, counted and sorted in SQL on the deadline
 * segments; each row's explanation comes from the domain (deadlineOf on the stored state), so it reads exactly as on
 * the case's page.
 */
@Injectable()
export class ComplianceQueries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ctx: ReadContext,
  ) {}

  async page(user: AuthenticatedUser, filter: ComplianceFilter, page: number, pageSizeRequested: number) {
    const pageSize = Math.min(pageSizeRequested, MAX_PAGE_SIZE);
    const asOf = this.ctx.asOf(filter.asOf);
    const query = this.select(user, filter, asOf);
    if (query === null) return { items: [] as ComplianceItem[], total: 0, page, pageSize, asOf };
    const { branches, params } = query;
    const counted = params.values.slice();
    // Each part reads at most the rows up to the end of the page, in its own order (an index for the usual one):
    // the page is then a merge of short sorted lists, and the count a separate index read.
    const upTo = params.add((page - 1) * pageSize + pageSize, '::int');
    const limit = params.add(pageSize, '::int');
    const offset = params.add((page - 1) * pageSize, '::int');
    const [rows, count] = await Promise.all([
      this.db.query<Row[]>(
        `SELECT ${ROW_COLUMNS} FROM (${branches.map((b) => `(${b} ORDER BY ${ORDER} LIMIT ${upTo})`).join(' UNION ALL ')}) c
         ORDER BY ${ORDER} LIMIT ${limit} OFFSET ${offset}`,
        params.values,
      ),
      this.db.query<Array<{ total: string }>>(
        `SELECT count(*) AS total FROM (${branches.join(' UNION ALL ')}) c`,
        counted,
      ),
    ]);
    return {
      items: await this.explain(rows, asOf),
      total: Number(count[0]?.total ?? 0),
      page,
      pageSize,
      asOf,
    };
  }

  /** Every row of the filter, in chunks (for the CSV export), as CSV cells. */
  async *csvRows(
    user: AuthenticatedUser,
    filter: ComplianceFilter,
    asOf: IsoDate,
    onIds: (ids: string[]) => Promise<void>,
  ): AsyncGenerator<CsvCell[][]> {
    const query = this.select(user, filter, asOf);
    if (query === null) return;
    const rows = await this.db.query<Row[]>(
      `SELECT ${ROW_COLUMNS} FROM (${query.branches.join(' UNION ALL ')}) c ORDER BY ${ORDER}`,
      query.params.values,
    );
    const chunk = 1000;
    for (let i = 0; i < rows.length; i += chunk) {
      const items = await this.explain(rows.slice(i, i + chunk), asOf);
      await onIds([...new Set(items.map((item) => item.parcoursId))]);
      yield items.map((item) => [
        item.parcoursId,
        item.person.lastName,
        item.person.firstName,
        item.criCode,
        DEADLINE_KIND_LABELS[item.kind],
        item.dueOn === null ? '' : formatDateFr(item.dueOn),
        DEADLINE_STATUS_LABELS[item.status],
        item.explanation.join('\n'),
      ]);
    }
  }

  /**
   * The deadline rows of the filter at asOf, as SELECTs to be joined by UNION ALL (each with the columns parcours_id,
   * kind, due, status, kind_order, cri_code), or null when the reader may see none. Running clocks are split by how
   * their due date is read: fixed (the usual case: its status is a range of due_on, read in index order), moving one
   * day per day (an open suspension), and the segments that end after asOf; stopped clocks (suspended…) apart.
   */
  private select(
    user: AuthenticatedUser,
    filter: ComplianceFilter,
    asOf: IsoDate,
  ): { branches: string[]; params: SqlParams } | null {
    const scope = this.ctx.scope(user, filter.cri);
    if (scope === 'none') return null;
    const params = new SqlParams();
    const at = params.add(asOf, '::date');
    const where = ['s.obliged'];
    if (scope.cri !== null) where.push(`s.cri_code = ${params.add(scope.cri)}`);
    if (filter.kind) where.push(`s.kind = ${params.add(filter.kind)}`);
    const statuses: readonly string[] = filter.status ? [filter.status] : OPEN_DEADLINE_STATUSES;
    const timed = TIMED.filter((x) => statuses.includes(x));
    const fixed = statuses.filter((x) => !TIMED.includes(x) && x !== 'not-applicable');
    const select = (due: string, status: string, conditions: string[]) =>
      `SELECT s.parcours_id, s.kind, ${due} AS due, ${status} AS status, array_position(${KIND_ORDER}, s.kind) AS kind_order, s.cri_code
       FROM ${SEGMENTS_TABLE} s WHERE ${[...where, ...conditions].join(' AND ')}`;
    const branches: string[] = [];
    if (timed.length > 0) {
      // (a parameter no statement reads would have no type: added only where it is used)
      const soon = params.add(this.ctx.rules.dueSoonDays, '::int');
      const moving = dueOnSql('s', at);
      const status = deadlineStatusSql('s', at, soon);
      const inTimed = `${status} = ANY(${params.add(timed, '::text[]')})`;
      branches.push(
        select('s.due_on', timedStatusSql('s.due_on', at, soon), [
          runningLastSql(at),
          'NOT s.due_grows',
          dueRangeSql(timed, 's.due_on', at, soon),
        ]),
        select(moving, status, [runningLastSql(at), 's.due_grows', inTimed]),
        select(moving, status, [runningEndingSql(at), inTimed]),
      );
    }
    if (fixed.length > 0) {
      branches.push(
        select(dueOnSql('s', at), 's.fixed_status', [
          `s.fixed_status = ANY(${params.add(fixed, '::text[]')})`,
          segmentHoldsSql('s', at),
        ]),
      );
    }
    return branches.length === 0 ? null : { branches, params };
  }

  /** Adds the domain's explanation to each row (states of the rows' cases read once). */
  private async explain(rows: readonly Row[], asOf: IsoDate): Promise<ComplianceItem[]> {
    if (rows.length === 0) return [];
    const ids = [...new Set(rows.map((r) => r.parcours_id))];
    const cases = await this.db.query<
      Array<{
        parcours_id: string;
        last_name: string | null;
        first_name: string | null;
        state: ParcoursState;
      }>
    >(
      `SELECT parcours_id, last_name, first_name, state FROM ${PARCOURS_TABLE} WHERE parcours_id = ANY($1::text[])`,
      [ids],
    );
    const byId = new Map(cases.map((c) => [c.parcours_id, c]));
    return rows.map((r) => {
      const found = byId.get(r.parcours_id);
      const deadline = found ? deadlineOf(found.state, r.kind, asOf, this.ctx.rules) : null;
      return {
        parcoursId: r.parcours_id,
        person: { lastName: found?.last_name ?? null, firstName: found?.first_name ?? null },
        criCode: r.cri_code,
        kind: r.kind,
        dueOn: r.due_on,
        status: r.status,
        daysLate: deadline?.daysLate ?? null,
        explanation: deadline?.explanation ?? [],
      };
    });
  }
}
