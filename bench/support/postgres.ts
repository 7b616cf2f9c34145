import {
  ensureDatabase,
  runMigrations,
  startEmbeddedPostgres,
  withDatabase,
  type EmbeddedPostgresHandle,
} from '@app/platform';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface BenchServer {
  /** Maintenance database URL. */
  url: string;
  /** A fresh, migrated database (dropped first if it exists). */
  database(name: string, options?: { migrate?: boolean }): Promise<string>;
  stop(): Promise<void>;
}

/**
 * One embedded PostgreSQL 15 for the whole bench run (libs/platform startEmbeddedPostgres), or the server of
 * BENCH_DATABASE_URL. Its data directory is removed at the end.
 */
export async function startBenchServer(): Promise<BenchServer> {
  let handle: EmbeddedPostgresHandle | null = null;
  let dir: string | null = null;
  let url = process.env.BENCH_DATABASE_URL ?? null;
  if (!url) {
    dir = mkdtempSync(join(tmpdir(), 'jalon-bench-'));
    chmodSync(dir, 0o755); // as root the server runs as the postgres user, which must reach its data directory
    handle = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), persistent: false });
    url = handle.url;
  }
  const serverUrl = url;
  return {
    url: serverUrl,
    database: async (name, options = {}) => {
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
      const dbUrl = withDatabase(serverUrl, name);
      await ensureDatabase(dbUrl);
      if (options.migrate !== false) await runMigrations(dbUrl);
      return dbUrl;
    },
    stop: async () => {
      await handle?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
