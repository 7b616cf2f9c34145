import { isValidDate, resolveRuleConfig, type RuleConfig } from '@app/parcours';
import { seedPopulation, writeSeedSideTables, type PopulationStats } from '@app/parcours/seed';
import { createEventStore, masterKey, type AppConfig } from '@app/platform';
import { Presets, SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { openContext } from '../context';

/** The seed's default "today": a fixed date, so the same seed always gives the same population. */
export const DEFAULT_SEED_TODAY = '2026-11-21';

type SeedCommandOptions = {
  parcours: number;
  seed: string;
  today: string;
  from: number;
  concurrency: number;
};

const positiveInteger = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number is expected');
  return n;
};

const isoDate = (value: string): string => {
  if (!isValidDate(value)) throw new InvalidArgumentError('a date YYYY-MM-DD is expected');
  return value;
};

export function registerSeedCommand(program: Command): void {
  program
    .command('seed')
    .description(
      'Synthetic demo population: every event comes from the rules (decide), appended through the event store',
    )
    .requiredOption('--parcours <n>', 'how many parcours', positiveInteger)
    .option('--seed <text>', 'the same seed gives the same population (a rerun stores nothing new)', 'jalon')
    .option(
      '--today <date>',
      "the population's today: no business date after it",
      isoDate,
      DEFAULT_SEED_TODAY,
    )
    .option(
      '--from <index>',
      'first parcours index (add to an existing population of the same seed)',
      positiveInteger,
      0,
    )
    .option('--concurrency <n>', 'appends in flight', positiveInteger, 64)
    .action(async (options: SeedCommandOptions) => {
      const context = await openContext();
      // The configured store (crypto-shredding included), on sessions that do not wait for each commit to reach the
      // disk: a crash may lose the last commits, which a rerun (same seed: idempotent) writes again.
      const store = await createEventStore(context.config, bulkLoadUrl(context.database.url));
      try {
        const rules = loadRules(context.config);
        const bar = new SingleBar(
          {
            format:
              'seed [{bar}] {percentage}% | {value}/{total} parcours | {events} events | {duration_formatted} (ETA {eta_formatted})',
            etaBuffer: 2000,
            // Not a terminal (CI, a log file): a line every 10 s instead of the bar.
            noTTYOutput: true,
            notTTYSchedule: 10_000,
          },
          Presets.shades_classic,
        );
        bar.start(options.parcours, 0, { events: 0 });
        const result = await seedPopulation(store, {
          seed: options.seed,
          today: options.today,
          rules,
          count: options.parcours,
          from: options.from,
          concurrency: Math.max(1, options.concurrency),
          onProgress: (done, _total, events) => bar.update(done, { events }),
        });
        bar.stop();
        const client = new Client({ connectionString: context.database.url });
        await client.connect();
        try {
          const key = masterKey(context.config);
          await writeSeedSideTables(
            (sql, params) => client.query(sql, params),
            result.side,
            (niss) => createHmac('sha256', key).update(`niss:${niss}`).digest('hex'),
          );
        } finally {
          await client.end();
        }
        const rate = result.seconds > 0 ? Math.round(result.eventsWritten / result.seconds) : 0;
        process.stdout.write(
          `${result.written} parcours written, ${result.existing} already present` +
            (result.conflicts
              ? `, ${result.conflicts} in conflict (same seed, other content: another --today?)`
              : '') +
            `: ${result.eventsWritten} events in ${result.seconds.toFixed(1)} s (${rate} events/s).\n` +
            summary(result.stats),
        );
      } finally {
        await store.close();
        await context.close();
      }
    });
}

/** Sessions with synchronous_commit off (PostgreSQL `options` connection parameter). */
const bulkLoadUrl = (url: string): string =>
  `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c synchronous_commit=off')}`;

/** The rule regimes: defaults, with the overrides of RULES_FILE as the api reads them. */
function loadRules(config: AppConfig): RuleConfig {
  if (!config.rulesFile) return resolveRuleConfig(undefined);
  return resolveRuleConfig(JSON.parse(readFileSync(config.rulesFile, 'utf8')));
}

function summary(stats: PopulationStats): string {
  const share = (table: Record<string, number>) =>
    Object.entries(table)
      .sort((a, b) => b[1] - a[1])
      .map(([key, n]) => `${key} ${((100 * n) / Math.max(stats.parcours, 1)).toFixed(1)} %`)
      .join(', ');
  return [
    `Population (seed): ${stats.parcours} parcours, ${stats.events} events (${(stats.events / Math.max(stats.parcours, 1)).toFixed(1)} per parcours)` +
      (stats.rejected ? `, ${stats.rejected} commands refused by the rules and left out` : ''),
    `  obligation: ${share(stats.byObligation)}`,
    `  CRI: ${share(stats.byCri)}`,
    `  stage: ${share(stats.byStage)}`,
    '',
  ].join('\n');
}
