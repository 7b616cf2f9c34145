import { Module } from '@nestjs/common';
import { AttestationNumbers } from './attestation-numbers';
import { ExecuteParcoursCommandHandler } from './execute-parcours-command';
import { NissRegistry } from './niss-registry';
import { ParcoursCommandsController } from './parcours-commands.controller';
import { ParcoursHistoryController } from './parcours-history.controller';
import { ReadModule } from '../read/read.module';

@Module({
  // The case view of a what-if (dryRun) is the one GET /api/parcours/:id answers.
  imports: [ReadModule],
  controllers: [ParcoursCommandsController, ParcoursHistoryController],
  providers: [ExecuteParcoursCommandHandler, NissRegistry, AttestationNumbers],
  exports: [NissRegistry],
})
export class ParcoursModule {}
