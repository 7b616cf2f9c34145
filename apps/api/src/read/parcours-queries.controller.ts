import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AccessAudit } from '../audit/access-audit.service';
import { SanctioningOfficer } from '../auth/auth.guard';
import { StaffNames } from '../auth/staff-names';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthenticatedUser } from '../auth/roles';
import { notFound } from '../http/problem';
import { ParcoursDetailQuery, ParcoursListQuery } from './read.dto';
import { ParcoursQueries } from './parcours-queries.service';

@ApiTags('Parcours — consultation')
@ApiBearerAuth()
@Controller('api/parcours')
export class ParcoursQueriesController {
  constructor(
    private readonly queries: ParcoursQueries,
    private readonly audit: AccessAudit,
    private readonly staff: StaffNames,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Liste des parcours (filtres, recherche par nom ou NISS, statut des échéances à une date)',
    description:
      '`status` filtre sur le statut le plus urgent des échéances du parcours à `asOf` (en retard, échéance proche, suspendue, dans les délais, respectée…). `q` : nom et prénom sans tenir compte des accents ni des majuscules, ou NISS (points et tirets ignorés). Un accompagnateur ou un coordinateur ne voit que les parcours de son CRI.',
  })
  async list(@Query() query: ParcoursListQuery, @CurrentUser() user: AuthenticatedUser) {
    const result = await this.queries.list(user, query);
    await this.audit.recordMany(
      user,
      'parcours.list',
      result.items.map((i) => i.parcoursId),
      '/api/parcours',
    );
    const names = await this.staff.names(result.items.map((i) => i.accompagnateurId));
    return {
      ...result,
      items: result.items.map((i) => ({
        ...i,
        accompagnateur: i.accompagnateurId ? (names.get(i.accompagnateurId) ?? null) : null,
      })),
    };
  }

  @Get(':id')
  @SanctioningOfficer({ caseParam: 'id' })
  @ApiOperation({
    summary:
      'Dossier : personne, obligation, régime, progression par axe, échéances expliquées, attestation, dispenses',
    description:
      "Tout ce qui dépend d'une date (échéances, progression, obligation) est calculé à `asOf` (aujourd'hui par défaut) par les règles du domaine.",
  })
  async detail(
    @Param('id') id: string,
    @Query() query: ParcoursDetailQuery,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const row = await this.queries.findVisible(user, id);
    if (row === null)
      throw (await this.queries.transferredAway(user, id)) ?? notFound("Ce parcours n'existe pas.");
    // As recorded at an instant (api.md v2): the events known then, statuses at that date unless asOf is given.
    const recorded = query.knownAt ? await this.queries.asRecorded(row.parcoursId, query.knownAt) : null;
    const detail = {
      ...this.queries.detail(recorded ?? row, query.asOf ?? recorded?.asOf),
      ...(recorded ? { knownAt: recorded.knownAt } : {}),
    };
    await this.audit.record(user, {
      action: 'parcours.detail',
      parcoursId: row.parcoursId,
      endpoint: `/api/parcours/${row.parcoursId}`,
    });
    res.setHeader('ETag', `"${detail.version}"`);
    return {
      ...detail,
      accompagnateur: await this.staff.name(detail.accompagnateurId),
      readModel: await this.queries.readModelState(row.parcoursId),
    };
  }
}
