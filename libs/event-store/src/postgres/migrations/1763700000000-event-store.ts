import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Event store schema: streams, events (gapless global position), projection checkpoints. */
export class EventStore1763700000000 implements MigrationInterface {
  name = 'EventStore1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE es_streams (
        stream_id   text PRIMARY KEY,
        version     bigint NOT NULL CHECK (version > 0),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE es_events (
        global_position bigint PRIMARY KEY CHECK (global_position > 0),
        stream_id       text NOT NULL,
        version         bigint NOT NULL CHECK (version > 0),
        event_id        uuid NOT NULL UNIQUE,
        event_type      text NOT NULL,
        schema_version  int NOT NULL DEFAULT 1,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
        recorded_at     timestamptz NOT NULL,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        CONSTRAINT es_events_stream_version UNIQUE (stream_id, version)
      )`);
    await q.query(`
      CREATE TABLE es_checkpoints (
        projection   text PRIMARY KEY,
        position     bigint NOT NULL DEFAULT 0,
        status       text NOT NULL DEFAULT 'running',
        error        text,
        failed_position bigint,
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE es_checkpoints');
    await q.query('DROP TABLE es_events');
    await q.query('DROP TABLE es_streams');
  }
}
