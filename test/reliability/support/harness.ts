import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { v5 as uuidv5 } from 'uuid';
import { obligedPerson } from '../../support/api';
import { cleanRunDir, forgetPid, recordPid } from './cleanup';
import { API_MAIN, CHILD_GUARD, CLI_MAIN, PG_SERVER, ROOT, RUN_DIR_ENV } from './paths';

export const AUTH_JWT_SECRET = 'reliability-secret-reliability-secret-42';
export const JALON_MASTER_KEY = '7a'.repeat(32);
/** apps/api/src/http/command.interceptor.ts: commandId = uuidv5(userId + ':' + Idempotency-Key, this namespace). */
const COMMAND_ID_NAMESPACE = 'a4f1d9a2-6b0e-4d8e-8a0c-2f6d3c9b7e11';

export const commandIdFor = (userId: string, key: string): string =>
  uuidv5(`${userId}:${key}`, COMMAND_ID_NAMESPACE);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A temp directory (mode 755: as root PostgreSQL runs as the postgres user) under the run's directory. */
export function makeTempDir(prefix: string): string {
  const parent = process.env[RUN_DIR_ENV] ?? tmpdir();
  const dir = mkdtempSync(join(parent, `${prefix}-`));
  chmodSync(dir, 0o755);
  return dir;
}

/** Stops everything started under dir (by recorded pid) and removes it. */
export const removeTempDir = (dir: string): Promise<void> => cleanRunDir(dir);

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

const firstLine = (child: ChildProcess, timeoutMs: number, what: string): Promise<string> =>
  new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\n');
      if (end >= 0) {
        clearTimeout(timer);
        resolve(buffer.slice(0, end));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (code ${code}) before it was ready`));
    });
  });

const waitExit = (child: ChildProcess, timeoutMs: number): Promise<boolean> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(true)
    : new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });

/** An embedded PostgreSQL (startEmbeddedPostgres, persistent) in a helper process; stop() keeps the data. */
export class PgServer {
  private constructor(
    readonly url: string,
    readonly port: number,
    readonly dataDir: string,
    private readonly dir: string,
    private readonly child: ChildProcess,
  ) {}

  /** Starts a server on dir/pg (initialised on the first start); same dir and port restart the same cluster. */
  static async start(dir: string, port?: number): Promise<PgServer> {
    const dataDir = join(dir, 'pg');
    const child = spawn(process.execPath, [PG_SERVER, dataDir, ...(port ? [String(port)] : [])], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    recordPid(dir, child.pid!, 'pg-server.cjs');
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    try {
      const line = JSON.parse(await firstLine(child, 90_000, 'embedded PostgreSQL')) as {
        url?: string;
        port?: number;
        error?: string;
      };
      if (!line.url || !line.port) throw new Error(line.error ?? 'no url');
      return new PgServer(line.url, line.port, dataDir, dir, child);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(
        `embedded PostgreSQL did not start: ${error instanceof Error ? error.message : String(error)}\n${stderr}`,
      );
    }
  }

  /** URL of another database on this server. */
  database(name: string): string {
    const url = new URL(this.url);
    url.pathname = `/${name}`;
    return url.toString();
  }

  /**
   * SIGKILL of the whole server, as a power loss would: the postmaster (pid from postmaster.pid), every backend it
   * started, and the helper process. The data directory is left as it is; a start on it runs crash recovery.
   */
  async kill9(): Promise<void> {
    const postmaster = Number(readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((pid) => pid > 0);
    for (const pid of [postmaster, ...children]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.child.kill('SIGKILL');
    await waitExit(this.child, 10_000);
    forgetPid(this.dir, this.child.pid!);
    // Wait until no process of the old cluster is left (a live backend would keep its shared memory).
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && [postmaster, ...children].some(alive)) await sleep(50);
  }

  /** Fast shutdown (clients are disconnected), data kept. */
  async stop(): Promise<void> {
    this.child.stdin!.end();
    if (!(await waitExit(this.child, 30_000))) {
      this.child.kill('SIGKILL');
      await waitExit(this.child, 5000);
    }
    forgetPid(this.dir, this.child.pid!);
  }
}

export interface ApiProcess {
  baseUrl: string;
  running(): boolean;
  /** SIGKILL, then waits for the process to be gone. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful), SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** The process's output (JSON log lines at LOG_LEVEL=warn, start messages). */
  log(): string;
}

/** Spawns `node dist/apps/api/src/main.js` on databaseUrl and waits for GET /health = 200. */
export async function startApi(dir: string, databaseUrl: string, name = 'api'): Promise<ApiProcess> {
  const port = await freePort();
  // Through child-guard.cjs: the api is killed if this test process ends without stopping it.
  const child = spawn(process.execPath, [CHILD_GUARD, dir, process.execPath, API_MAIN], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      AUTH_JWT_SECRET,
      JALON_MASTER_KEY,
      LOG_LEVEL: 'warn',
      PROJECTIONS: 'inline',
    },
  });
  recordPid(dir, child.pid!, 'child-guard.cjs');
  const signal = (name: 'SIGKILL' | 'SIGTERM'): void => {
    if (child.stdin!.writable) child.stdin!.write(`${name}\n`);
  };
  const file = createWriteStream(join(dir, `${name}.log`), { flags: 'a' });
  let output = '';
  const keep = (chunk: Buffer): void => {
    file.write(chunk);
    output += chunk.toString('utf8');
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.on('exit', () => file.end());
  const api: ApiProcess = {
    baseUrl: `http://127.0.0.1:${port}`,
    running: () => child.exitCode === null && child.signalCode === null,
    kill9: async () => {
      signal('SIGKILL');
      await waitExit(child, 10_000);
      child.stdin!.end();
      forgetPid(dir, child.pid!);
    },
    stop: async () => {
      if (api.running()) {
        signal('SIGTERM');
        if (!(await waitExit(child, 10_000))) {
          signal('SIGKILL');
          await waitExit(child, 5000);
        }
      }
      child.stdin!.end();
      forgetPid(dir, child.pid!);
    },
    log: () => output,
  };
  const deadline = Date.now() + 90_000;
  while (true) {
    if (!api.running()) throw new Error(`the api exited during its start:\n${output.slice(-4000)}`);
    const health = await send(api.baseUrl, 'GET', '/health', { timeoutMs: 5000 }).catch(() => null);
    if (health?.status === 200) return api;
    if (Date.now() > deadline) {
      await api.stop();
      throw new Error(`the api did not answer /health = 200 within 90 s:\n${output.slice(-4000)}`);
    }
    await sleep(100);
  }
}

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of many shapes
  body: any;
  ms: number;
}

