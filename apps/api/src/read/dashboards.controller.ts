import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CRI_CODES, isCriCode } from '@app/parcours';
import { CurrentUser } from '../auth/current-user.decorator';
import { StaffNames, type StaffName } from '../auth/staff-names';
import { isCriBound, type AuthenticatedUser } from '../auth/roles';
import { notFound } from '../http/problem';
import { DashboardQueries } from './dashboards.service';
import { ReadContext } from './read-context';

@ApiTags('Conformité et tableaux de bord')
@ApiBearerAuth()
@Controller('api/dashboards')
export class DashboardsController {
  constructor(
    private readonly dashboards: DashboardQueries,
    private readonly ctx: ReadContext,
    private readonly staff: StaffNames,
  ) {}

  @Get('cri')
  @ApiOperation({
    summary:
      'Une ligne par CRI : parcours suivis par public et par étape, échéances dépassées et proches, ouvertures et attestations par mois (12 mois), délai médian commande du titre → attestation, dispenses par catégorie, dossiers nationalité',
    description: 'Un accompagnateur ou un coordinateur ne reçoit que la ligne de son CRI.',
  })
  async all(@CurrentUser() user: AuthenticatedUser) {
    const cris = isCriBound(user) ? [user.cri as string] : [...CRI_CODES];
    return { asOf: this.ctx.today(), items: await this.dashboards.forCris(cris) };
  }

  @Get('cri/:code')
  @ApiOperation({
    summary:
      "Le tableau de bord d'un CRI, avec une ligne par accompagnateur (parcours suivis, en retard, échéance proche)",
  })
  async one(@Param('code') code: string, @CurrentUser() user: AuthenticatedUser) {
    if (!isCriCode(code) || !this.ctx.canSee(user, code))
      throw notFound('Ce centre régional est inconnu ou hors de votre périmètre.');
    const [[row], accompagnateurs] = await Promise.all([
      this.dashboards.forCris([code]),
      this.dashboards.accompagnateurs(code),
    ]);
    // One row per person: a user recorded by username on some cases and by user id on older ones is one row.
    const names = await this.staff.names(accompagnateurs.map((a) => a.accompagnateurId));
    const rows = new Map<string, (typeof accompagnateurs)[number] & { accompagnateur: StaffName | null }>();
    for (const a of accompagnateurs) {
      const name = a.accompagnateurId ? (names.get(a.accompagnateurId) ?? null) : null;
      const key = name?.username ?? a.accompagnateurId ?? '';
      const seen = rows.get(key);
      if (seen) {
        seen.activeParcours += a.activeParcours;
        seen.overdue += a.overdue;
        seen.dueSoon += a.dueSoon;
      } else
        rows.set(key, { ...a, accompagnateurId: name?.username ?? a.accompagnateurId, accompagnateur: name });
    }
    return { ...row, accompagnateurs: [...rows.values()] };
  }
}
