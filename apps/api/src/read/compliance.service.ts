import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  deadlineOf,
  deadlineStatusSql,
  dueOnSql,
  formatDateFr,
  PARCOURS_TABLE,
  runningSegmentsAtSql,
  SEGMENT_COLUMNS_SQL,
  SEGMENTS_TABLE,
  segmentHoldsSql,
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
    const { sql, params } = query;
    const limit = params.add(pageSize, '::int');
    const offset = params.add((page - 1) * pageSize, '::int');
    const rows = await this.db.query<Array<Row & { total: string }>>(
      `SELECT *, count(*) OVER () AS total FROM (${sql}) c ORDER BY due_on NULLS LAST, parcours_id, kind_order LIMIT ${limit} OFFSET ${offset}`,
      params.values,
    );
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && page > 1) {
      const count = await this.db.query<Array<{ total: string }>>(
        `SELECT count(*) AS total FROM (${sql}) c`,
        params.values.slice(0, -2),
      );
      total = Number(count[0]?.total ?? 0);
    }
    return { items: await this.explain(rows, asOf), total, page, pageSize, asOf };
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
      `SELECT * FROM (${query.sql}) c ORDER BY due_on NULLS LAST, parcours_id, kind_order`,
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

  /** The SQL selecting the deadline rows of the filter at asOf (unsorted), or null when the reader may see none. */
  private select(
    user: AuthenticatedUser,
    filter: ComplianceFilter,
    asOf: IsoDate,
  ): { sql: string; params: SqlParams } | null {
    const scope = this.ctx.scope(user, filter.cri);
    if (scope === 'none') return null;
    const params = new SqlParams();
    const at = params.add(asOf, '::date');
    const soon = params.add(this.ctx.rules.dueSoonDays, '::int');
    const where = ['s.obliged'];
    if (scope.cri !== null) where.push(`s.cri_code = ${params.add(scope.cri)}`);
    if (filter.kind) where.push(`s.kind = ${params.add(filter.kind)}`);
    const statuses = filter.status ? [filter.status] : OPEN_DEADLINE_STATUSES;
    // Running clocks (pre-selected on due_on, a lower bound of the due date) and stopped ones, in force at asOf.
    const fixed = statuses.filter((x) => !['overdue', 'due-soon', 'on-track', 'not-applicable'].includes(x));
    const bound = statuses.includes('on-track')
      ? null
      : statuses.includes('due-soon')
        ? `${at} + ${soon}`
        : statuses.includes('overdue')
          ? `${at} - 1`
          : undefined;
    const parts: string[] = [];
    if (bound !== undefined)
      parts.push(
        runningSegmentsAtSql(
          at,
          [...where, ...(bound === null ? [] : [`s.due_on <= ${bound}`])].join(' AND '),
        ),
      );
    if (fixed.length > 0) {
      parts.push(
        `SELECT ${SEGMENT_COLUMNS_SQL} FROM ${SEGMENTS_TABLE} s
         WHERE s.fixed_status = ANY(${params.add(fixed, '::text[]')}) AND ${segmentHoldsSql('s', at)} AND ${where.join(' AND ')}`,
      );
    }
    if (parts.length === 0) return null;
    const status = deadlineStatusSql('s', at, soon);
    // Names are read for the rows shown only (explain()), not for every row counted and sorted.
    const sql = `
      SELECT s.parcours_id, s.kind, ${dueOnSql('s', at)}::text AS due_on, ${status} AS status,
             array_position(ARRAY['presentation', 'attestation', 'evaluation']::text[], s.kind) AS kind_order, s.cri_code
      FROM (${parts.join(' UNION ALL ')}) s
      WHERE ${status} = ANY(${params.add(statuses, '::text[]')})`;
    return { sql, params };
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
      const explanation = found ? deadlineOf(found.state, r.kind, asOf, this.ctx.rules).explanation : [];
      return {
        parcoursId: r.parcours_id,
        person: { lastName: found?.last_name ?? null, firstName: found?.first_name ?? null },
        criCode: r.cri_code,
        kind: r.kind,
        dueOn: r.due_on,
        status: r.status,
        explanation,
      };
    });
  }
}
