import type { INestApplication } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import type { RuleConfig } from '@app/parcours';
import { seedPopulation, writeSeedSideTables } from '@app/parcours/seed';
import { belgianDate, CLOCK, EVENT_STORE, RULES, type Clock } from '@app/platform';
import { DataSource } from 'typeorm';
import { NissRegistry } from './parcours/niss-registry';

/** How many parcours `npm start -- --demo` seeds. */
export const DEMO_PARCOURS = 300;

/**
 * `npm start -- --demo`: when the event store is empty, a small synthetic population (the `jalon seed` generator,
 * seed "demo", dated up to today) so the screens have something to show. Never touches a store that holds events.
 */
export async function seedDemoIfEmpty(
  app: INestApplication,
  log: (message: string) => void,
  count = DEMO_PARCOURS,
): Promise<void> {
  const store = app.get<EventStore>(EVENT_STORE);
  if ((await store.headPosition()) > 0n) {
    log('Demo: the event store already holds events; no demo data added.');
    return;
  }
  const today = belgianDate(app.get<Clock>(CLOCK).now());
  log(`Demo: seeding ${count} synthetic parcours (dated up to ${today})…`);
  const result = await seedPopulation(store, {
    seed: 'demo',
    today,
    rules: app.get<RuleConfig>(RULES),
    count,
  });
  const niss = app.get(NissRegistry);
  const db = app.get(DataSource);
  await writeSeedSideTables(
    (sql, params) => db.query(sql, params),
    result.side,
    (value) => niss.hash(value),
  );
  log(
    `Demo: ${result.written} parcours, ${result.eventsWritten} events (${result.seconds.toFixed(1)} s); the read models catch up in the background.`,
  );
}
