/**
 * `npm run bench` (full) / `npm run bench -- --quick`: measures the event store, the command path over HTTP, the
 * projection rebuild and the queries on one embedded PostgreSQL, prints a table and writes docs/benchmarks.md.
 * Benchmarks are not tests: nothing here asserts; every figure is reported against its goal, met or not.
 *
 * Options: --quick (small sizes, < 2 min), --only=append,http,population,queries (sections to run),
 * --parcours=N (population size), BENCH_DATABASE_URL (use that server instead of an embedded one),
 * --population-url=URL (run the query section on a database already seeded and projected, e.g. by
 * `JALON_DATA_DIR=/tmp/j100k npx jalon seed --parcours 100000 --seed bench` then `jalon projections rebuild`: no seeding,
 * no rebuild; JALON_MASTER_KEY must then be that database's key), --no-report (print only, leave docs/benchmarks.md),
 * BENCH_PROFILE=<dir> (CPU profiles of the bench process, where the api runs: HTTP load, rebuilds, queries).
 */
import 'reflect-metadata';
import { rebuildProjection } from '@app/event-store';
import { COMMUNES_WALLONIA, CRI_CODES, defaultRuleConfig } from '@app/parcours';
import { Rng, seedParcoursId, seedPopulation, writeSeedSideTables } from '@app/parcours/seed';
import { allProjections, belgianDate, createEventStore, masterKey } from '@app/platform';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { AppendInput, AppendOutput } from './append-worker';
import type { LatencyInput, LatencyOutput, LoadInput, LoadOutput } from './http-client';
import { writeReport, printSummary, type BenchResults } from './report';
import { benchConfig, startApi } from './support/api';
import { runChild } from './support/child';
import { profiled } from './support/profile';
import { startBenchServer, type BenchServer } from './support/postgres';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const parcoursArg = args.find((a) => a.startsWith('--parcours='));
const populationUrl = args.find((a) => a.startsWith('--population-url='))?.slice('--population-url='.length);
const runs = (section: string) => !only || only.includes(section);

const MODE = quick
  ? {
      name: 'quick',
      population: 5_000,
      appendSeconds: 2,
      appendWarmup: 0.5,
      loadSeconds: 5,
      queriesPerGroup: 50,
    }
  : {
      name: 'full',
      population: 100_000,
      appendSeconds: 8,
      appendWarmup: 2,
      loadSeconds: 15,
      queriesPerGroup: 200,
    };
const POPULATION = parcoursArg ? Number(parcoursArg.split('=')[1]) : MODE.population;
const WRITERS = [1, 4, 16, 64];
const SEED = 'bench';
const TODAY = '2026-11-21';

