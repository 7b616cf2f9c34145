import { readProjectionStatus, rebuildProjection, requestRetry, skipParkedEvent } from '@app/event-store';
import { allProjections, loadRules, PROJECTION_NAMES } from '@app/platform';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { Client } from 'pg';
import { openContext } from './context';

export function registerProjectionCommands(program: Command): void {
  const projections = program
    .command('projections')
    .description('Read models: status, rebuild, and what to do with events a projection parked');

  projections
    .command('status')
    .description(
      'Checkpoint, lag, errors and parked events of every projection (exit 1 when one needs attention)',
    )
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
              parked: s.parked.length,
              error: s.error ?? '',
            })),
          );
          const parked = statuses.flatMap((s) => s.parked.map((p) => ({ projection: s.name, ...p })));
          if (parked.length > 0) {
            process.stdout.write(
              '\nParked events (each waits with the later events of its stream; every other stream is up to date):\n',
            );
            console.table(
              parked.map((p) => ({
                projection: p.projection,
                position: p.position.toString(),
                stream: p.streamId,
                version: p.version.toString(),
                type: p.type,
                error: p.error ?? '(waits behind an earlier event of its stream)',
                parkedAt: p.parkedAt,
              })),
            );
            process.stdout.write(
              'Read the error, fix the cause, then: jalon projections retry <projection>, or move on without the event: jalon projections skip <projection> <position>\n',
            );
          }
        }
        process.exitCode = statuses.some((s) => s.status === 'retrying' || s.parked.length > 0) ? 1 : 0;
      } finally {
        await client.end();
        await context.close();
      }
    });

  projections
    .command('skip <name> <position>')
    .description(
      'Moves on without a parked event: it is never applied; the later events of its stream are applied at the next turn',
    )
    .action(async (name: string, position: string) => {
      await withDatabase(async (client) => {
        if (!/^\d+$/.test(position) || !PROJECTION_NAMES.includes(name)) {
          process.stderr.write(`Usage: jalon projections skip <${PROJECTION_NAMES.join('|')}> <position>\n`);
          process.exitCode = 2;
          return;
        }
        const done = await skipParkedEvent(
          client,
          name,
          BigInt(position),
          `cli:${process.env.USER ?? 'operator'}`,
        );
        process.stdout.write(
          done
            ? `${name}: event ${position} skipped; the later events of its stream will be applied by the running projector.\n`
            : `${name}: no parked event at position ${position} (see jalon projections status).\n`,
        );
        process.exitCode = done ? 0 : 1;
      });
    });

  projections
    .command('retry <name>')
    .description('Tries every parked event of a projection again (after a fix), in stream order')
    .action(async (name: string) => {
      await withDatabase(async (client) => {
        const rows = await requestRetry(client, name);
        process.stdout.write(
          `${name}: ${rows} parked event(s) will be tried again by the running projector.\n`,
        );
      });
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
            `${projection.name}: ${result.events} events applied, log of ${result.position} events rebuilt in ${result.seconds.toFixed(1)} s (${rate} events/s), checkpoint ${result.position}${
              result.parked.length > 0
                ? `, ${result.parked.length} event(s) parked (jalon projections status)`
                : ''
            }\n`,
          );
        }
      } finally {
        await context.close();
      }
    });
}

/** A connection to the read-model database for the length of `work`. */
async function withDatabase(work: (client: Client) => Promise<void>): Promise<void> {
  const context = await openContext();
  const client = new Client({ connectionString: context.database.url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
    await context.close();
  }
}
