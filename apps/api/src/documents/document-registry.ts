import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, type Clock } from '@app/platform';
import { PARCOURS_TABLE } from '@app/parcours';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/roles';
import { documentDate, type DocumentContent } from './document-content';
import type { DocumentKind } from './french';

export type IssuedDocument = {
  hash: string;
  kind: DocumentKind;
  parcoursId: string;
  cri: string;
  documentDate: string | null;
  issuedAt: Date;
  issuedBy: string;
  /** The attestation number of an attestation. */
  reference: string | null;
};

/**
 * The documents the system issued, by content hash (doc_issued). Only a hash, a kind, ids and dates: no personal
 * data, so a document still verifies after the person's data were erased. The first issue of a content is kept (the
 * same content printed again has the same hash).
 */
@Injectable()
export class DocumentRegistry {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async register(
    hash: string,
    content: DocumentContent,
    cri: string,
    user: AuthenticatedUser,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO doc_issued (hash, kind, parcours_id, cri, document_date, issued_at, issued_by, reference)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (hash) DO NOTHING`,
      [
        hash,
        content.kind,
        content.parcoursId,
        cri,
        documentDate(content),
        this.clock.now(),
        user.username,
        content.kind === 'attestation' ? content.attestationNumber : null,
      ],
    );
  }

  async find(hash: string): Promise<IssuedDocument | null> {
    const [row]: Array<{
      hash: string;
      kind: DocumentKind;
      parcours_id: string;
      cri: string;
      document_date: string | null;
      issued_at: Date;
      issued_by: string;
      reference: string | null;
    }> = await this.db.query(
      `SELECT hash, kind, parcours_id, cri, document_date::text AS document_date, issued_at, issued_by, reference FROM doc_issued WHERE hash = $1`,
      [hash],
    );
    if (!row) return null;
    return {
      hash: row.hash,
      kind: row.kind,
      parcoursId: row.parcours_id,
      cri: row.cri,
      documentDate: row.document_date,
      issuedAt: new Date(row.issued_at),
      issuedBy: row.issued_by,
      reference: row.reference,
    };
  }

  /**
   * When the attestation `attestationNumber` of this parcours was revoked, or null (read from the case's read model:
   * the revocation is an event of the case, not a second write).
   */
  async revokedOn(parcoursId: string, attestationNumber: string): Promise<string | null> {
    const [row]: Array<{ revoked_on: string }> = await this.db.query(
      `SELECT r->>'revokedOn' AS revoked_on FROM ${PARCOURS_TABLE}, jsonb_array_elements(state->'revokedAttestations') r
       WHERE parcours_id = $1 AND r->>'attestationNumber' = $2`,
      [parcoursId, attestationNumber],
    );
    return row?.revoked_on ?? null;
  }
}
