import { NestFactory } from '@nestjs/core';
import { belgianDate, isValidDateString, loadConfig, resolveDatabase } from '@app/platform';
import type { Command } from 'commander';
import { AppModule } from '../../api/src/app.module';
import { RetentionService } from '../../api/src/privacy/retention';

export function registerRetentionCommands(program: Command): void {
  program
    .command('retention')
    .description('Personal-data retention')
    .command('run')
    .description("Erase the personal data whose retention period is over (see JALON_RETENTION_YEARS), with a report")
    .option('--dry-run', 'list what is due without erasing anything')
    .option('--as-of <date>', 'reference date YYYY-MM-DD (default: today in Belgium)')
    .option('--json', 'machine-readable report')
    .action(async (options: { dryRun?: boolean; asOf?: string; json?: boolean }) => {
      const asOf = options.asOf ?? belgianDate(new Date());
      if (!isValidDateString(asOf)) {
        process.stderr.write(`--as-of: invalid date "${asOf}" (YYYY-MM-DD expected)\n`);
        process.exitCode = 2;
        return;
      }
      const config = { ...loadConfig(), projections: 'off' as const, logLevel: 'silent' };
      const database = await resolveDatabase(config, (m) => process.stderr.write(`${m}\n`));
      const app = await NestFactory.createApplicationContext(AppModule.register({ config, databaseUrl: database.url }), { logger: false });
      try {
        const report = await app.get(RetentionService).run(asOf, options.dryRun ?? false);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        } else {
          process.stdout.write(`Règle : ${report.rule}\nDate de référence : ${report.asOf}${report.dryRun ? ' (simulation : rien n’est effacé)' : ''}\n`);
          if (report.candidates.length > 0) {
            console.table(report.candidates.map((c) => ({ dossier: c.parcoursId, CRI: c.criCode, fin: `${c.endedBy} ${c.endedOn}`, échéance: c.dueOn })));
          }
          process.stdout.write(`${report.candidates.length} dossier(s) à effacer, ${report.erased} effacé(s).\n`);
        }
      } finally {
        await app.close();
        await database.embedded?.stop();
      }
    });
}