const T0 = performance.now();
const say = (message: string) =>
  process.stdout.write(`[${((performance.now() - T0) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);

async function main(): Promise<void> {
  const startedAt = new Date();
  const results: BenchResults = {
    mode: MODE.name,
    command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    startedAt: startedAt.toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: totalmem() / 1024 ** 3,
      os: `${osType()} ${release()}`,
      node: process.version,
      postgres: '',
      loadStart: loadavg()[0],
      loadEnd: NaN,
      commit: gitCommit(),
    },
    append: [],
    http: null,
    population: null,
    rebuild: [],
    rawInsert: null,
    queries: null,
    seconds: NaN,
  };
  const server = await startBenchServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'jalon-bench-data-'));
  try {
    const admin = new Client({ connectionString: server.url });
    await admin.connect();
    results.machine.postgres = (
      await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v")
    ).rows[0].v;
    await admin.end();

    if (runs('append')) await appendSection(server, results);
    if (runs('http')) await httpSection(server, dataDir, results);
    if (populationUrl !== undefined) {
      say(`queries: on the existing population of ${populationUrl.replace(/\/\/[^@]*@/, '//')}`);
      await querySection(populationUrl, dataDir, results);
    } else if (runs('population') || runs('queries')) {
      const url = await populationSection(server, dataDir, results);
      if (runs('queries')) await querySection(url, dataDir, results);
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  results.machine.loadEnd = loadavg()[0];
  results.seconds = (performance.now() - T0) / 1000;
  printSummary(results, say);
  if (args.includes('--no-report')) return;
  const file = writeReport(results);
  say(`\nWritten: ${file}`);
}

// ---------------------------------------------------------------------------------------------
// 1. Append: Jalon's PostgresEventStore and Emmett's PostgreSQL event store, same server, same events

async function appendSection(server: BenchServer, results: BenchResults): Promise<void> {
  for (const writers of WRITERS) {
    for (const store of ['jalon', 'emmett'] as const) {
      const url = await server.database(`bench_append_${store}_${writers}`, { migrate: store === 'jalon' });
      say(`append: ${store}, ${writers} writer(s)…`);
      const input: AppendInput = {
        store,
        writers,
        url,
        seconds: MODE.appendSeconds,
        warmupSeconds: MODE.appendWarmup,
      };
      results.append.push(await runChild<AppendOutput>('append-worker.ts', input));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Commands over HTTP: citizenship hours on parcours ready for them, 32 connections

async function httpSection(server: BenchServer, dataDir: string, results: BenchResults): Promise<void> {
  const url = await server.database('bench_http');
  const api = await startApi(benchConfig(url, dataDir, 'inline'), url);
  try {
    const token = await api.token('admin');
    const today = belgianDate(new Date());
    const day = (offset: number) => belgianDate(new Date(Date.now() + offset * 86_400_000));
    say('http: opening 64 parcours ready for hours…');
    const ids = await Promise.all(
      Array.from({ length: 64 }, async (_, i) => {
        const opened = await api.post(token, '/api/parcours', {
          person: {
            lastName: `Banc ${i}`,
            firstName: 'Essai',
            birthDate: '1990-04-12',
            nationality: 'SY',
            sex: 'F',
            contactLanguage: 'ar',
          },
          criCode: CRI_CODES[i % CRI_CODES.length],
          // A current commune of that CRI's territory: opening elsewhere is refused.
          communeCode: COMMUNES_WALLONIA.find((c) => c.cri === CRI_CODES[i % CRI_CODES.length] && !c.validTo)!.code,
          communeRegistrationDate: day(-60),
          cardOrderDate: day(-55),
          legalStaySince: day(-200),
          residencePermit: { type: 'carte A', validUntil: day(400) },
        });
        if (opened.status !== 201) throw new Error(`open: ${opened.status} ${JSON.stringify(opened.body)}`);
        const id = opened.body.parcoursId as string;
        const steps: Array<[string, unknown]> = [
          ['presentation', { date: day(-50) }],
          ['accueil/rights-and-duties', { date: day(-49) }],
          ['accueil/bilan-social', { date: day(-49), needs: ['emploi'] }],
          ['french/positioning', { date: day(-48), level: 'A1' }],
          [
            'convention',
            { signedOn: day(-40), includesFrench: true, includesIsp: false, citizenshipLanguage: 'fr' },
          ],
        ];
        for (const [path, body] of steps) {
          const res = await api.post(token, `/api/parcours/${id}/${path}`, body);
          if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
        }
        return id;
      }),
    );
    say('http: recording citizenship hours, 32 connections…');
    const input: LoadInput = {
      mode: 'load',
      baseUrl: api.baseUrl,
      token,
      paths: ids.map((id) => `/api/parcours/${id}/citizenship/hours`),
      // The same session again and again on one case: confirmed overlaps (HOURS_OVERLAP otherwise).
      body: { operator: 'CRI', from: day(-1), to: day(-1), hours: 1, language: 'fr', overlapConfirmed: true },
      connections: 32,
      seconds: MODE.loadSeconds,
    };
    const load = await profiled('http-commands', () => runChild<LoadOutput>('http-client.ts', input));
    results.http = { ...load, connections: 32, parcours: ids.length, seconds: MODE.loadSeconds, today };
  } finally {
    await api.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Population (the seed), projection rebuild, raw bulk insert of the same rows

async function populationSection(
  server: BenchServer,
  dataDir: string,
  results: BenchResults,
): Promise<string> {
  const url = await server.database('bench_population');
  const config = benchConfig(url, dataDir, 'off');
  say(`population: seeding ${POPULATION} parcours…`);
  const seedStore = await createEventStore(
    config,
    `${url}?options=${encodeURIComponent('-c synchronous_commit=off')}`,
  );
  let lastReport = Date.now();
  const seeded = await seedPopulation(seedStore, {
    seed: SEED,
    today: TODAY,
    rules: defaultRuleConfig,
    count: POPULATION,
    onProgress: (done, total, events) => {
      if (Date.now() - lastReport > 15_000) {
        lastReport = Date.now();
        say(`  ${done}/${total} parcours, ${events} events`);
      }
    },
  });
  await seedStore.close();
  const sql = new Client({ connectionString: url });
  await sql.connect();
  try {
    const key = masterKey(config);
    await writeSeedSideTables(
      (q, p) => sql.query(q, p),
      seeded.side,
      (niss) => createHmac('sha256', key).update(`niss:${niss}`).digest('hex'),
    );
    results.population = {
      parcours: POPULATION,
      events: seeded.eventsWritten,
      seconds: seeded.seconds,
      byObligation: seeded.stats.byObligation,
    };

    const store = await createEventStore(config, url);
    try {
      for (const projection of allProjections(defaultRuleConfig)) {
        say(`rebuild: ${projection.name}…`);
        const rebuilt = await profiled(`rebuild-${projection.name}`, () =>
          rebuildProjection(store, projection, { connectionString: url }),
        );
        const rows: Record<string, number> = {};
        for (const table of projection.tables)
          rows[table] = Number(
            (await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n,
          );
        results.rebuild.push({
          projection: projection.name,
          events: rebuilt.events,
          logEvents: Number(rebuilt.position),
          seconds: rebuilt.seconds,
          rows,
        });
      }
    } finally {
      await store.close();
    }
    say('raw insert: the same rows, bulk-inserted…');
    results.rawInsert = await rawInsert(
      sql,
      allProjections(defaultRuleConfig).flatMap((p) => p.tables),
    );
  } finally {
    await sql.end();
  }
  return url;
}

/**
 * The physical reference: the read-model rows the rebuild produced, inserted again from the client into empty copies
 * of their tables (same columns and indexes), in transactions of 2,000 rows, like the rebuild's batches.
 */
async function rawInsert(
  sql: Client,
  tables: string[],
): Promise<{ rows: number; seconds: number; tables: Record<string, number> }> {
  let rows = 0;
  let seconds = 0;
  const perTable: Record<string, number> = {};
  for (const table of tables) {
    const columns = (
      await sql.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        [table],
      )
    ).rows.map((r) => sql.escapeIdentifier(r.column_name));
    const list = columns.join(', ');
    const data = (
      await sql.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM (SELECT ${list} FROM ${table}) t`)
    ).rows.map((r) => r.j);
    const copy = `${table}__bench_raw`;
    await sql.query(`DROP TABLE IF EXISTS ${copy}`);
    await sql.query(`CREATE TABLE ${copy} (LIKE ${table} INCLUDING ALL)`);
    const started = performance.now();
    for (let i = 0; i < data.length; i += 2000) {
      await sql.query('BEGIN');
      await sql.query(
        `INSERT INTO ${copy} (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM json_populate_recordset(NULL::${copy}, $1::json)`,
        [`[${data.slice(i, i + 2000).join(',')}]`],
      );
      await sql.query('COMMIT');
    }
    seconds += (performance.now() - started) / 1000;
    rows += data.length;
    perTable[table] = data.length;
    await sql.query(`DROP TABLE ${copy}`);
  }
  return { rows, seconds, tables: perTable };
}

