import type { EventStore } from '@app/event-store';
import { ConfigError, createEventStore, loadConfig, resolveDatabase, type AppConfig, type ResolvedDatabase } from '@app/platform';

export interface CliContext {
  config: AppConfig;
  database: ResolvedDatabase;
  store: EventStore;
  close(): Promise<void>;
}

/** Connects like the api does (DATABASE_URL, or the embedded server: shared with a running api when there is one). */
export async function openContext(): Promise<CliContext> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const database = await resolveDatabase(config, (message) => process.stderr.write(`${message}\n`));
  const store = await createEventStore(config, database.url);
  return {
    config,
    database,
    store,
    close: async () => {
      await store.close();
      await database.embedded?.stop();
    },
  };
}
