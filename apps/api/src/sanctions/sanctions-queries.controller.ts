import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthenticatedUser } from '../auth/roles';
import { AccessAudit } from '../audit/access-audit.service';
import { sendCsv } from '../read/csv';
import { SanctionableCsvQuery, SanctionableQuery, SanctionListQuery } from './sanctions.dto';
import { SANCTIONABLE_CSV_HEADER, sanctionableCsvRow, SanctionsQueries } from './sanctions-queries.service';

const READERS = ['sanctioning-officer', 'administration', 'admin'] as const;
const CSV_CHUNK = 500;

/**
 * Procedures and the cases that could be reported. Readers: the sanctioning officer, the administration (SPW) and
 * admins; CRI staff do not see sanction procedures (403). The sanctionable routes come before `:id`.
 */
@ApiTags('Sanctions — consultation')
@ApiBearerAuth()
@Roles(...READERS)
@Controller('api/sanctions')
export class SanctionsQueriesController {
  constructor(
    private readonly queries: SanctionsQueries,
    private readonly audit: AccessAudit,
  ) {}

  @Get('sanctionable')
  @ApiOperation({
    summary:
      "Cas sanctionnables à une date : personnes soumises à l'obligation, en retard pour le manquement, sans indisponibilité de formation (art. 152/8) ni procédure ouverte ; avec l'explication de l'échéance",
  })
  async sanctionable(
    @Query() query: SanctionableQuery,
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
  ) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { asOf, candidates } = await this.queries.candidates(query);
    const pageItems = await this.queries.judge(
      asOf,
      candidates.slice((page - 1) * pageSize, page * pageSize),
    );
    // The list shows names: each case on the page is a read of personal data.
    await this.audit.recordMany(
      user,
      'sanctions.sanctionable',
      pageItems.map((i) => i.parcoursId),
      req.originalUrl,
    );
    return { asOf, items: pageItems, total: candidates.length, page, pageSize };
  }

  @Get('sanctionable.csv')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary:
      'Les cas sanctionnables en CSV (séparateur « ; », UTF-8 avec BOM, en-têtes en français, dates jj/mm/aaaa)',
  })
  async sanctionableCsv(
    @Query() query: SanctionableCsvQuery,
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const { asOf, candidates } = await this.queries.candidates(query);
    await this.audit.recordMany(
      user,
      'export.sanctionable-csv',
      candidates.map((c) => c.parcoursId),
      req.originalUrl,
    );
    const queries = this.queries;
    async function* chunks() {
      for (let i = 0; i < candidates.length; i += CSV_CHUNK) {
        yield (await queries.judge(asOf, candidates.slice(i, i + CSV_CHUNK))).map(sanctionableCsvRow);
      }
    }
    await sendCsv(
      res,
      `cas-sanctionnables-${asOf}${query.cri ? `-${query.cri}` : ''}.csv`,
      SANCTIONABLE_CSV_HEADER,
      chunks(),
    );
  }

  @Get()
  @ApiOperation({ summary: 'Procédures de sanction (filtres : statut ou étape, CRI, manquement, parcours)' })
  list(@Query() query: SanctionListQuery) {
    return this.queries.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Une procédure : étapes, décision, montants, et la personne concernée' })
  async detail(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser, @Req() req: Request) {
    const view = await this.queries.detail(id);
    await this.audit.record(user, {
      action: 'sanction.detail',
      parcoursId: view.parcoursId,
      endpoint: req.originalUrl,
    });
    return view;
  }
}
