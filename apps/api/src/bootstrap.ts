import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Runtime } from '@app/platform';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { validationPipe } from './http/validation';
import { PROBLEM_CONTENT_TYPE, problemType } from './http/problem';
import { securityHeaders } from './http/security-headers';
import { refuseHostileText } from './http/hostile-text';
import { queryWithoutMinPosition } from './http/read-your-writes';
import type { NextFunction, Request, Response } from 'express';

const BODY_ERRORS: Record<string, [number, string, string, string]> = {
  'entity.parse.failed': [
    400,
    'MALFORMED_JSON',
    'Requête invalide',
    "Le corps de la requête n'est pas du JSON valide.",
  ],
  'entity.too.large': [
    413,
    'PAYLOAD_TOO_LARGE',
    'Requête trop volumineuse',
    'Le corps de la requête dépasse 256 Ko.',
  ],
  'charset.unsupported': [
    415,
    'UNSUPPORTED_CHARSET',
    'Encodage non pris en charge',
    'Envoyez le corps en UTF-8.',
  ],
  'encoding.unsupported': [
    415,
    'UNSUPPORTED_ENCODING',
    'Encodage non pris en charge',
    'Compression non prise en charge.',
  ],
};

function bodyParserErrors(
  error: { type?: string; status?: number } | undefined,
  req: Request,
  res: Response,
  next: NextFunction,
): void {
  const known = error?.type ? BODY_ERRORS[error.type] : undefined;
  if (!error || (!known && !(typeof error.status === 'number' && error.status < 500))) return next(error);
  const [status, code, title, detail] = known ?? [
    error.status ?? 400,
    'BAD_REQUEST',
    'Requête invalide',
    undefined,
  ];
  sendProblem(req, res, status, code, title, detail);
}

/** For errors answered before Nest's exception filter can see them. */
function sendProblem(
  req: Request,
  res: Response,
  status: number,
  code: string,
  title: string,
  detail?: string,
): void {
  res
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify({
        type: problemType(code),
        title,
        status,
        ...(detail ? { detail } : {}),
        code,
        instance: req.originalUrl,
      }),
    );
}

/** Our bodies nest 3 levels at most; class-transformer recurses once per level and overflows the stack near 2,000. */
const MAX_JSON_DEPTH = 64;

/** Whether a parsed JSON value nests deeper than max (iterative: the value may be nested thousands of levels deep). */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

function refuseDeepJson(req: Request, res: Response, next: NextFunction): void {
  if (!nestedDeeperThan(req.body, MAX_JSON_DEPTH)) return next();
  sendProblem(
    req,
    res,
    400,
    'MALFORMED_JSON',
    'Requête invalide',
    'Le corps de la requête est imbriqué trop profondément.',
  );
}

/** Text no store may hold (NUL, other control characters, lone surrogates): the same 400 as the validator's. */
const hostileText = refuseHostileText((req, res, errors) =>
  res
    .status(400)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify({
        type: problemType('VALIDATION_FAILED'),
        title: 'Données invalides',
        status: 400,
        detail: `${errors.length} champ(s) invalide(s).`,
        code: 'VALIDATION_FAILED',
        instance: req.originalUrl,
        errors,
      }),
    ),
);

/** Builds the configured Nest application (shared by main.ts and the e2e tests). */
export async function createApp(
  runtime: Runtime,
  options: { bufferLogs?: boolean } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(runtime), {
    bufferLogs: options.bufferLogs ?? true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  const { config } = runtime;
  // Forwarded addresses only from the configured proxies (the login limits count the client address).
  app.set('trust proxy', config.http.trustedProxies.length > 0 ? config.http.trustedProxies : false);
  app.disable('x-powered-by');
  // `minPosition` is read by ReadYourWritesInterceptor, never by a query DTO (which refuses unknown parameters).
  app.set('query parser', queryWithoutMinPosition);
  // First, so that every answer carries them, errors of the body parser included (docs/security.md).
  for (const handler of securityHeaders(config)) app.use(handler);
  // Closed unless configured: without CORS_ORIGINS no browser of another origin may call the API.
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.http.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'If-Match',
        'Idempotency-Key',
        'X-Request-Id',
        'Jalon-Min-Position',
      ],
      exposedHeaders: ['ETag', 'X-Content-Hash', 'Content-Disposition', 'Retry-After', 'Jalon-Position'],
      maxAge: 600,
    });
  }
  app.useBodyParser('json', { limit: '256kb' });
  // Body-parser errors happen before Nest's routing: answer them here, as problem+json.
  app.use(bodyParserErrors);
  app.use(refuseDeepJson);
  app.use(hostileText);
  app.useGlobalPipes(validationPipe());
  // The API's description is for the team: off in production unless DOCS_PUBLIC=true.
  if (!config.http.docsPublic) return app;
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
