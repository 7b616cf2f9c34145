// Loaded by jest outside the test sandbox: aliases are resolved by tsconfig-paths, not by moduleNameMapper.
import 'tsconfig-paths/register';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, withDatabase, type EmbeddedPostgresHandle } from '../../platform/src/embedded-postgres';
import { runMigrations } from '../../platform/src/database';
import { TEMPLATE_DATABASE, TEST_SERVER_ENV } from './test-database';

declare global {
  var __JALON_TEST_PG__: EmbeddedPostgresHandle | undefined;
}

/**
 * One real PostgreSQL per jest run: embedded (default) or the server named by TEST_DATABASE_URL.
 * A template database is migrated once; every test file clones it (see createTestDatabase).
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'jalon-test-'));
    chmodSync(dir, 0o755); // as root, the server runs as the postgres user, which must reach its data directory
    const handle = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), persistent: false });
    globalThis.__JALON_TEST_PG__ = handle;
    serverUrl = handle.url;
  }
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  await runMigrations(withDatabase(serverUrl, TEMPLATE_DATABASE));
  process.env[TEST_SERVER_ENV] = serverUrl;
}
