import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events a projection could not apply (issue 14): parked for their stream only, so that every other stream goes on
 * projecting. `error` NULL: held behind an earlier parked event of the same stream (applied in order once that one
 * is). Resolved rows stay as the record of what an operator did (`skipped`) or of a later success (`applied`).
 */
export class ParkedEvents1763700004700 implements MigrationInterface {
  name = 'ParkedEvents1763700004700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE es_parked_events (
        projection      text NOT NULL,
        global_position bigint NOT NULL,
        stream_id       text NOT NULL,
        stream_version  bigint NOT NULL,
        event_type      text NOT NULL,
        error           text,
        parked_at       timestamptz NOT NULL DEFAULT now(),
        retry_requested boolean NOT NULL DEFAULT false,
        resolved_at     timestamptz,
        resolution      text CHECK (resolution IN ('applied', 'skipped')),
        resolved_by     text,
        PRIMARY KEY (projection, global_position)
      )`);
    await q.query(
      `CREATE INDEX es_parked_events_open ON es_parked_events (projection, stream_id) WHERE resolved_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE es_parked_events');
  }
}
