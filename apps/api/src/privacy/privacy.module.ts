import { Module } from '@nestjs/common';
import { ParcoursModule } from '../parcours/parcours.module';
import { ErasureService } from './erasure';
import { PrivacyController } from './privacy.controller';

@Module({ imports: [ParcoursModule], controllers: [PrivacyController], providers: [ErasureService], exports: [ErasureService] })
export class PrivacyModule {}
