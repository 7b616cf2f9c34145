import { Module } from '@nestjs/common';
import { ComplianceController } from './compliance.controller';
import { ComplianceQueries } from './compliance.service';
import { DashboardsController } from './dashboards.controller';
import { DashboardQueries } from './dashboards.service';
import { ParcoursQueriesController } from './parcours-queries.controller';
import { ParcoursQueries } from './parcours-queries.service';
import { ReadContext } from './read-context';
import { ReferenceController } from './reference.controller';

/** Queries of api.md answered from the read models (parcours list and detail, compliance, dashboards). */
@Module({
  controllers: [ParcoursQueriesController, ComplianceController, DashboardsController, ReferenceController],
  providers: [ReadContext, ParcoursQueries, ComplianceQueries, DashboardQueries],
  exports: [ReadContext, ParcoursQueries],
})
export class ReadModule {}
