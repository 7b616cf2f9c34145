import { EventStore1763700000000 } from '@app/event-store/postgres/migrations/1763700000000-event-store';
import { Application1763700000100 } from './migrations/1763700000100-application';
import { Privacy1763700000200 } from './migrations/1763700000200-privacy';

/** Every TypeORM migration of the product, in order. */
export const ALL_MIGRATIONS = [EventStore1763700000000, Application1763700000100, Privacy1763700000200];

/** Every TypeORM entity (read models). */
export const ALL_ENTITIES: Function[] = [];
