import type { ParcoursRow } from './parcours-row';

/**
 * rm_cri_counts_v1: the figures of the CRI dashboards that only events change, kept per CRI by the parcours_read_v1
 * projection (one upsert of deltas per batch), so that a dashboard reads a few hundred rows instead of aggregating
 * every case. The deadline figures (overdue, due soon) change with the date and are still computed at query time.
 *
 * metric / key:
 * - `active` / `<obligation>|<stage>`: cases being followed (open, no attestation yet), under their current CRI;
 * - `openings` / `YYYY-MM`: cases opened that month, under the CRI that opened them;
 * - `attestations` / `YYYY-MM`: attestations issued that month, under the CRI that issued them;
 * - `dispense` / category: cases with that dispense, under their current CRI;
 * - `dossier` / `opened` | `complete`: nationality dossiers opened, and complete among them.
 */
export const CRI_COUNTS_TABLE = 'rm_cri_counts_v1';

/** The columns of a case row the counts depend on. */
export type CountedColumns = Pick<
  ParcoursRow,
  | 'cri_code'
  | 'opening_cri_code'
  | 'obligation'
  | 'stage'
  | 'status'
  | 'opened_on'
  | 'attestation_issued_on'
  | 'attestation_cri_code'
  | 'dispense_categories'
  | 'nationality_dossier_opened_on'
  | 'nationality_dossier_complete'
>;

/** The same columns read back from rm_parcours_v1 (dates as text, as the row was written). */
export const COUNTED_COLUMNS_SELECT = [
  'cri_code',
  'opening_cri_code',
  'obligation',
  'stage',
  'status',
  'opened_on::text AS opened_on',
  'attestation_issued_on::text AS attestation_issued_on',
  'attestation_cri_code',
  'dispense_categories',
  'nationality_dossier_opened_on::text AS nationality_dossier_opened_on',
  'nationality_dossier_complete',
].join(', ');

/** What one case adds to the counts: [cri, metric, key] (a key may appear twice: it then counts twice). */
export function countedBy(row: CountedColumns): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  if (row.status === 'open' && row.attestation_issued_on === null)
    out.push([row.cri_code, 'active', `${row.obligation}|${row.stage}`]);
  if (row.opened_on !== null) out.push([row.opening_cri_code, 'openings', row.opened_on.slice(0, 7)]);
  if (row.attestation_issued_on !== null && row.attestation_cri_code !== null)
    out.push([row.attestation_cri_code, 'attestations', row.attestation_issued_on.slice(0, 7)]);
  for (const category of row.dispense_categories) out.push([row.cri_code, 'dispense', category]);
  if (row.nationality_dossier_opened_on !== null) {
    out.push([row.cri_code, 'dossier', 'opened']);
    if (row.nationality_dossier_complete === true) out.push([row.cri_code, 'dossier', 'complete']);
  }
  return out;
}

/** Adds (sign 1) or removes (sign -1) what a case counts to `deltas` (keyed by cri, metric and key). */
export function addCounts(deltas: Map<string, number>, row: CountedColumns, sign: 1 | -1): void {
  for (const k of countedBy(row)) {
    const key = JSON.stringify(k);
    deltas.set(key, (deltas.get(key) ?? 0) + sign);
  }
}

/**
 * The counts computed from the case rows in SQL: what the table must always hold (the migration fills the table with
 * it; the projection tests compare the table with it). Same definitions as countedBy.
 */
export const CRI_COUNTS_FROM_ROWS_SQL = `
  SELECT cri_code, metric, key, count(*)::int AS n FROM (
    SELECT cri_code, 'active' AS metric, obligation || '|' || stage AS key FROM rm_parcours_v1
      WHERE status = 'open' AND attestation_issued_on IS NULL
    UNION ALL
    SELECT opening_cri_code, 'openings', to_char(opened_on, 'YYYY-MM') FROM rm_parcours_v1 WHERE opened_on IS NOT NULL
    UNION ALL
    SELECT attestation_cri_code, 'attestations', to_char(attestation_issued_on, 'YYYY-MM') FROM rm_parcours_v1
      WHERE attestation_issued_on IS NOT NULL AND attestation_cri_code IS NOT NULL
    UNION ALL
    SELECT cri_code, 'dispense', category FROM rm_parcours_v1, unnest(dispense_categories) AS category
    UNION ALL
    SELECT cri_code, 'dossier', 'opened' FROM rm_parcours_v1 WHERE nationality_dossier_opened_on IS NOT NULL
    UNION ALL
    SELECT cri_code, 'dossier', 'complete' FROM rm_parcours_v1
      WHERE nationality_dossier_opened_on IS NOT NULL AND nationality_dossier_complete
  ) x GROUP BY 1, 2, 3`;
