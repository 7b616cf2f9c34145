import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from './config';
import { ensureDatabase, runMigrations } from './database';
import { embeddedUrl, readEmbeddedPassword, startEmbeddedPostgres, withDatabase, type EmbeddedPostgresHandle } from './embedded-postgres';

export interface ResolvedDatabase {
  url: string;
  embedded: EmbeddedPostgresHandle | null;
  migrationsApplied: string[];
}

/**
 * DATABASE_URL when set; otherwise a real PostgreSQL started from the embedded-postgres package with its data in
 * `<dataDir>/pg` (kept across restarts). Either way the database is created if missing and migrated.
 */
export async function resolveDatabase(config: AppConfig, log: (message: string) => void = () => undefined): Promise<ResolvedDatabase> {
  let embedded: EmbeddedPostgresHandle | null = null;
  let url = config.databaseUrl;
  if (!url) {
    // Another Jalon process (the running api, say) may already serve this data directory: share its server.
    const running = await runningEmbeddedServer(config.dataDir);
    if (running) {
      url = withDatabase(running, 'jalon');
      log(`Using the embedded PostgreSQL already running for ${config.dataDir}`);
    } else {
      log(`Starting embedded PostgreSQL (data in ${join(config.dataDir, 'pg')})…`);
      const handle = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'pg'), persistent: true });
      const marker = join(config.dataDir, 'embedded-server.json');
      // Port and pid only: a process that may use the server reads the password from its 0600 file (pg.password).
      writeFileSync(marker, JSON.stringify({ port: handle.port, pid: process.pid }), { mode: 0o600 });
      chmodSync(marker, 0o600);
      embedded = {
        ...handle,
        stop: async () => {
          rmSync(marker, { force: true });
          await handle.stop();
        },
      };
      url = withDatabase(handle.url, 'jalon');
      log(`Embedded PostgreSQL listening on 127.0.0.1:${handle.port}`);
    }
  }
  try {
    await ensureDatabase(url);
    const migrationsApplied = await runMigrations(url);
    if (migrationsApplied.length > 0) log(`Migrations applied: ${migrationsApplied.join(', ')}`);
    return { url, embedded, migrationsApplied };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/** The URL of an embedded server started by a live Jalon process for this data directory, if any answers. */
async function runningEmbeddedServer(dataDir: string): Promise<string | null> {
  const marker = join(dataDir, 'embedded-server.json');
  if (!existsSync(marker)) return null;
  try {
    const { port, pid } = JSON.parse(readFileSync(marker, 'utf8')) as { port: number; pid: number };
    const password = readEmbeddedPassword(join(dataDir, 'pg'));
    if (!Number.isInteger(port) || password === null) return null;
    process.kill(pid, 0);
    const url = embeddedUrl(port, password);
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await client.connect();
    await client.end();
    return url;
  } catch {
    return null;
  }
}
