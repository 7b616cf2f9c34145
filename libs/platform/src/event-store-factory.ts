import { PostgresEventStore, type EventStore } from '@app/event-store';
import type { AppConfig } from './config';

/** The configured event store. The KurrentDB adapter (and its native client) is loaded only when chosen. */
export async function createEventStore(config: AppConfig, databaseUrl: string): Promise<EventStore> {
  if (config.eventStore.kind === 'kurrentdb') {
    const { KurrentDbEventStore } = await import('@app/event-store/kurrentdb/kurrentdb-event-store');
    return KurrentDbEventStore.connect(config.eventStore.url);
  }
  return new PostgresEventStore({ connectionString: databaseUrl });
}
