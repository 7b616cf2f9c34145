import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The fingerprint (e.g. of the rule configuration) a projection's rows were built with. */
export class ProjectionFingerprint1763700000300 implements MigrationInterface {
  name = 'ProjectionFingerprint1763700000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE es_checkpoints ADD COLUMN fingerprint text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE es_checkpoints DROP COLUMN fingerprint');
  }
}
