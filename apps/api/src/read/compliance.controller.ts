import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AccessAudit } from '../audit/access-audit.service';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthenticatedUser } from '../auth/roles';
import { COMPLIANCE_CSV_HEADER, ComplianceQueries } from './compliance.service';
import { sendCsv } from './csv';
import { ComplianceExportQuery, ComplianceQuery } from './read.dto';
import { ReadContext } from './read-context';

@ApiTags('Conformité et tableaux de bord')
@ApiBearerAuth()
@Controller('api/compliance')
export class ComplianceController {
  constructor(
    private readonly compliance: ComplianceQueries,
    private readonly ctx: ReadContext,
    private readonly audit: AccessAudit,
  ) {}

  @Get('deadlines')
  @ApiOperation({
    summary:
      'Échéances des personnes obligées à une date (asOf, aujourd’hui par défaut), les plus proches d’abord',
    description:
      'Sans `status`, les échéances en cours : en retard, échéance proche, suspendues, dans les délais. `status` accepte aussi met-late (accomplie hors délai, avec daysLate), met, dispensed, closed.',
  })
  async deadlines(@Query() query: ComplianceQuery, @CurrentUser() user: AuthenticatedUser) {
    const result = await this.compliance.page(user, query, query.page ?? 1, query.pageSize ?? 50);
    await this.audit.recordMany(
      user,
      'compliance.deadlines',
      [...new Set(result.items.map((i) => i.parcoursId))],
      '/api/compliance/deadlines',
    );
    return result;
  }

  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'Les mêmes échéances en CSV pour Excel (séparateur « ; », UTF-8 avec BOM, en-têtes en français)',
  })
  async exportCsv(
    @Query() query: ComplianceExportQuery,
    @CurrentUser() user: AuthenticatedUser,
    @Res() res: Response,
  ): Promise<void> {
    const asOf = this.ctx.asOf(query.asOf);
    const rows = this.compliance.csvRows(user, query, asOf, (ids) =>
      this.audit.recordMany(user, 'export.compliance-csv', ids, '/api/compliance/export.csv'),
    );
    await sendCsv(res, `conformite-${asOf}.csv`, COMPLIANCE_CSV_HEADER, rows);
  }
}
