import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Security state shared by every api replica (docs/security.md):
 * - auth_sessions: one row per token we issue (its `jti`); logout and an admin's revocation end them.
 * - auth_login_attempts: recent logins, counted per username across addresses and per address across usernames.
 */
export class Security1763700004300 implements MigrationInterface {
  name = 'Security1763700004300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE auth_sessions (
        id          uuid PRIMARY KEY,
        user_id     text NOT NULL,
        username    text NOT NULL,
        issued_at   timestamptz NOT NULL,
        expires_at  timestamptz NOT NULL,
        ended_at    timestamptz,
        ended_by    text,
        end_reason  text CHECK (end_reason IN ('logout', 'revoked')),
        CHECK ((ended_at IS NULL) = (end_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX auth_sessions_user ON auth_sessions (user_id) WHERE ended_at IS NULL`);
    await q.query(`CREATE INDEX auth_sessions_expiry ON auth_sessions (expires_at)`);
    // outcome: 'pending' while the password is checked, then 'failure' or 'success'; 'refused' when the limit answered.
    await q.query(`
      CREATE TABLE auth_login_attempts (
        id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at        timestamptz NOT NULL DEFAULT now(),
        username  text NOT NULL,
        address   text NOT NULL,
        outcome   text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'failure', 'success', 'refused'))
      )`);
    await q.query(`CREATE INDEX auth_login_attempts_username ON auth_login_attempts (username, at)`);
    await q.query(`CREATE INDEX auth_login_attempts_address ON auth_login_attempts (address, at)`);
    await q.query(`CREATE INDEX auth_login_attempts_at ON auth_login_attempts (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE auth_login_attempts');
    await q.query('DROP TABLE auth_sessions');
  }
}
