import { Module } from '@nestjs/common';
import { DocumentRegistry } from './document-registry';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { VerifyController } from './verify.controller';

/** Official documents (attestation de fréquentation, nationality dossier) and their verification by content hash. */
@Module({
  controllers: [DocumentsController, VerifyController],
  providers: [DocumentsService, DocumentRegistry],
})
export class DocumentsModule {}