export interface SendOptions {
  body?: unknown;
  /** Sent as is (with Content-Type: application/json unless headers say otherwise). */
  raw?: string | Buffer;
  headers?: Record<string, string>;
  token?: string;
  timeoutMs?: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 128 });

/** One HTTP request; rejects on a connection error or timeout (the outcome is then unknown). */
export function send(
  baseUrl: string,
  method: string,
  path: string,
  options: SendOptions = {},
): Promise<HttpResult> {
  const started = Date.now();
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}),
  };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  Object.assign(headers, options.headers);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${baseUrl}${path}`,
      { method, headers, agent, timeout: options.timeoutMs ?? 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = null;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            body = null;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            body,
            ms: Date.now() - started,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('request timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** A logged-in demo user; the token stays valid across api restarts (same AUTH_JWT_SECRET). */
export class User {
  token = '';
  userId = '';
  constructor(
    public baseUrl: string,
    readonly username = 'cai.aline',
  ) {}

  async login(): Promise<void> {
    const res = await send(this.baseUrl, 'POST', '/api/auth/login', {
      body: { username: this.username, password: 'demo' },
    });
    if (res.status !== 200) throw new Error(`login ${this.username}: ${res.status} ${res.text}`);
    this.token = res.body.accessToken as string;
    const payload = JSON.parse(Buffer.from(this.token.split('.')[1], 'base64url').toString('utf8')) as {
      sub: string;
    };
    this.userId = payload.sub;
  }

  post(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
    timeoutMs?: number,
  ): Promise<HttpResult> {
    return send(this.baseUrl, 'POST', path, { body, headers, token: this.token, timeoutMs });
  }

  get(path: string): Promise<HttpResult> {
    return send(this.baseUrl, 'GET', path, { token: this.token });
  }
}

/** Runs tasks with at most `limit` at a time. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i], i);
      }
    }),
  );
  return results;
}

/** Opens `count` parcours and takes each to a signed convention (hours can then be recorded). */
export async function openParcours(user: User, count: number): Promise<string[]> {
  return pool(
    Array.from({ length: count }, (_, i) => i),
    4,
    async () => {
      const opened = await user.post('/api/parcours', obligedPerson());
      if (opened.status !== 201) throw new Error(`open: ${opened.status} ${opened.text}`);
      const id = opened.body.parcoursId as string;
      const steps: Array<[string, unknown]> = [
        ['presentation', { date: '2026-02-20' }],
        ['accueil/rights-and-duties', { date: '2026-03-02' }],
        ['accueil/bilan-social', { date: '2026-03-02' }],
        ['french/positioning', { date: '2026-03-03', level: 'A1' }],
        ['convention', { signedOn: '2026-03-10', includesFrench: true }],
      ];
      for (const [path, body] of steps) {
        const res = await user.post(`/api/parcours/${id}/${path}`, body);
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text}`);
      }
      return id;
    },
  );
}

