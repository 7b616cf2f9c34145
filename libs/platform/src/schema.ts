import { EventStore1763700000000 } from '@app/event-store/postgres/migrations/1763700000000-event-store';
import { Application1763700000100 } from './migrations/1763700000100-application';
import { Privacy1763700000200 } from './migrations/1763700000200-privacy';
import { ParcoursReadModels1763700001000 } from '@app/parcours/migrations/1763700001000-parcours-read-models';
import { PARCOURS_READ_ENTITIES } from '@app/parcours';

/** Every TypeORM migration of the product, in order. */
export const ALL_MIGRATIONS = [EventStore1763700000000, Application1763700000100, Privacy1763700000200];

/** Every TypeORM entity (read models). */
export const ALL_ENTITIES: Function[] = [];

// Parcours read models (libs/parcours/src/read-models): tables, then their entities.
ALL_MIGRATIONS.push(ParcoursReadModels1763700001000);
ALL_ENTITIES.push(...PARCOURS_READ_ENTITIES);
