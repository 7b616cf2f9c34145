import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  addMonths,
  CRI_LABELS,
  deadlineStatusSql,
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
 * CRI dashboards: indexed aggregates over rm_parcours_v1 (cases, openings, attestations, dispenses, dossiers) and over
 * the deadline segments in force today (overdue, due soon). Nothing is pre-aggregated: each figure is one indexed
 * query, all run in parallel (p95 measured well under 100 ms at 100,000 parcours).
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
      const cri = only === null ? '' : `AND s.cri_code = ${params.add(only)}`;
      const due = dueOnSql('s', at);
      // The running clocks in force at asOf that are overdue or due soon (due_on is a lower bound of the due date),
      // folded per case in one pass: a case counts once in `parcours`, and once per late deadline in its kind.
      const running = runningSegmentsAtSql(
        at,
        `s.due_on <= ${at} + ${soon} ${cri}`,
        `s.cri_code, s.parcours_id, s.kind, ${due} AS due`,
      );
      const late = (kind: string) => `bool_or(kind = '${kind}' AND due < ${at})`;
      const soonFor = (kind: string) =>
        `bool_or(kind = '${kind}' AND due >= ${at} AND due <= ${at} + ${soon})`;
      return {
        sql: `WITH x AS (
                SELECT cri_code, parcours_id,
                       ${late('presentation')} AS op, ${late('attestation')} AS oa, ${late('evaluation')} AS oe,
                       ${soonFor('presentation')} AS sp, ${soonFor('attestation')} AS sa, ${soonFor('evaluation')} AS se
                FROM (${running}) r GROUP BY 1, 2)
              SELECT cri_code,
                     count(*) FILTER (WHERE op OR oa OR oe)::int AS o, count(*) FILTER (WHERE op)::int AS o_p,
                     count(*) FILTER (WHERE oa)::int AS o_a, count(*) FILTER (WHERE oe)::int AS o_e,
                     count(*) FILTER (WHERE sp OR sa OR se)::int AS s, count(*) FILTER (WHERE sp)::int AS s_p,
                     count(*) FILTER (WHERE sa)::int AS s_a, count(*) FILTER (WHERE se)::int AS s_e
              FROM x GROUP BY 1`,
        values: params.values,
      };
    })();

    const [active, deadlineRows, openings, attestations, medians, dispenses, dossiers] = await Promise.all([
      q<{ cri_code: string; obligation: string; stage: string; n: number }>(
        `SELECT cri_code, obligation, stage, count(*)::int AS n FROM ${PARCOURS_TABLE}
         WHERE status = 'open' AND attestation_issued_on IS NULL ${criFilter('cri_code', 1)} GROUP BY 1, 2, 3`,
        p([]),
      ),
      q<{
        cri_code: string;
        o: number;
        o_p: number;
        o_a: number;
        o_e: number;
        s: number;
        s_p: number;
        s_a: number;
        s_e: number;
      }>(deadlinesQuery.sql, deadlinesQuery.values),
      q<{ cri: string; month: string; n: number }>(
        `SELECT opening_cri_code AS cri, to_char(opened_on, 'YYYY-MM') AS month, count(*)::int AS n FROM ${PARCOURS_TABLE}
         WHERE opened_on >= $1::date AND opened_on <= $2::date ${criFilter('opening_cri_code', 3)} GROUP BY 1, 2`,
        p([first, asOf]),
      ),
      q<{ cri: string; month: string; n: number }>(
        `SELECT attestation_cri_code AS cri, to_char(attestation_issued_on, 'YYYY-MM') AS month, count(*)::int AS n FROM ${PARCOURS_TABLE}
         WHERE attestation_issued_on IS NOT NULL AND attestation_issued_on >= $1::date AND attestation_issued_on <= $2::date
         ${criFilter('attestation_cri_code', 3)} GROUP BY 1, 2`,
        p([first, asOf]),
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
      q<{ cri_code: string; category: string; n: number }>(
        `SELECT cri_code, category, count(*)::int AS n FROM ${PARCOURS_TABLE}, unnest(dispense_categories) AS category
         WHERE dispense_categories <> '{}' ${criFilter('cri_code', 1)} GROUP BY 1, 2`,
        p([]),
      ),
      q<{ cri_code: string; opened: number; complete: number }>(
        `SELECT cri_code, count(*)::int AS opened, count(*) FILTER (WHERE nationality_dossier_complete)::int AS complete FROM ${PARCOURS_TABLE}
         WHERE nationality_dossier_opened_on IS NOT NULL ${criFilter('cri_code', 1)} GROUP BY 1`,
        p([]),
      ),
    ]);

    return cris.map((cri) => {
      const byObligation = Object.fromEntries(OBLIGATIONS.map((o) => [o, 0])) as Record<string, number>;
      const byStage = Object.fromEntries(ACTIVE_STAGES.map((s) => [s, 0])) as Record<string, number>;
      let total = 0;
      for (const r of active.filter((a) => a.cri_code === cri)) {
        total += r.n;
        byObligation[r.obligation] = (byObligation[r.obligation] ?? 0) + r.n;
        byStage[r.stage] = (byStage[r.stage] ?? 0) + r.n;
      }
      const d = deadlineRows.find((r) => r.cri_code === cri);
      const overdue: DeadlineCounts = d
        ? { parcours: d.o, presentation: d.o_p, attestation: d.o_a, evaluation: d.o_e }
        : emptyCounts();
      const dueSoon: DeadlineCounts = d
        ? { parcours: d.s, presentation: d.s_p, attestation: d.s_a, evaluation: d.s_e }
        : emptyCounts();
      const count = (rows: Array<{ cri: string; month: string; n: number }>, month: string) =>
        rows.find((r) => r.cri === cri && r.month === month)?.n ?? 0;
      const median = medians.find((m) => m.cri === cri)?.median ?? null;
      const dossier = dossiers.find((d) => d.cri_code === cri);
      return {
        criCode: cri,
        label: CRI_LABELS[cri as CriCode] ?? cri,
        asOf,
        activeParcours: { total, byObligation, byStage },
        overdue,
        dueSoon,
        months: months.map((month) => ({
          month,
          openings: count(openings, month),
          attestations: count(attestations, month),
        })),
        medianDaysCardOrderToAttestation: median === null ? null : Math.round(median * 10) / 10,
        dispensesByCategory: Object.fromEntries(
          DISPENSE_CATEGORIES.map((c) => [
            c,
            dispenses.find((d) => d.cri_code === cri && d.category === c)?.n ?? 0,
          ]),
        ),
        nationalityDossiers: { opened: dossier?.opened ?? 0, complete: dossier?.complete ?? 0 },
      };
    });
  }

  /** One row per accompagnateur of a CRI: cases being followed, and those with a deadline overdue or due soon today. */
  async accompagnateurs(cri: string): Promise<AccompagnateurRow[]> {
    const params = new SqlParams();
    const c = params.add(cri);
    const at = params.add(this.ctx.today(), '::date');
    const soon = params.add(this.ctx.rules.dueSoonDays, '::int');
    const status = deadlineStatusSql('s', at, soon);
    const rows = await this.db.query<
      Array<{ accompagnateur_id: string | null; active: number; overdue: number; due_soon: number }>
    >(
      `WITH timed AS (
         SELECT s.parcours_id, ${status} AS status FROM (${runningSegmentsAtSql(at, `s.cri_code = ${c} AND s.due_on <= ${at} + ${soon}`)}) s
       ),
       flagged AS (
         SELECT parcours_id, bool_or(status = 'overdue') AS overdue, bool_or(status = 'due-soon') AS due_soon FROM timed
         WHERE status IN ('overdue', 'due-soon') GROUP BY parcours_id
       ),
       counts AS (
         SELECT COALESCE(accompagnateur_id, '') AS k, count(*)::int AS active, 0 AS overdue, 0 AS due_soon FROM ${PARCOURS_TABLE}
         WHERE cri_code = ${c} AND status = 'open' AND attestation_issued_on IS NULL GROUP BY 1
         UNION ALL
         SELECT COALESCE(p.accompagnateur_id, ''), 0, count(*) FILTER (WHERE f.overdue)::int, count(*) FILTER (WHERE f.due_soon)::int
         FROM flagged f JOIN ${PARCOURS_TABLE} p ON p.parcours_id = f.parcours_id GROUP BY 1
       )
       SELECT NULLIF(k, '') AS accompagnateur_id, sum(active)::int AS active, sum(overdue)::int AS overdue, sum(due_soon)::int AS due_soon
       FROM counts GROUP BY k ORDER BY k = '', k`,
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
