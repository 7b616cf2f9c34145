import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sanction procedures and official documents:
 * - rm_sanctions_v1: the procedure list (projection sanctions_read_v1). No personal data: the procedure's free texts
 *   (defence summary, comments, reasons) are not kept, so erasure has nothing to purge here.
 * - app_sanction_claims: "one open procedure per parcours and breach", claimed by the command handler before the
 *   opening is appended and released when the procedure closes (a unique row, so two racing openings cannot both win).
 * - doc_issued: the registry of the documents the system issued, by content hash, for GET /api/documents/verify/:hash.
 *   It holds no personal data (a hash, a kind, ids, dates), so a document still verifies after the person's erasure.
 */
export class SanctionsDocuments1763700002600 implements MigrationInterface {
  name = 'SanctionsDocuments1763700002600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rm_sanctions_v1 (
        procedure_id       text PRIMARY KEY,
        version            bigint NOT NULL,
        parcours_id        text NOT NULL,
        cri_code           text NOT NULL,
        breach             text NOT NULL CHECK (breach IN ('presentation', 'attestation')),
        stage              text NOT NULL,
        status             text NOT NULL CHECK (status IN ('open', 'closed')),
        regime_id          text NOT NULL,
        reported_on        date NOT NULL,
        anchor_on          date,
        due_on             date NOT NULL,
        explanation        jsonb NOT NULL,
        notice_sent_on     date,
        respond_by         date,
        notice_count       int NOT NULL DEFAULT 0,
        defence_count      int NOT NULL DEFAULT 0,
        decision           text CHECK (decision IN ('fine', 'dismissed')),
        decided_on         date,
        dismissal_reason   text,
        fine_amount        numeric(12, 2),
        amount_due         numeric(12, 2) NOT NULL DEFAULT 0,
        amount_paid        numeric(12, 2) NOT NULL DEFAULT 0,
        appeal_lodged_on   date,
        appeal_outcome     text,
        appeal_decided_on  date,
        withdrawn_on       date,
        closed_on          date,
        last_step_on       date NOT NULL,
        opened_at          timestamptz,
        updated_at         timestamptz,
        state              jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX rm_sanctions_v1_stage ON rm_sanctions_v1 (stage, reported_on)`);
    await q.query(`CREATE INDEX rm_sanctions_v1_cri ON rm_sanctions_v1 (cri_code, stage, reported_on)`);
    await q.query(`CREATE INDEX rm_sanctions_v1_parcours ON rm_sanctions_v1 (parcours_id)`);

    await q.query(`
      CREATE TABLE app_sanction_claims (
        parcours_id   text NOT NULL,
        breach        text NOT NULL,
        procedure_id  text NOT NULL,
        claimed_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (parcours_id, breach)
      )`);
    await q.query(`CREATE INDEX app_sanction_claims_procedure ON app_sanction_claims (procedure_id)`);

    await q.query(`
      CREATE TABLE doc_issued (
        hash           text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
        kind           text NOT NULL,
        parcours_id    text NOT NULL,
        cri            text NOT NULL,
        document_date  date,
        issued_at      timestamptz NOT NULL,
        issued_by      text NOT NULL
      )`);
    await q.query(`CREATE INDEX doc_issued_parcours ON doc_issued (parcours_id, issued_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE doc_issued');
    await q.query('DROP TABLE app_sanction_claims');
    await q.query('DROP TABLE rm_sanctions_v1');
  }
}
