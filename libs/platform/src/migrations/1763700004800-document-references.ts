import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reference a document carries (the attestation number): what a revocation names, so that the verification of
 * a revoked attestation's hash answers « révoquée » while its re-issued successor verifies as valid.
 */
export class DocumentReferences1763700004800 implements MigrationInterface {
  name = 'DocumentReferences1763700004800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE doc_issued ADD COLUMN reference text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE doc_issued DROP COLUMN reference`);
  }
}
