import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CRI_COUNTS_FROM_ROWS_SQL } from '../read-models/cri-counts';

/**
 * Fast paths of the read side at 100,000 parcours (docs/benchmarks.md, docs/decisions/0008):
 *
 * - `rm_parcours_v1.overdue_from`: from which date the case is overdue according to its tail columns (a generated
 *   column, so it can never disagree with them). A case is overdue at `asOf` when `overdue_from <= asOf`, or, for the
 *   few cases whose deadlines still change after asOf (`deadlines_tail_from > asOf`), from its segments. The list
 *   filtered on "en retard" then reads one index instead of joining every overdue deadline.
 * - The running clocks of obliged persons whose due date does not move with time, in due-date order: the compliance
 *   list reads its page in index order instead of sorting every deadline.
 * - The few clocks whose due date moves (open suspension without a stopped status) have their own small index.
 * - `rm_cri_counts_v1`: the dashboard figures that only events change, kept per CRI by the projection
 *   (read-models/cri-counts.ts), filled here from the case rows (writers wait: SHARE lock).
 */
// Per kind: the first day its tail is overdue. A fixed due date is overdue from the next day on; a due date that moves
// one day per day (due_on + (asOf - from)) is overdue from the start if it was already past then, never otherwise.
const kindOverdueFrom = (k: string) =>
  `CASE WHEN ${k}_present AND ${k}_fixed IS NULL THEN CASE WHEN NOT ${k}_grows THEN ${k}_due + 1 WHEN ${k}_due < ${k}_from THEN '-infinity'::date END END`;
const firstOverdue = `LEAST(${['presentation', 'attestation', 'evaluation'].map(kindOverdueFrom).join(', ')})`;
// The tail holds from deadlines_tail_from on, so nothing earlier is known from it (GREATEST/LEAST ignore NULLs).
const OVERDUE_FROM = `CASE WHEN ${firstOverdue} IS NOT NULL THEN GREATEST(deadlines_tail_from, ${firstOverdue}) END`;

export class ParcoursReadFastPaths1763700003000 implements MigrationInterface {
  name = 'ParcoursReadFastPaths1763700003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE rm_parcours_v1 ADD COLUMN overdue_from date GENERATED ALWAYS AS (${OVERDUE_FROM}) STORED`,
    );
    await q.query(
      `CREATE INDEX rm_parcours_v1_overdue ON rm_parcours_v1 (overdue_from) INCLUDE (cri_code) WHERE overdue_from IS NOT NULL`,
    );
    await q.query(`CREATE INDEX rm_parcours_v1_tail ON rm_parcours_v1 (deadlines_tail_from)`);
    await q.query(
      `CREATE INDEX rm_deadline_segments_v1_running ON rm_deadline_segments_v1 (due_on, parcours_id) INCLUDE (kind, cri_code, valid_from)
       WHERE valid_to = 'infinity' AND fixed_status IS NULL AND NOT due_grows AND obliged`,
    );
    await q.query(
      `CREATE INDEX rm_deadline_segments_v1_growing ON rm_deadline_segments_v1 (due_on) INCLUDE (parcours_id, kind, cri_code, valid_from, obliged)
       WHERE valid_to = 'infinity' AND fixed_status IS NULL AND due_grows`,
    );
    await q.query(`
      CREATE TABLE rm_cri_counts_v1 (
        cri_code text NOT NULL,
        metric   text NOT NULL,
        key      text NOT NULL,
        n        integer NOT NULL,
        PRIMARY KEY (cri_code, metric, key)
      )`);
    await q.query('LOCK TABLE rm_parcours_v1 IN SHARE MODE');
    await q.query(`INSERT INTO rm_cri_counts_v1 (cri_code, metric, key, n) ${CRI_COUNTS_FROM_ROWS_SQL}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rm_cri_counts_v1');
    await q.query('DROP INDEX rm_deadline_segments_v1_growing');
    await q.query('DROP INDEX rm_deadline_segments_v1_running');
    await q.query('DROP INDEX rm_parcours_v1_tail');
    await q.query('DROP INDEX rm_parcours_v1_overdue');
    await q.query('ALTER TABLE rm_parcours_v1 DROP COLUMN overdue_from');
  }
}
