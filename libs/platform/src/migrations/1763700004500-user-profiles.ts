import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Display names of the users who signed in through the identity provider (OIDC claim `name`): screens, dashboards and
 * the history show « Aline Dupont (CAI) » for them too, not a login id. Users of the users file and the demo users
 * carry their display name in the directory; this table only remembers the provider's users, as last seen.
 */
export class UserProfiles1763700004500 implements MigrationInterface {
  name = 'UserProfiles1763700004500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user_profiles (
        username      text PRIMARY KEY,
        user_id       text NOT NULL,
        display_name  text NOT NULL,
        role          text NOT NULL,
        cri           text,
        seen_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX app_user_profiles_user_id ON app_user_profiles (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE app_user_profiles');
  }
}
