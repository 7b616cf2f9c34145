import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PROJECTION_NAMES } from '@app/platform';
import type { Request, Response } from 'express';
import { parse } from 'node:querystring';
import { from, switchMap, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { AppProblem } from './problem';

/**
 * Read-your-writes (api.md v2): every command answers the global position of its last event (`position`, header
 * `Jalon-Position`); a query sent with `minPosition=<position>` (or the header `Jalon-Min-Position`) answers once the
 * read models have reached it, waiting at most 2 s, else `503 READ_MODEL_BEHIND`. A client that sends the position
 * of its own last command always reads what it just wrote — without polling.
 */
export const MAX_WAIT_MS = 2000;
const POLL_MS = 15;

/** The query string as Express's « simple » parser reads it, without `minPosition` (no query DTO declares it). */
export const queryWithoutMinPosition = (text: string): Record<string, unknown> => {
  const query = parse(text);
  delete query.minPosition;
  return query;
};

/** The position the reads must have reached, from `minPosition` or `Jalon-Min-Position`; null when none is asked. */
function requested(req: Request): string | null {
  const fromQuery = new URL(req.originalUrl, 'http://localhost').searchParams.get('minPosition');
  const value = fromQuery ?? req.header('jalon-min-position') ?? null;
  if (value === null) return null;
  if (!/^\d{1,18}$/.test(value))
    throw new AppProblem(400, 'VALIDATION_FAILED', 'Données invalides', '1 champ(s) invalide(s).', {
      errors: [
        {
          field: 'minPosition',
          message: 'minPosition : position reçue d’une commande attendue (nombre entier)',
        },
      ],
    });
  return value;
}

/**
 * For every query (GET), after authentication: waits until every projection's checkpoint is at or past the position
 * asked (the checkpoints live in the read-model database, shared by the api and a separate projector alike).
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.method !== 'GET') return next.handle();
    const position = requested(req);
    if (position === null) return next.handle();
    return from(this.waitFor(BigInt(position), context.switchToHttp().getResponse<Response>())).pipe(
      switchMap(() => next.handle()),
    );
  }

  private async waitFor(wanted: bigint, res: Response): Promise<void> {
    const deadline = Date.now() + MAX_WAIT_MS;
    for (;;) {
      const [row]: Array<{ position: string | null }> = await this.db.query(
        'SELECT min(position)::text AS position FROM es_checkpoints WHERE projection = ANY($1::text[])',
        [PROJECTION_NAMES],
      );
      const reached = BigInt(row?.position ?? '0');
      if (reached >= wanted) return;
      if (Date.now() >= deadline) {
        res.setHeader('Retry-After', '1');
        throw new AppProblem(
          503,
          'READ_MODEL_BEHIND',
          'Les données ne sont pas encore à jour',
          `Les listes et tableaux n’ont pas encore intégré la dernière saisie (position ${wanted}, atteinte : ${reached}). Réessayez dans un instant.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
