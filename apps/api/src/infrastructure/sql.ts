import type { DataSource, EntityManager } from 'typeorm';

/**
 * The rows of an `UPDATE … RETURNING` (or `DELETE … RETURNING`). TypeORM's PostgreSQL driver answers such a query
 * with `[rows, affectedCount]` rather than the rows, unlike a SELECT or an INSERT … RETURNING.
 */
export async function updateReturning<R>(
  db: DataSource | EntityManager,
  sql: string,
  params: unknown[],
): Promise<R[]> {
  const result: unknown = await db.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as R[];
  return result as R[];
}
