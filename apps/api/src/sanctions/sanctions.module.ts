import { Module } from '@nestjs/common';
import { ExecuteSanctionCommandHandler } from './execute-sanction-command';
import { SanctionClaims } from './sanction-claims';
import { SanctionsCommandsController } from './sanctions-commands.controller';
import { SanctionsQueriesController } from './sanctions-queries.controller';
import { SanctionsQueries } from './sanctions-queries.service';

/** Sanction procedures (api.md "Sanction procedures"): commands on `sanction-<id>` streams, the list, the sanctionable cases. */
@Module({
  controllers: [SanctionsQueriesController, SanctionsCommandsController],
  providers: [ExecuteSanctionCommandHandler, SanctionClaims, SanctionsQueries],
})
export class SanctionsModule {}
