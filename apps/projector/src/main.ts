import 'reflect-metadata';
import { ProjectionRunner } from '@app/event-store';
import { allProjections, ConfigError, createEventStore, loadConfig, loadRules, resolveDatabase } from '@app/platform';
import pino from 'pino';

/** Headless projector: runs every projection (one runner per projection across replicas, by lease). */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino({ level: config.logLevel, base: { app: 'jalon-projector' } });
  const database = await resolveDatabase(config, (message) => logger.info(message));
  const store = await createEventStore(config, database.url);
  const runner = new ProjectionRunner(store, allProjections(loadRules(config)), {
    connectionString: database.url,
    onError: (projection, err) => logger.error({ projection, err }, 'projection error'),
    onInfo: (message) => logger.info(message),
  });
  await runner.start();
  logger.info({ projections: runner.names }, 'projector started');
  const stop = async (): Promise<void> => {
    logger.info('stopping projector');
    await runner.stop();
    await store.close();
    await database.embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