export interface HoursCommand {
  key: string;
  parcoursId: string;
  hours: number;
  body: Record<string, unknown>;
}

export const hoursCommand = (key: string, parcoursId: string, hours: number): HoursCommand => ({
  key,
  parcoursId,
  hours,
  // Many distinct sessions of one operator over one quarter: confirmed overlaps (HOURS_OVERLAP otherwise).
  body: { operator: 'Opérateur fiabilité', from: '2026-04-01', to: '2026-06-30', hours, overlapConfirmed: true },
});

export const sendHours = (user: User, command: HoursCommand, timeoutMs?: number): Promise<HttpResult> =>
  user.post(
    `/api/parcours/${command.parcoursId}/citizenship/hours`,
    command.body,
    { 'Idempotency-Key': command.key },
    timeoutMs,
  );

export async function query<R extends object = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export const eventCount = async (url: string): Promise<number> =>
  Number((await query<{ n: string }>(url, 'SELECT count(*) AS n FROM es_events'))[0].n);

export interface StoredHours {
  commandId: string;
  streamId: string;
  version: number;
  hours: number;
}

export const storedHours = async (url: string): Promise<StoredHours[]> =>
  (
    await query<{ command_id: string; stream_id: string; version: string; hours: string }>(
      url,
      `SELECT metadata->>'commandId' AS command_id, stream_id, version, data->>'hours' AS hours
         FROM es_events WHERE event_type = 'CitizenshipHoursRecorded' ORDER BY global_position`,
    )
  ).map((r) => ({
    commandId: r.command_id,
    streamId: r.stream_id,
    version: Number(r.version),
    hours: Number(r.hours),
  }));

/**
 * Exactly-once check of hour recordings: how many times each command id is stored, and the per-parcours totals.
 * `expected` are the commands that must be stored (acknowledged, or resent until acknowledged).
 */
export function checkExactlyOnce(
  userId: string,
  stored: StoredHours[],
  expected: readonly HoursCommand[],
  sent: readonly HoursCommand[],
) {
  const perCommand = new Map<string, number>();
  for (const s of stored) perCommand.set(s.commandId, (perCommand.get(s.commandId) ?? 0) + 1);
  const byId = new Map(sent.map((c) => [commandIdFor(userId, c.key), c]));
  const missing = expected.filter((c) => (perCommand.get(commandIdFor(userId, c.key)) ?? 0) === 0);
  const twice = [...perCommand].filter(([, n]) => n > 1).map(([id]) => id);
  const unknown = [...perCommand.keys()].filter((id) => !byId.has(id));
  const expectedIds = new Set(expected.map((c) => commandIdFor(userId, c.key)));
  const storedNotExpected = [...perCommand.keys()].filter((id) => byId.has(id) && !expectedIds.has(id));
  const storedTotals = new Map<string, number>();
  for (const s of stored) {
    const parcoursId = s.streamId.replace(/^parcours-/, '');
    storedTotals.set(parcoursId, (storedTotals.get(parcoursId) ?? 0) + s.hours);
  }
  const expectedTotals = new Map<string, number>();
  for (const c of expected)
    expectedTotals.set(c.parcoursId, (expectedTotals.get(c.parcoursId) ?? 0) + c.hours);
  const totalMismatches = [...new Set([...storedTotals.keys(), ...expectedTotals.keys()])].filter(
    (id) => (storedTotals.get(id) ?? 0) !== (expectedTotals.get(id) ?? 0),
  );
  return { missing, twice, unknown, storedNotExpected, totalMismatches, storedTotals, expectedTotals };
}

