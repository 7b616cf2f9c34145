import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  addMonths,
  CRI_COUNTS_TABLE,
  CRI_LABELS,
  caseOverdueParts,
  caseOverdueSql,
  dueSoonParcoursSql,
  DISPENSE_CATEGORIES,
  dueOnSql,
  PARCOURS_TABLE,
  runningSegmentsAtSql,
  type CriCode,
  type DeadlineKind,
  type IsoDate,
} from '@app/parcours';
import { DataSource } from 'typeorm';
import { OBLIGATIONS } from './labels';
import { ReadContext, SqlParams } from './read-context';

/** Stages of a case still being followed (no attestation yet, not closed). */
const ACTIVE_STAGES = ['awaiting-presentation', 'accueil', 'training'] as const;

type DeadlineCounts = { parcours: number } & Record<DeadlineKind, number>;

export type CriDashboard = {
  criCode: string;
  label: string;
  asOf: IsoDate;
  /** Cases being followed: open, no attestation yet. */
  activeParcours: { total: number; byObligation: Record<string, number>; byStage: Record<string, number> };
  /** Deadlines past at asOf (parcours = cases with at least one), and due within the due-soon window. */
  overdue: DeadlineCounts;
  dueSoon: DeadlineCounts;
  /** Last 12 months, oldest first (the current month included, up to asOf). */
  months: Array<{ month: string; openings: number; attestations: number }>;
  /** Median days from card order to attestation, over the attestations of those 12 months. */
  medianDaysCardOrderToAttestation: number | null;
  dispensesByCategory: Record<string, number>;
  nationalityDossiers: { opened: number; complete: number };
};

export type AccompagnateurRow = {
  accompagnateurId: string | null;
  activeParcours: number;
  overdue: number;
  dueSoon: number;
};

const emptyCounts = (): DeadlineCounts => ({ parcours: 0, presentation: 0, attestation: 0, evaluation: 0 });

/**
 * CRI dashboards: the figures only events change (cases followed, openings, attestations, dispenses, dossiers) are
 * read from the counts the projection keeps per CRI (rm_cri_counts_v1); the deadline figures, which change with the
 * date, are counted over the segments in force today and the cases' overdue_from; the median over the attestations of
 * the 12 months (docs/benchmarks.md gives the times at 100,000 parcours).
 */
