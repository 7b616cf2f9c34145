import { EncryptingEventStore, PostgresEventStore, PostgresSubjectKeyStore, type EventStore } from '@app/event-store';
import type { AppConfig } from './config';
import { jalonPersonalData } from './personal-data';
import { masterKey } from './secrets';

/** The raw configured event store. The KurrentDB adapter (and its native client) is loaded only when chosen. */
export async function createRawEventStore(config: AppConfig, databaseUrl: string): Promise<EventStore> {
  if (config.eventStore.kind === 'kurrentdb') {
    const { KurrentDbEventStore } = await import('@app/event-store/kurrentdb/kurrentdb-event-store');
    return KurrentDbEventStore.connect(config.eventStore.url);
  }
  return new PostgresEventStore({ connectionString: databaseUrl });
}

/**
 * The event store every part of Jalon uses: the configured adapter behind crypto-shredding (personal fields encrypted
 * with a key per person kept in PostgreSQL, wrapped by the master key).
 */
export async function createEventStore(config: AppConfig, databaseUrl: string): Promise<EncryptingEventStore> {
  const inner = await createRawEventStore(config, databaseUrl);
  return new EncryptingEventStore(inner, new PostgresSubjectKeyStore(databaseUrl, masterKey(config)), jalonPersonalData);
}