/**
 * Polls /health until 200 with every projection running and at lag 0.
 * Projection details are shown to administrators only, so it polls as the demo admin
 * (logged in once, again whenever the api answers 401, e.g. during an outage).
 */
export async function waitCaughtUp(baseUrl: string, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  const admin = new User(baseUrl, 'admin');
  while (true) {
    if (!admin.token) await admin.login().catch(() => undefined);
    const res = await send(baseUrl, 'GET', '/health', { timeoutMs: 5000, token: admin.token || undefined }).catch(
      () => null,
    );
    if (res?.status === 401) admin.token = '';
    const projections = (res?.body?.projections ?? []) as Array<{ lag: number; status: string }>;
    if (
      res?.status === 200 &&
      projections.length > 0 &&
      projections.every((p) => p.lag === 0 && p.status !== 'failed')
    ) {
      return Date.now() - started;
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`projections not caught up after ${timeoutMs} ms: ${res?.status} ${res?.text}`);
    await sleep(100);
  }
}

/** Every read-model table (rm_*), each row as JSON text, ordered by primary key. */
export async function dumpReadModels(url: string): Promise<Map<string, string[]>> {
  const tables = await query<{ table_name: string; pk: string[] }>(
    url,
    `SELECT c.relname AS table_name,
            array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum)) AS pk
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
       JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)
      WHERE c.relkind = 'r' AND c.relname LIKE 'rm\\_%' AND c.relname NOT LIKE '%\\_\\_rebuild'
      GROUP BY c.relname ORDER BY c.relname`,
  );
  const dump = new Map<string, string[]>();
  for (const { table_name, pk } of tables) {
    const order = pk.map((column) => `"${column}"`).join(', ');
    const rows = await query<{ row: string }>(
      url,
      `SELECT row_to_json(t)::text AS row FROM "${table_name}" t ORDER BY ${order}`,
    );
    dump.set(
      table_name,
      rows.map((r) => r.row),
    );
  }
  return dump;
}

/** Row-level differences between two dumps (a row that differs, is missing or is extra counts once). */
export function compareDumps(before: Map<string, string[]>, after: Map<string, string[]>) {
  let rows = 0;
  const mismatches: string[] = [];
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const a = new Set(before.get(table) ?? []);
    const b = new Set(after.get(table) ?? []);
    rows += b.size;
    for (const row of a) if (!b.has(row)) mismatches.push(`${table} incremental only: ${row.slice(0, 300)}`);
    for (const row of b) if (!a.has(row)) mismatches.push(`${table} rebuild only: ${row.slice(0, 300)}`);
    if (
      (before.get(table) ?? []).join('\n') !== (after.get(table) ?? []).join('\n') &&
      mismatches.length === 0
    ) {
      mismatches.push(`${table}: same rows, different order`);
    }
  }
  return { tables: after.size, rows, mismatches };
}

/** `node dist/apps/cli/src/main.js projections rebuild` on databaseUrl. */
export async function rebuildProjections(
  dir: string,
  databaseUrl: string,
): Promise<{ ms: number; output: string }> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [CHILD_GUARD, dir, process.execPath, CLI_MAIN, 'projections', 'rebuild'],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: databaseUrl,
        NODE_ENV: 'test',
        JALON_MASTER_KEY,
        LOG_LEVEL: 'warn',
      },
    },
  );
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  child.stdin!.end();
  if (code !== 0) throw new Error(`projections rebuild exited with ${code}:\n${output}`);
  return { ms: Date.now() - started, output };
}

/** Counts of each value. */
export const tally = <T>(values: readonly T[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const v of values) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
  return counts;
};

/** Figures printed by each test (and copied into docs/reliability.md). */
export const report = (title: string, figures: Record<string, unknown>): void => {
  const lines = Object.entries(figures).map(
    ([k, v]) => `  ${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
  );
  console.info(`[reliability] ${title}\n${lines.join('\n')}`);
};
