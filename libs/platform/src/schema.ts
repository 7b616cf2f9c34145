import { EventStore1763700000000 } from '@app/event-store/postgres/migrations/1763700000000-event-store';
import { Application1763700000100 } from './migrations/1763700000100-application';

/** Every TypeORM migration of the product, in order. */
export const ALL_MIGRATIONS = [EventStore1763700000000, Application1763700000100];

/** Every TypeORM entity (read models). */
export const ALL_ENTITIES: Function[] = [];
