import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Runtime } from '@app/platform';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { validationPipe } from './http/validation';

/** Builds the configured Nest application (shared by main.ts and the e2e tests). */
export async function createApp(runtime: Runtime, options: { bufferLogs?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(runtime), {
    bufferLogs: options.bufferLogs ?? true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: '256kb' });
  app.useGlobalPipes(validationPipe());
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Jalon API')
      .setDescription("Suivi du parcours d'intégration des primo-arrivants en Wallonie (CRI, SPW).")
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
