import { Global, Module } from '@nestjs/common';
import { AccessAudit } from './access-audit.service';

@Global()
@Module({ providers: [AccessAudit], exports: [AccessAudit] })
export class AuditModule {}
