import { Controller, Get, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthenticatedUser } from '../auth/roles';
import { DateField } from '../http/validators';
import { DocumentsService } from './documents.service';

export class DossierQuery {
  @DateField({ required: false, description: "Date de la situation (AAAA-MM-JJ) ; aujourd'hui par défaut" })
  asOf?: string;
}

const pdfFile = (res: Response, pdf: Buffer, hash: string, filename: string): StreamableFile => {
  res.setHeader('X-Content-Hash', hash);
  res.setHeader('Cache-Control', 'no-store');
  return new StreamableFile(pdf, {
    type: 'application/pdf',
    disposition: `inline; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
    length: pdf.length,
  });
};

/**
 * The official documents of a parcours (attestation de fréquentation, nationality dossier), for the CRI staff of the
 * case's CRI and the regional administration. Each carries its content hash (body `contentHash`, header
 * `X-Content-Hash`, printed on the PDF), registered for GET /api/documents/verify/:hash.
 */
@ApiTags('Documents')
@ApiBearerAuth()
@Roles('accompagnateur', 'coordinateur', 'administration', 'admin')
@Controller('api/parcours')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get(':id/attestation.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary:
      "Attestation de fréquentation (PDF) ; 404 ATTESTATION_NOT_ISSUED tant qu'elle n'a pas été délivrée",
  })
  async attestationPdf(
    @Param('id') id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { pdf, hash, content } = await this.documents.attestation(id, user, req.originalUrl);
    return pdfFile(res, pdf, hash, `attestation-${content.attestationNumber}.pdf`);
  }

  @Get(':id/nationality-dossier')
  @ApiOperation({
    summary:
      'Dossier nationalité : chaque condition (art. 12bis CNB), ses preuves et son statut, avec l’empreinte du contenu',
  })
  async nationalityDossier(
    @Param('id') id: string,
    @Query() query: DossierQuery,
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
  ) {
    const { content, hash } = await this.documents.nationalityDossier(
      id,
      query.asOf ?? this.documents.today(),
      user,
      req.originalUrl,
    );
    return { ...content, contentHash: hash };
  }

  @Get(':id/nationality-dossier.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'Dossier nationalité (PDF)' })
  async nationalityDossierPdf(
    @Param('id') id: string,
    @Query() query: DossierQuery,
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { pdf, hash, content } = await this.documents.nationalityDossierPdf(
      id,
      query.asOf ?? this.documents.today(),
      user,
      req.originalUrl,
    );
    return pdfFile(res, pdf, hash, `dossier-nationalite-${content.asOf}.pdf`);
  }
}
