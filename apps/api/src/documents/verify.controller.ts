import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { belgianDate } from '@app/platform';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { Public } from '../auth/auth.guard';
import { isCriBound } from '../auth/roles';
import { AppProblem } from '../http/problem';
import { isContentHash } from './content-hash';
import { criOf } from './document-content';
import { DocumentRegistry } from './document-registry';
import { DOCUMENT_KIND_LABELS } from './french';

/**
 * Anyone holding a document (a commune, a court, the person) may check that the system issued it: the answer says
 * whether it did, the kind of document, its date and issuing centre, and nothing about the person. An authenticated
 * user who may see the case also gets the parcours id.
 */
@ApiTags('Documents')
@Controller('api/documents')
export class VerifyController {
  constructor(private readonly registry: DocumentRegistry) {}

  @Public()
  @Get('verify/:hash')
  @ApiOperation({
    summary:
      "Vérifie qu'un document (par l'empreinte SHA-256 imprimée dessus) a été émis par le système ; `status` : `valid`, ou `revoked` pour une attestation révoquée (avec `revokedOn`)",
  })
  async verify(@Param('hash') raw: string, @Req() req: AuthenticatedRequest) {
    const hash = raw.trim().toLowerCase();
    if (!isContentHash(hash)) {
      throw new AppProblem(
        400,
        'VALIDATION_FAILED',
        'Données invalides',
        "L'empreinte doit compter 64 caractères hexadécimaux.",
        {
          errors: [
            { field: 'hash', message: 'Empreinte invalide : 64 caractères hexadécimaux attendus (SHA-256)' },
          ],
        },
      );
    }
    const issued = await this.registry.find(hash);
    if (issued === null) {
      throw new AppProblem(
        404,
        'DOCUMENT_NOT_FOUND',
        'Document inconnu',
        "Aucun document portant cette empreinte n'a été émis par le système.",
      );
    }
    const user = req.user;
    const inScope = user !== undefined && (!isCriBound(user) || user.cri === issued.cri);
    // An attestation revoked (issued in error) says so: it no longer proves anything (api.md v2).
    const revokedOn =
      issued.kind === 'attestation' && issued.reference
        ? await this.registry.revokedOn(issued.parcoursId, issued.reference)
        : null;
    return {
      hash,
      issued: true,
      status: revokedOn ? 'revoked' : 'valid',
      ...(revokedOn ? { revokedOn } : {}),
      kind: issued.kind,
      kindLabel: DOCUMENT_KIND_LABELS[issued.kind] ?? issued.kind,
      documentDate: issued.documentDate,
      issuedOn: belgianDate(issued.issuedAt),
      issuer: criOf(issued.cri),
      ...(inScope ? { parcoursId: issued.parcoursId } : {}),
    };
  }
}
