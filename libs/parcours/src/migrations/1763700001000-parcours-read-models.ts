import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the parcours (projection parcours_read_v1): the case row with its folded state, and the deadline
 * segments that give every deadline's status at any date in SQL.
 */
export class ParcoursReadModels1763700001000 implements MigrationInterface {
  name = 'ParcoursReadModels1763700001000';

  async up(q: QueryRunner): Promise<void> {
    // Name search with LIKE '%…%' served by a trigram index; pg_trgm is a trusted extension (PostgreSQL ≥ 13), but a
    // server without it still works (the search scans instead).
    await q.query(`
      DO $$ BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
      EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pg_trgm unavailable (%): name search will not be indexed', SQLERRM;
      END $$`);
    await q.query(`
      CREATE TABLE rm_parcours_v1 (
        parcours_id                   text PRIMARY KEY,
        version                       bigint NOT NULL,
        cri_code                      text NOT NULL,
        opening_cri_code              text NOT NULL,
        accompagnateur_id             text,
        last_name                     text,
        first_name                    text,
        birth_date                    text,
        niss                          text,
        search_text                   text NOT NULL DEFAULT '',
        sort_name                     text NOT NULL DEFAULT '',
        obligation                    text NOT NULL,
        stage                         text NOT NULL,
        status                        text NOT NULL,
        regime_id                     text,
        opened_on                     date,
        commune_registration_date     date,
        card_order_date               date,
        presented_on                  date,
        convention_signed_on          date,
        attestation_issued_on         date,
        attestation_cri_code          text,
        closed_on                     date,
        dispense_categories           text[] NOT NULL DEFAULT '{}',
        nationality_dossier_opened_on date,
        nationality_dossier_complete  boolean,
        erased_on                     date,
        state                         jsonb NOT NULL,
        segments_key                  text NOT NULL DEFAULT '',
        -- Each deadline once every fact has taken effect (its last segment), valid from deadlines_tail_from on:
        -- lists filter and sort by status at today's date from these columns, without reading the segments.
        deadlines_tail_from           date NOT NULL DEFAULT '-infinity',
        presentation_present          boolean NOT NULL DEFAULT false,
        presentation_from             date,
        presentation_due              date,
        presentation_grows            boolean NOT NULL DEFAULT false,
        presentation_fixed            text,
        attestation_present           boolean NOT NULL DEFAULT false,
        attestation_from              date,
        attestation_due               date,
        attestation_grows             boolean NOT NULL DEFAULT false,
        attestation_fixed             text,
        evaluation_present            boolean NOT NULL DEFAULT false,
        evaluation_from               date,
        evaluation_due                date,
        evaluation_grows              boolean NOT NULL DEFAULT false,
        evaluation_fixed              text
      )`);
    await q.query(
      `CREATE INDEX rm_parcours_v1_cri_name ON rm_parcours_v1 (cri_code, sort_name, parcours_id)`,
    );
    await q.query(`CREATE INDEX rm_parcours_v1_name ON rm_parcours_v1 (sort_name, parcours_id)`);
    await q.query(
      `CREATE INDEX rm_parcours_v1_accompagnateur ON rm_parcours_v1 (cri_code, accompagnateur_id)`,
    );
    // Dashboards: active cases, openings and attestations per month, dispenses, nationality dossiers.
    await q.query(
      `CREATE INDEX rm_parcours_v1_active ON rm_parcours_v1 (cri_code, obligation, stage, accompagnateur_id) WHERE status = 'open' AND attestation_issued_on IS NULL`,
    );
    await q.query(`CREATE INDEX rm_parcours_v1_openings ON rm_parcours_v1 (opened_on, opening_cri_code)`);
    await q.query(
      `CREATE INDEX rm_parcours_v1_attestations ON rm_parcours_v1 (attestation_issued_on, attestation_cri_code) INCLUDE (card_order_date) WHERE attestation_issued_on IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX rm_parcours_v1_dispensed ON rm_parcours_v1 (cri_code) INCLUDE (dispense_categories) WHERE dispense_categories <> '{}'`,
    );
    await q.query(
      `CREATE INDEX rm_parcours_v1_nationality ON rm_parcours_v1 (cri_code) INCLUDE (nationality_dossier_complete) WHERE nationality_dossier_opened_on IS NOT NULL`,
    );
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
          EXECUTE 'CREATE INDEX rm_parcours_v1_search ON rm_parcours_v1 USING gin (search_text gin_trgm_ops)';
        ELSE
          EXECUTE 'CREATE INDEX rm_parcours_v1_search ON rm_parcours_v1 (search_text text_pattern_ops)';
        END IF;
      END $$`);

    // One row per stretch of time during which a deadline's due date and status class are constant. valid_from is
    // inclusive, valid_to exclusive ('-infinity' / 'infinity' for the open ends); fixed_status NULL = on-track,
    // due-soon or overdue, derived from due_on at the asked date. No row = not applicable.
    await q.query(`
      CREATE TABLE rm_deadline_segments_v1 (
        parcours_id   text NOT NULL,
        kind          text NOT NULL CHECK (kind IN ('presentation', 'attestation', 'evaluation')),
        seq           smallint NOT NULL,
        cri_code      text NOT NULL,
        valid_from    date NOT NULL,
        valid_to      date NOT NULL,
        due_on        date,
        due_grows     boolean NOT NULL DEFAULT false,
        fixed_status  text CHECK (fixed_status IN ('met', 'dispensed', 'suspended', 'closed')),
        obliged       boolean NOT NULL,
        PRIMARY KEY (parcours_id, kind, seq),
        CHECK (valid_from < valid_to)
      )`);
    // "Now" (dashboards, compliance at today): the last segment of each running deadline is the one in force; the due
    // date at valid_from is a lower bound of the due date at any later date, so `due_on <= bound` selects in the index.
    await q.query(
      `CREATE INDEX rm_deadline_segments_v1_current ON rm_deadline_segments_v1 (cri_code, kind, due_on) INCLUDE (parcours_id, obliged, valid_from, due_grows) WHERE valid_to = 'infinity' AND fixed_status IS NULL`,
    );
    // Segments closed in the future (a suspension ending later): the few that are in force today without being the last.
    await q.query(
      `CREATE INDEX rm_deadline_segments_v1_ending ON rm_deadline_segments_v1 (valid_to) WHERE valid_to <> 'infinity'`,
    );
    // Any other date (compliance "as of" a past day), and the stopped clocks (suspended…) in force now.
    await q.query(
      `CREATE INDEX rm_deadline_segments_v1_due ON rm_deadline_segments_v1 (due_on) WHERE fixed_status IS NULL`,
    );
    await q.query(
      `CREATE INDEX rm_deadline_segments_v1_fixed ON rm_deadline_segments_v1 (fixed_status, cri_code) WHERE fixed_status IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rm_deadline_segments_v1');
    await q.query('DROP TABLE rm_parcours_v1');
  }
}
