import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, type Runtime } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { DocumentsModule } from './documents/documents.module';
import { SanctionsModule } from './sanctions/sanctions.module';
import { WebModule } from './web/web.module';
import { HealthController } from './health/health.controller';
import { CommandOwnersModule } from './http/command-owners';
import { ProblemFilter } from './http/problem.filter';
import { ReadYourWritesInterceptor } from './http/read-your-writes';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { ParcoursModule } from './parcours/parcours.module';
import { PrivacyModule } from './privacy/privacy.module';
import { ReadModule } from './read/read.module';

@Module({})
export class AppModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: runtime.config.logLevel,
            genReqId: (req, res) => {
              const header = req.headers['x-request-id'];
              const id = typeof header === 'string' && /^[\w.-]{1,100}$/.test(header) ? header : randomUUID();
              res.setHeader('x-request-id', id);
              return id;
            },
            // Personal data never goes to the logs: no bodies, no query strings (they may hold a name or a NISS).
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            redact: ['req.headers.authorization'],
            ...(runtime.config.logFile ? { stream: pino.destination({ dest: runtime.config.logFile, sync: true }) } : {}),
          },
        }),
        InfrastructureModule.register(runtime),
        TypeOrmModule.forRoot(dataSourceOptions(runtime.databaseUrl)),
        CqrsModule.forRoot(),
        CommandOwnersModule,
        AuditModule,
        AuthModule,
        ParcoursModule,
        PrivacyModule,
        ReadModule,
        SanctionsModule,
        DocumentsModule,
        WebModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        // Read-your-writes (api.md v2): queries wait for the position a client's command answered.
        { provide: APP_INTERCEPTOR, useClass: ReadYourWritesInterceptor },
      ],
    };
  }
}
