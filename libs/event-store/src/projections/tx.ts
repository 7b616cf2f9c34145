import type { Client, PoolClient } from 'pg';
import type { ProjectionTx } from './projection';

export const quoteIdent = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe identifier: ${name}`);
  return `"${name}"`;
};

export const liveTx = (
  client: PoolClient | Client,
  mapTable: (name: string) => string = (n) => n,
): ProjectionTx => ({
  query: async <R extends object>(sql: string, params?: unknown[]) =>
    (await client.query<R>(sql, params)).rows,
  table: (name: string) => quoteIdent(mapTable(name)),
});
