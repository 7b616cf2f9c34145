import { createTestDatabase } from '@app/testing';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

describeEventStoreContract('PostgreSQL', async () => {
  const db = await createTestDatabase();
  const store = new PostgresEventStore({ connectionString: db.url });
  return {
    store,
    gapless: true,
    dispose: async () => {
      await store.close();
      await db.drop();
    },
  };
});
