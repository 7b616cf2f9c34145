import 'reflect-metadata';
import { Command } from 'commander';
import { openContext } from './context';
import { registerProjectionCommands } from './projections.command';
import { registerSeedCommand } from './seed/seed.command';
import { registerRetentionCommands } from './retention.command';

const program = new Command();
program.name('jalon').description("Jalon — outils d'exploitation (migrations, projections, données de démonstration)");

program
  .command('migrate')
  .description('Apply the database migrations (the api also does it at start)')
  .action(async () => {
    const context = await openContext();
    const applied = context.database.migrationsApplied;
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database schema is up to date.\n');
    await context.close();
  });

registerProjectionCommands(program);
registerSeedCommand(program);
registerRetentionCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
