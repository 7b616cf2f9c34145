import { Module } from '@nestjs/common';
import { AttestationNumbers } from './attestation-numbers';
import { ExecuteParcoursCommandHandler } from './execute-parcours-command';
import { NissRegistry } from './niss-registry';
import { ParcoursCommandsController } from './parcours-commands.controller';
import { ParcoursHistoryController } from './parcours-history.controller';

@Module({
  controllers: [ParcoursCommandsController, ParcoursHistoryController],
  providers: [ExecuteParcoursCommandHandler, NissRegistry, AttestationNumbers],
  exports: [NissRegistry],
})
export class ParcoursModule {}
