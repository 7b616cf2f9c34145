import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Application tables beside the event store: idempotency keys, the one-open-parcours-per-NISS claims, counters. */
export class Application1763700000100 implements MigrationInterface {
  name = 'Application1763700000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_idempotency_keys (
        scope_key      text PRIMARY KEY,
        request_hash   text NOT NULL,
        status         text NOT NULL CHECK (status IN ('in-progress', 'completed')),
        response_status int,
        response_body  jsonb,
        response_etag  text,
        created_at     timestamptz NOT NULL DEFAULT now(),
        completed_at   timestamptz
      )`);
    await q.query(`CREATE INDEX app_idempotency_keys_created ON app_idempotency_keys (created_at)`);
    // The NISS is personal: only its keyed hash (HMAC with the master key) is kept.
    await q.query(`
      CREATE TABLE app_niss_claims (
        niss_hash    text PRIMARY KEY,
        parcours_id  uuid NOT NULL,
        claimed_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX app_niss_claims_parcours ON app_niss_claims (parcours_id)`);
    await q.query(`
      CREATE TABLE app_counters (
        name   text PRIMARY KEY,
        value  bigint NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE app_counters');
    await q.query('DROP TABLE app_niss_claims');
    await q.query('DROP TABLE app_idempotency_keys');
  }
}
