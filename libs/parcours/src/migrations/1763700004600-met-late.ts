import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * domain.md §10 « late is not met »: a deadline met after its due date is stored as `met-late`. The rows themselves
 * are rebuilt by the projection (its fingerprint carries the read-model version), this only widens the CHECK.
 */
export class ParcoursMetLate1763700004600 implements MigrationInterface {
  name = 'ParcoursMetLate1763700004600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE rm_deadline_segments_v1 DROP CONSTRAINT IF EXISTS rm_deadline_segments_v1_fixed_status_check',
    );
    await q.query(
      `ALTER TABLE rm_deadline_segments_v1 ADD CONSTRAINT rm_deadline_segments_v1_fixed_status_check
       CHECK (fixed_status IN ('met', 'met-late', 'dispensed', 'suspended', 'closed'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE rm_deadline_segments_v1 DROP CONSTRAINT rm_deadline_segments_v1_fixed_status_check',
    );
    await q.query(
      `ALTER TABLE rm_deadline_segments_v1 ADD CONSTRAINT rm_deadline_segments_v1_fixed_status_check
       CHECK (fixed_status IN ('met', 'dispensed', 'suspended', 'closed'))`,
    );
  }
}
