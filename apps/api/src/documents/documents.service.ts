import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import type { IsoDate, ParcoursState } from '@app/parcours';
import { belgianDate, CLOCK, EVENT_STORE, type Clock } from '@app/platform';
import { AccessAudit } from '../audit/access-audit.service';
import type { AuthenticatedUser } from '../auth/roles';
import { AppProblem } from '../http/problem';
import { InvalidInput } from '../http/validation';
import { loadParcoursInScope } from '../parcours/parcours-stream';
import { contentHash } from './content-hash';
import {
  attestationContent,
  nationalityDossierContent,
  type AttestationContent,
  type NationalityDossierContent,
} from './document-content';
import { DocumentRegistry } from './document-registry';
import { renderAttestationPdf } from './pdf/attestation.pdf';
import { renderNationalityDossierPdf } from './pdf/nationality-dossier.pdf';

export const verifyPath = (hash: string): string => `/api/documents/verify/${hash}`;

export type Issued<C> = { content: C; hash: string };

/**
 * Builds the official documents of a parcours from its stream (so a document reflects a command at once), registers
 * each issued content hash, and records the read of the person's data in the access audit.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly registry: DocumentRegistry,
    private readonly audit: AccessAudit,
  ) {}

  today(): IsoDate {
    return belgianDate(this.clock.now());
  }

  /** The case, if the reader may see it: another CRI's case answers 404, like an unknown one. */
  private async parcours(id: string, user: AuthenticatedUser): Promise<ParcoursState> {
    return (await loadParcoursInScope(this.store, id, user)).state;
  }

  async attestation(
    id: string,
    user: AuthenticatedUser,
    endpoint: string,
  ): Promise<Issued<AttestationContent> & { pdf: Buffer }> {
    const state = await this.parcours(id, user);
    const content = attestationContent(state);
    if (content === null) {
      throw new AppProblem(
        404,
        'ATTESTATION_NOT_ISSUED',
        "Aucune attestation de fréquentation n'a été délivrée",
        "L'attestation de fréquentation de ce parcours n'a pas encore été délivrée.",
      );
    }
    const hash = contentHash(content);
    const pdf = await renderAttestationPdf(content, hash, verifyPath(hash));
    await this.registry.register(hash, content, content.cri.code, user);
    await this.audit.record(user, { action: 'document.attestation', parcoursId: id, endpoint });
    return { content, hash, pdf };
  }

  /** The dossier as JSON: a working view, not an issued document, so its hash is not registered. */
  async nationalityDossier(
    id: string,
    asOf: IsoDate,
    user: AuthenticatedUser,
    endpoint: string,
  ): Promise<Issued<NationalityDossierContent>> {
    const state = await this.parcours(id, user);
    const content = nationalityDossierContent(state, asOf);
    await this.audit.record(user, { action: 'document.nationality-dossier', parcoursId: id, endpoint });
    return { content, hash: contentHash(content) };
  }

  /** The dossier issued as a PDF: registered for verification, and so never dated after today. */
  async nationalityDossierPdf(
    id: string,
    asOf: IsoDate,
    user: AuthenticatedUser,
    endpoint: string,
  ): Promise<Issued<NationalityDossierContent> & { pdf: Buffer }> {
    if (asOf > this.today()) {
      throw new InvalidInput([
        {
          field: 'asOf',
          message:
            "Un document ne peut pas être délivré à une date future : choisissez aujourd'hui ou une date passée.",
        },
      ]);
    }
    const issued = await this.nationalityDossier(id, asOf, user, endpoint);
    await this.registry.register(issued.hash, issued.content, issued.content.cri.code, user);
    return {
      ...issued,
      pdf: await renderNationalityDossierPdf(issued.content, issued.hash, verifyPath(issued.hash)),
    };
  }
}