// ---------------------------------------------------------------------------------------------
// 4. Queries on the population: list, detail, deadlines, dashboards (one request at a time)

async function querySection(url: string, dataDir: string, results: BenchResults): Promise<void> {
  const api = await startApi(benchConfig(url, dataDir, 'off'), url);
  try {
    const admin = await api.token('admin');
    const marc = await api.token('cripel.marc');
    const rng = new Rng(`${SEED}/queries`);
    const n = MODE.queriesPerGroup;
    const cri = () => rng.pick(CRI_CODES);
    const names = ['Diallo', 'Haddad', 'Silva', 'Mukendi', 'Ahmadi', 'Yılmaz', 'Kovalenko', 'Benali'];
    const repeat = (count: number, make: () => { path: string; token: string }) =>
      Array.from({ length: count }, make);
    const groups: Record<string, Array<{ path: string; token: string }>> = {
      list: repeat(n, () => ({ path: `/api/parcours?page=${rng.int(1, 40)}&pageSize=25`, token: admin })),
      'list (CRI + obligation)': repeat(n, () => ({
        path: `/api/parcours?cri=${cri()}&obligation=obliged&page=${rng.int(1, 5)}&pageSize=25`,
        token: admin,
      })),
      'list (overdue)': repeat(n, () => ({
        path: `/api/parcours?status=overdue&page=${rng.int(1, 5)}&pageSize=25`,
        token: admin,
      })),
      'list (CRI-scoped user)': repeat(n, () => ({
        path: `/api/parcours?page=${rng.int(1, 10)}&pageSize=25`,
        token: marc,
      })),
      'list (name search)': repeat(n, () => ({
        path: `/api/parcours?q=${encodeURIComponent(rng.pick(names))}&pageSize=25`,
        token: admin,
      })),
      detail: repeat(n, () => ({
        path: `/api/parcours/${seedParcoursId(SEED, rng.int(0, POPULATION - 1))}`,
        token: admin,
      })),
      'deadlines (overdue)': repeat(n, () => ({
        path: `/api/compliance/deadlines?status=overdue&page=${rng.int(1, 5)}`,
        token: admin,
      })),
      'deadlines (CRI, due soon)': repeat(n, () => ({
        path: `/api/compliance/deadlines?cri=${cri()}&status=due-soon`,
        token: admin,
      })),
      'deadlines (attestation, paged)': repeat(n, () => ({
        path: `/api/compliance/deadlines?kind=attestation&page=${rng.int(1, 20)}`,
        token: admin,
      })),
      'dashboard (all CRIs)': repeat(Math.max(20, Math.round(n / 2)), () => ({
        path: '/api/dashboards/cri',
        token: admin,
      })),
      'dashboard (one CRI)': repeat(Math.max(20, Math.round(n / 2)), () => ({
        path: `/api/dashboards/cri/${cri()}`,
        token: admin,
      })),
    };
    // Interleave the groups, so that each sees the same conditions (caches, background work).
    const requests: LatencyInput['requests'] = [];
    const queues = Object.entries(groups).map(([group, list]) => list.map((r) => ({ group, ...r })));
    for (let i = 0; queues.some((q) => i < q.length); i++)
      for (const q of queues) if (i < q.length) requests.push(q[i]);
    say(`queries: ${requests.length} requests on ${POPULATION} parcours…`);
    const out = await profiled('queries', () =>
      runChild<LatencyOutput>('http-client.ts', {
        mode: 'latency',
        baseUrl: api.baseUrl,
        requests,
        warmup: 30,
      } satisfies LatencyInput),
    );
    results.queries = { population: POPULATION, groups: out.groups };
  } finally {
    await api.close();
  }
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
