import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Personal data: one key per person (crypto-shredding) and the append-only access audit. */
export class Privacy1763700000200 implements MigrationInterface {
  name = 'Privacy1763700000200';

  async up(q: QueryRunner): Promise<void> {
    // wrapped_key: the person's AES-256 key, itself encrypted with the master key. Erasure sets it to NULL for good:
    // erased_at marks the subject so that no key is ever silently made again for it.
    await q.query(`
      CREATE TABLE pd_subject_keys (
        subject_id   text PRIMARY KEY,
        wrapped_key  bytea,
        created_at   timestamptz NOT NULL DEFAULT now(),
        erased_at    timestamptz,
        erasure_reason text,
        CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE audit_access (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at           timestamptz NOT NULL DEFAULT now(),
        user_id      text NOT NULL,
        username     text NOT NULL,
        role         text NOT NULL,
        cri          text,
        action       text NOT NULL,
        parcours_id  uuid,
        endpoint     text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_access_parcours ON audit_access (parcours_id, at)`);
    await q.query(`CREATE INDEX audit_access_user ON audit_access (username, at)`);
    // Append-only: rows can be added, never changed or removed (not even by the application's own account).
    await q.query(`
      CREATE FUNCTION audit_access_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_access is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_access_no_update_delete BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_access
      FOR EACH STATEMENT EXECUTE FUNCTION audit_access_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_access');
    await q.query('DROP FUNCTION audit_access_append_only');
    await q.query('DROP TABLE pd_subject_keys');
  }
}
