import { CallHandler, ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { v5 as uuidv5 } from 'uuid';
import type { AuthenticatedUser } from '../auth/roles';
import type { CommandContext } from './command-context';
import { AppProblem } from './problem';

const COMMAND_ID_NAMESPACE = 'a4f1d9a2-6b0e-4d8e-8a0c-2f6d3c9b7e11';
const WAIT_FOR_TWIN_MS = 15_000;
/**
 * A claim still in progress after this long was left by a request that died (process killed, or the database lost
 * before the claim could be released): a retry takes it over. Running the command again is safe: its event ids derive
 * from the key, so events the dead request did append are recognised as duplicates, not stored twice.
 */
const ABANDONED_AFTER_SECONDS = 10;

export type CommandRequest = Request & { user?: AuthenticatedUser; id?: string; commandContext?: CommandContext };

/** Canonical JSON (sorted keys) so the same body always hashes the same. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

export const parseIfMatch = (header: string | undefined): bigint | null => {
  if (header === undefined) return null;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match) {
    throw new AppProblem(400, 'INVALID_IF_MATCH', 'En-tête If-Match invalide', 'If-Match doit contenir la version du dossier, par exemple "3".');
  }
  return BigInt(match[1]);
};

/**
 * Every command request: parses If-Match, honours Idempotency-Key, and answers with the ETag of the new version.
 *
 * Idempotency: the key (per user) is claimed with a unique insert before the command runs. A repeat with the same
 * body gets the first response and appends nothing; a concurrent twin waits for the first to finish; the same key
 * with another body is refused (422). The command id, hence the event ids, derive from the key, so even a crash
 * between the append and the stored response cannot store the events twice.
 */
@Injectable()
export class CommandInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.handle(context, next));
  }

  private async handle(context: ExecutionContext, next: CallHandler): Promise<unknown> {
    const request = context.switchToHttp().getRequest<CommandRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const user = request.user!;
    const ifMatch = parseIfMatch(request.header('if-match'));
    const key = request.header('idempotency-key');
    const requestId = typeof request.id === 'string' ? request.id : null;
    const correlation = request.header('x-correlation-id');
    const correlationId = correlation && /^[\w.-]{1,100}$/.test(correlation) ? correlation : (requestId ?? randomUUID());

    if (key === undefined) {
      request.commandContext = { commandId: randomUUID(), correlationId, requestId, ifMatch };
      return this.respond(response, await lastValueFrom(next.handle()));
    }
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new AppProblem(400, 'INVALID_IDEMPOTENCY_KEY', "En-tête Idempotency-Key invalide", '1 à 200 caractères imprimables, sans espace.');
    }
    const scopeKey = `${user.userId}:${key}`;
    const requestHash = createHash('sha256').update(`${request.method} ${request.originalUrl.split('?')[0]} ${canonical(request.body)} ${ifMatch ?? ''}`).digest('hex');
    request.commandContext = { commandId: uuidv5(scopeKey, COMMAND_ID_NAMESPACE), correlationId, requestId, ifMatch };

    const claimed: unknown[] = await this.db.query(
      `INSERT INTO app_idempotency_keys (scope_key, request_hash, status) VALUES ($1, $2, 'in-progress')
       ON CONFLICT (scope_key) DO NOTHING RETURNING scope_key`,
      [scopeKey, requestHash],
    );
    if (claimed.length === 0) return this.replay(scopeKey, requestHash, response, next);
    return this.execute(scopeKey, response, next);
  }

  private async execute(scopeKey: string, response: Response, next: CallHandler): Promise<unknown> {
    try {
      const body = await lastValueFrom(next.handle());
      const status = response.statusCode;
      const etag = this.etagOf(body);
      await this.db.query(
        `UPDATE app_idempotency_keys SET status = 'completed', response_status = $2, response_body = $3, response_etag = $4, completed_at = now()
         WHERE scope_key = $1`,
        [scopeKey, status, JSON.stringify(body), etag],
      );
      return this.respond(response, body);
    } catch (error) {
      // Nothing was stored for this key: the client may retry (and will get the same refusal if it was one).
      await this.db.query(`DELETE FROM app_idempotency_keys WHERE scope_key = $1 AND status = 'in-progress'`, [scopeKey]).catch(() => undefined);
      throw error;
    }
  }

  private async replay(scopeKey: string, requestHash: string, response: Response, next: CallHandler): Promise<unknown> {
    const deadline = Date.now() + WAIT_FOR_TWIN_MS;
    while (true) {
      const [row]: Array<{ request_hash: string; status: string; response_status: number; response_body: unknown; response_etag: string | null; abandoned: boolean }> =
        await this.db.query(
          `SELECT request_hash, status, response_status, response_body, response_etag,
                  status = 'in-progress' AND created_at < now() - make_interval(secs => $2) AS abandoned
             FROM app_idempotency_keys WHERE scope_key = $1`,
          [scopeKey, ABANDONED_AFTER_SECONDS],
        );
      if (!row) {
        throw new AppProblem(409, 'IDEMPOTENCY_RETRY', 'Requête identique interrompue', 'La première requête avec cette clé a échoué : renvoyez la requête.');
      }
      if (row.request_hash !== requestHash) {
        throw new AppProblem(422, 'IDEMPOTENCY_KEY_REUSED', 'Clé d’idempotence déjà utilisée pour une autre requête', 'Utilisez une nouvelle clé Idempotency-Key pour une requête différente.');
      }
      if (row.status === 'completed') {
        response.status(row.response_status);
        if (row.response_etag) response.setHeader('ETag', row.response_etag);
        response.setHeader('Idempotent-Replayed', 'true');
        return row.response_body;
      }
      if (row.abandoned) {
        // Take the claim over (one retry wins if several arrive together), then run the command as its owner.
        const takenOver: unknown[] = await this.db.query(
          `UPDATE app_idempotency_keys SET created_at = now()
            WHERE scope_key = $1 AND status = 'in-progress' AND created_at < now() - make_interval(secs => $2) RETURNING scope_key`,
          [scopeKey, ABANDONED_AFTER_SECONDS],
        );
        if (takenOver.length > 0) return this.execute(scopeKey, response, next);
      }
      if (Date.now() > deadline) {
        throw new AppProblem(409, 'IDEMPOTENCY_IN_PROGRESS', 'Requête identique en cours', 'Une requête avec la même clé est encore en cours de traitement.');
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private etagOf(body: unknown): string | null {
    const version = (body as { version?: unknown } | null)?.version;
    return typeof version === 'number' ? `"${version}"` : null;
  }

  private respond(response: Response, body: unknown): unknown {
    const etag = this.etagOf(body);
    if (etag) response.setHeader('ETag', etag);
    return body;
  }
}
