import { readProjectionStatus, rebuildProjection } from '@app/event-store';
import { allProjections, loadRules, PROJECTION_NAMES } from '@app/platform';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { Client } from 'pg';
import { openContext } from './context';

export function registerProjectionCommands(program: Command): void {
  const projections = program.command('projections').description('Read models: status and rebuild');

  projections
    .command('status')
    .description('Checkpoint, lag and errors of every projection')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const context = await openContext();
      const client = new Client({ connectionString: context.database.url });
      await client.connect();
      try {
        const statuses = await readProjectionStatus(client, context.store, PROJECTION_NAMES);
        if (options.json) {
          process.stdout.write(
            `${JSON.stringify(statuses, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`,
          );
        } else {
          console.table(
            statuses.map((s) => ({
              projection: s.name,
              status: s.status,
              position: s.position.toString(),
              head: s.head.toString(),
              lag: s.lag.toString(),
              error: s.error ?? '',
            })),
          );
        }
        process.exitCode = statuses.some((s) => s.status === 'failed') ? 1 : 0;
      } finally {
        await client.end();
        await context.close();
      }
    });

  projections
    .command('rebuild [name]')
    .description('Rebuild one projection (or all) from the first event into fresh tables, then swap them in')
    .action(async (name?: string) => {
      const context = await openContext();
      const projections = allProjections(loadRules(context.config));
      const selected = name ? projections.filter((p) => p.name === name) : projections;
      if (name && selected.length === 0) {
        process.stderr.write(`Unknown projection "${name}". Known: ${PROJECTION_NAMES.join(', ')}\n`);
        process.exitCode = 2;
        await context.close();
        return;
      }
      try {
        for (const projection of selected) {
          const bar = new SingleBar(
            { format: `${projection.name} [{bar}] {percentage}% | {value}/{total} events | {eta_formatted}` },
            Presets.shades_classic,
          );
          const head = Number(await context.store.headPosition());
          bar.start(Math.max(head, 1), 0);
          const result = await rebuildProjection(context.store, projection, {
            connectionString: context.database.url,
            onProgress: (done, total) => {
              bar.setTotal(Math.max(Number(total), 1));
              bar.update(Number(done));
            },
          });
          bar.stop();
          // The log's events per second (a projection reading only some streams applies fewer).
          const rate =
            result.seconds > 0
              ? Math.round(Number(result.position) / result.seconds)
              : Number(result.position);
          process.stdout.write(
            `${projection.name}: ${result.events} events applied, log of ${result.position} events rebuilt in ${result.seconds.toFixed(1)} s (${rate} events/s), checkpoint ${result.position}\n`,
          );
        }
      } finally {
        await context.close();
      }
    });
}
