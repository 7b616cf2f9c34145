import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exactly once under faults (issue 14, docs/decisions/0017-exactly-once.md):
 * - every claim (idempotency key, NISS, open sanction procedure) records its owner: `<instance id>/<request token>`
 *   while the request that took it runs, NULL once that request ended. A claim is abandoned when its owner is NULL
 *   or its instance is dead (its advisory lock is free), never because of its age;
 * - attestation numbers are reserved per command: a retry gets the same number, a refusal or a conflict gives the
 *   number back and the next issuance of that CRI and year takes it (no gap);
 * - `es_events` is append-only: UPDATE, DELETE and TRUNCATE are refused by triggers (erasure shreds keys, it never
 *   rewrites an event).
 */
export class ExactlyOnce1763700004400 implements MigrationInterface {
  name = 'ExactlyOnce1763700004400';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['app_idempotency_keys', 'app_niss_claims', 'app_sanction_claims']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN owner text`);
    }
    await q.query(`
      CREATE TABLE app_attestation_numbers (
        sequence_name text NOT NULL,
        seq           bigint NOT NULL CHECK (seq > 0),
        state         text NOT NULL CHECK (state IN ('reserved', 'used', 'free')),
        command_id    text UNIQUE,
        parcours_id   uuid,
        owner         text,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sequence_name, seq),
        CHECK ((state = 'free') = (command_id IS NULL))
      )`);
    await q.query(
      `CREATE INDEX app_attestation_numbers_free ON app_attestation_numbers (sequence_name, seq) WHERE state = 'free'`,
    );
    await q.query(
      `CREATE INDEX app_attestation_numbers_reserved ON app_attestation_numbers (sequence_name) WHERE state = 'reserved'`,
    );
    // Numbers issued before this migration stay accounted for by app_counters (the next seq continues after them).
    await q.query(`
      CREATE FUNCTION es_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'es_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER es_events_no_update_delete BEFORE UPDATE OR DELETE ON es_events FOR EACH ROW EXECUTE FUNCTION es_events_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER es_events_no_truncate BEFORE TRUNCATE ON es_events FOR EACH STATEMENT EXECUTE FUNCTION es_events_append_only()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER es_events_no_truncate ON es_events');
    await q.query('DROP TRIGGER es_events_no_update_delete ON es_events');
    await q.query('DROP FUNCTION es_events_append_only()');
    await q.query('DROP TABLE app_attestation_numbers');
    for (const table of ['app_idempotency_keys', 'app_niss_claims', 'app_sanction_claims']) {
      await q.query(`ALTER TABLE ${table} DROP COLUMN owner`);
    }
  }
}