@Injectable()
export class DashboardQueries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ctx: ReadContext,
  ) {}

  async forCris(cris: readonly string[]): Promise<CriDashboard[]> {
    const asOf = this.ctx.today();
    const months = lastTwelveMonths(asOf);
    const first = `${months[0]}-01`;
    const only = cris.length === 1 ? cris[0] : null;
    const q = <T>(sql: string, values: unknown[]) => this.db.query<T[]>(sql, values);
    const p = (extra: unknown[]) => (only === null ? extra : [...extra, only]);
    const criFilter = (column: string, index: number) => (only === null ? '' : `AND ${column} = $${index}`);

    const deadlinesQuery = (() => {
      const params = new SqlParams();
      const at = params.add(asOf, '::date');
      const soon = params.add(this.ctx.rules.dueSoonDays, '::int');
      const cri = only === null ? '' : params.add(only);
      const inCri = (column: string) => (only === null ? '' : `AND ${column} = ${cri}`);
      const due = dueOnSql('s', at);
      // The running clocks in force at asOf that are overdue or due soon (due_on is a lower bound of the due date).
      const running = (where: string) =>
        runningSegmentsAtSql(
          at,
          `s.due_on <= ${at} + ${soon} ${where} ${inCri('s.cri_code')}`,
          `s.cri_code, s.parcours_id, s.kind, ${due} AS due`,
        );
      const isSoon = `due >= ${at} AND due <= ${at} + ${soon}`;
      // Per kind: a case has at most one segment of a kind in force, so deadlines are counted without grouping by case.
      // Per case, as the case list counts them: overdue from the case rows (overdue_from, two indexed parts); due soon,
      // cases with a deadline due soon and none overdue (a case is counted once, under its most urgent status).
      const [fromTail, fromSegments] = caseOverdueParts('p', at);
      return {
        sql: `SELECT cri_code, kind AS what, count(*) FILTER (WHERE due < ${at})::int AS overdue, count(*) FILTER (WHERE ${isSoon})::int AS due_soon
              FROM (${running('')}) r GROUP BY 1, 2
              UNION ALL
              SELECT p.cri_code, 'parcours', 0, count(*)::int FROM ${PARCOURS_TABLE} p
              WHERE p.parcours_id IN (${dueSoonParcoursSql(at, soon, only === null ? 'true' : `s.cri_code = ${cri}`)})
                AND NOT ${caseOverdueSql('p', at)} ${inCri('p.cri_code')} GROUP BY 1
              UNION ALL
              SELECT p.cri_code, 'parcours', count(*)::int, 0 FROM ${PARCOURS_TABLE} p WHERE ${fromTail} ${inCri('p.cri_code')} GROUP BY 1
              UNION ALL
              SELECT p.cri_code, 'parcours', count(*)::int, 0 FROM ${PARCOURS_TABLE} p WHERE ${fromSegments} ${inCri('p.cri_code')} GROUP BY 1`,
        values: params.values,
      };
    })();

    const [counts, deadlineRows, medians] = await Promise.all([
      // Everything that only events change: kept per CRI by the projection (rm_cri_counts_v1).
      q<{ cri_code: string; metric: string; key: string; n: number }>(
        `SELECT cri_code, metric, key, n FROM ${CRI_COUNTS_TABLE} ${only === null ? '' : 'WHERE cri_code = $1'}`,
        p([]),
      ),
      q<{ cri_code: string; what: 'parcours' | DeadlineKind; overdue: number; due_soon: number }>(
        deadlinesQuery.sql,
        deadlinesQuery.values,
      ),
      q<{ cri: string; median: number | null }>(
        `SELECT attestation_cri_code AS cri,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY attestation_issued_on - card_order_date)::float8 AS median
         FROM ${PARCOURS_TABLE}
         WHERE attestation_issued_on IS NOT NULL AND attestation_issued_on >= $1::date AND attestation_issued_on <= $2::date
           AND card_order_date IS NOT NULL ${criFilter('attestation_cri_code', 3)}
         GROUP BY 1`,
        p([first, asOf]),
      ),
    ]);
    const counted = (cri: string, metric: string, key: string) =>
      counts.find((c) => c.cri_code === cri && c.metric === metric && c.key === key)?.n ?? 0;

    return cris.map((cri) => {
      const byObligation = Object.fromEntries(OBLIGATIONS.map((o) => [o, 0])) as Record<string, number>;
      const byStage = Object.fromEntries(ACTIVE_STAGES.map((s) => [s, 0])) as Record<string, number>;
      let total = 0;
      for (const r of counts.filter((c) => c.cri_code === cri && c.metric === 'active')) {
        const [obligation, stage] = r.key.split('|');
        total += r.n;
        byObligation[obligation] = (byObligation[obligation] ?? 0) + r.n;
        byStage[stage] = (byStage[stage] ?? 0) + r.n;
      }
      const overdue = emptyCounts();
      const dueSoon = emptyCounts();
      for (const r of deadlineRows.filter((d) => d.cri_code === cri)) {
        overdue[r.what] += r.overdue;
        dueSoon[r.what] += r.due_soon;
      }
      const median = medians.find((m) => m.cri === cri)?.median ?? null;
      return {
        criCode: cri,
        label: CRI_LABELS[cri as CriCode] ?? cri,
        asOf,
        activeParcours: { total, byObligation, byStage },
        overdue,
        dueSoon,
        months: months.map((month) => ({
          month,
          openings: counted(cri, 'openings', month),
          attestations: counted(cri, 'attestations', month),
        })),
        medianDaysCardOrderToAttestation: median === null ? null : Math.round(median * 10) / 10,
        dispensesByCategory: Object.fromEntries(
          DISPENSE_CATEGORIES.map((c) => [c, counted(cri, 'dispense', c)]),
        ),
        nationalityDossiers: {
          opened: counted(cri, 'dossier', 'opened'),
          complete: counted(cri, 'dossier', 'complete'),
        },
      };
    });
  }

  /** One row per accompagnateur of a CRI: cases being followed, and those with a deadline overdue or due soon today. */
  async accompagnateurs(cri: string): Promise<AccompagnateurRow[]> {
    const params = new SqlParams();
    const c = params.add(cri);
    const at = params.add(this.ctx.today(), '::date');
    const soon = params.add(this.ctx.rules.dueSoonDays, '::int');
    // Cases with an overdue deadline: the two indexed parts of caseOverdueParts, counted apart (they are disjoint).
    const overdue = caseOverdueParts('p', at).map(
      (part) =>
        `SELECT COALESCE(p.accompagnateur_id, ''), 0, count(*), 0 FROM ${PARCOURS_TABLE} p WHERE p.cri_code = ${c} AND ${part} GROUP BY 1`,
    );
    const rows = await this.db.query<
      Array<{ accompagnateur_id: string | null; active: number; overdue: number; due_soon: number }>
    >(
      `SELECT NULLIF(k, '') AS accompagnateur_id, sum(active)::int AS active, sum(overdue)::int AS overdue, sum(due_soon)::int AS due_soon
       FROM (
         SELECT COALESCE(accompagnateur_id, '') AS k, count(*) AS active, 0 AS overdue, 0 AS due_soon FROM ${PARCOURS_TABLE}
         WHERE cri_code = ${c} AND status = 'open' AND attestation_issued_on IS NULL GROUP BY 1
         UNION ALL
         ${overdue.join(' UNION ALL ')}
         UNION ALL
         SELECT COALESCE(p.accompagnateur_id, ''), 0, 0, count(*) FROM ${PARCOURS_TABLE} p
         WHERE p.cri_code = ${c} AND p.parcours_id IN (${dueSoonParcoursSql(at, soon, `s.cri_code = ${c}`)})
           AND NOT ${caseOverdueSql('p', at)} GROUP BY 1
       ) counts
       GROUP BY k ORDER BY k = '', k`,
      params.values,
    );
    return rows.map((r) => ({
      accompagnateurId: r.accompagnateur_id,
      activeParcours: r.active,
      overdue: r.overdue,
      dueSoon: r.due_soon,
    }));
  }
}

/** 'YYYY-MM' of the 12 months ending with asOf's month, oldest first. */
export function lastTwelveMonths(asOf: IsoDate): string[] {
  const start = addMonths(`${asOf.slice(0, 7)}-01`, -11);
  return Array.from({ length: 12 }, (_, i) => addMonths(start, i).slice(0, 7));
}
