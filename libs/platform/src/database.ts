import { PG_SESSION_LIMITS, sessionOptions } from '@app/event-store';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ALL_ENTITIES, ALL_MIGRATIONS } from './schema';

/** TypeORM options shared by the api, the projector, the CLI and the tests. Schema comes from migrations only. */
export const dataSourceOptions = (url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions =>
  ({
    type: 'postgres',
    url,
    entities: ALL_ENTITIES,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
    extra: {
      max: 10,
      application_name: 'jalon',
      connectionTimeoutMillis: 5000,
      // Short interactive queries: parallel workers cost more to start than they save, and take the CPUs other
      // requests need (docs/decisions/0008-read-side-fast-paths.md).
      // Session limits (lock, statement, idle in transaction): one hung session cannot stop every write.
      options: sessionOptions(PG_SESSION_LIMITS, 'max_parallel_workers_per_gather=0'),
    },
    ...extra,
  }) as DataSourceOptions;

/** Creates the database named in `url` when it does not exist yet (connecting to the `postgres` database). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, '')) || 'postgres';
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** Applies every pending migration; returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, { extra: { max: 2 } }));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
