import { Module } from '@nestjs/common';
import { ParcoursModule } from '../parcours/parcours.module';
import { ErasureService } from './erasure';
import { PrivacyController } from './privacy.controller';
import { RetentionService } from './retention';

@Module({
  imports: [ParcoursModule],
  controllers: [PrivacyController],
  providers: [ErasureService, RetentionService],
  exports: [ErasureService, RetentionService],
})
export class PrivacyModule {}
