import {
  Injectable,
  Logger,
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestMiddleware,
  type NestModule,
} from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { AppProblem } from '../http/problem';

/** The api's own paths: never answered with the web app's index.html. */
export const API_PATHS = ['/api/{*path}', '/docs{*path}', '/health'];

/** apps/web/dist, found from this file whether it runs from the sources (apps/api/src/web) or the build (dist/apps/api/src/web). */
export function findWebDist(from: string = __dirname): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

function setHeaders(res: ServerResponse, path: string): void {
  // Built assets carry a content hash in their name: cached for a year. index.html is revalidated every time.
  if (path.includes(`${sep}assets${sep}`))
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  else res.setHeader('Cache-Control', 'no-cache');
  // Content-Security-Policy, nosniff, frame and referrer headers: helmet, for every response (http/security-headers.ts).
}

/** Answers `/` with a French problem when the web app was not built, instead of an empty 404. */
@Injectable()
class WebNotBuiltMiddleware implements NestMiddleware {
  use(_req: unknown, _res: unknown, next: () => void): void {
    if (findWebDist() !== null) return next();
    throw new AppProblem(
      503,
      'WEB_NOT_BUILT',
      "L'interface web n'est pas construite",
      'Lancez « npm run build:web » (fait automatiquement par « npm start »). L’API reste disponible sous /api et sa documentation sous /docs.',
    );
  }
}

/**
 * Serves the web app (apps/web/dist, a Vite build) at `/` on the same origin as the api, with the SPA fallback:
 * any other GET outside /api, /docs and /health answers index.html, and the app's router shows the page.
 * The build is looked for when the application is created, so a test may build it first.
 */
@Module({
  imports: [
    ServeStaticModule.forRootAsync({
      useFactory: () => {
        const rootPath = findWebDist();
        if (rootPath === null) {
          new Logger('WebModule').warn(
            'apps/web/dist not found: the web interface is not served (run "npm run build:web").',
          );
          return [];
        }
        return [
          {
            rootPath,
            exclude: API_PATHS,
            serveStaticOptions: { index: 'index.html', fallthrough: true, setHeaders },
          },
        ];
      },
    }),
  ],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebNotBuiltMiddleware).forRoutes({ path: '/', method: RequestMethod.GET });
  }
}
