import { CallHandler, ExecutionContext, Injectable, SetMetadata, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { v5 as uuidv5 } from 'uuid';
import type { AuthenticatedUser } from '../auth/roles';
import type { CommandContext } from './command-context';
import { CommandOwners } from './command-owners';
import { isDefiniteRefusal } from './outcome';
import { AppProblem } from './problem';
import { updateReturning } from '../infrastructure/sql';

const COMMAND_ID_NAMESPACE = 'a4f1d9a2-6b0e-4d8e-8a0c-2f6d3c9b7e11';
const WAIT_FOR_TWIN_MS = 15_000;

const DRY_RUN = 'jalon:supports-dry-run';
/** The routes whose handler can decide without writing (`?dryRun=true`); any other route refuses the parameter. */
export const SupportsDryRun = (): ClassDecorator & MethodDecorator => SetMetadata(DRY_RUN, true);

/** `?dryRun=true|false`; anything else is a 400 (a typo must not turn a preview into a real command). */
export const parseDryRun = (value: unknown): boolean => {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new AppProblem(400, 'VALIDATION_FAILED', 'Données invalides', 'dryRun : true ou false attendu.', {
    errors: [{ field: 'dryRun', message: 'dryRun : true ou false attendu' }],
  });
};

/**
 * The answer of a preview: always `200` (a real opening answers 201), sent by the ProblemFilter. Thrown by the
 * interceptor once the handler has decided, so that nothing after it (ETag, idempotency) treats it as a command.
 */
export class DryRunAnswer {
  constructor(readonly body: unknown) {}
}

export type CommandRequest = Request & {
  user?: AuthenticatedUser;
  id?: string;
  commandContext?: CommandContext;
};

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
    throw new AppProblem(
      400,
      'INVALID_IF_MATCH',
      'En-tête If-Match invalide',
      'If-Match doit contenir la version du dossier, par exemple "3".',
    );
  }
  return BigInt(match[1]);
};

/**
 * Every command request: parses If-Match, honours Idempotency-Key, and answers with the ETag of the new version.
 *
 * Idempotency: the key (per user) is claimed with a unique insert before the command runs, with this request as its
 * owner. A repeat with the same body gets the first response and appends nothing; a concurrent twin waits for the
 * first to finish; the same key with another body is refused (422). The command id derives from the key, so a command
 * whose response was lost (crash, timeout, lost connection) is recognised in its stream on the retry and answers its
 * stored outcome (handleCommand). The claim is released only on a definite refusal (nothing was written); after any
 * other failure it stays, without owner, and the retry takes it over — at once, not after a delay: a claim is
 * abandoned when its request is over or its api instance is dead (CommandOwners), never because of its age.
 */
@Injectable()
export class CommandInterceptor implements NestInterceptor {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly owners: CommandOwners,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.handle(context, next));
  }

  private async handle(context: ExecutionContext, next: CallHandler): Promise<unknown> {
    const owner = this.owners.begin();
    try {
      return await this.handleOwned(context, next, owner);
    } finally {
      this.owners.end(owner);
    }
  }

  private async handleOwned(context: ExecutionContext, next: CallHandler, owner: string): Promise<unknown> {
    const request = context.switchToHttp().getRequest<CommandRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const user = request.user!;
    const ifMatch = parseIfMatch(request.header('if-match'));
    const key = request.header('idempotency-key');
    const requestId = typeof request.id === 'string' ? request.id : null;
    const correlation = request.header('x-correlation-id');
    const correlationId =
      correlation && /^[\w.-]{1,100}$/.test(correlation) ? correlation : (requestId ?? randomUUID());

    const dryRun = parseDryRun(request.query.dryRun);
    if (dryRun) {
      const supported = this.reflector.getAllAndOverride<boolean>(DRY_RUN, [
        context.getHandler(),
        context.getClass(),
      ]);
      if (!supported)
        throw new AppProblem(
          400,
          'DRY_RUN_UNSUPPORTED',
          'Aperçu non disponible',
          'Cette action ne propose pas d’aperçu (dryRun) : envoyez-la sans ce paramètre.',
        );
      // Nothing is claimed or stored for a preview: the Idempotency-Key, if any, stays free for the real command.
      request.commandContext = { commandId: randomUUID(), correlationId, requestId, ifMatch, owner, dryRun };
      throw new DryRunAnswer(await lastValueFrom(next.handle()));
    }
    if (key === undefined) {
      request.commandContext = { commandId: randomUUID(), correlationId, requestId, ifMatch, owner, dryRun };
      return this.respond(response, await lastValueFrom(next.handle()));
    }
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new AppProblem(
        400,
        'INVALID_IDEMPOTENCY_KEY',
        'En-tête Idempotency-Key invalide',
        '1 à 200 caractères imprimables, sans espace.',
      );
    }
    const scopeKey = `${user.userId}:${key}`;
    const requestHash = createHash('sha256')
      .update(
        `${request.method} ${request.originalUrl.split('?')[0]} ${canonical(request.body)} ${ifMatch ?? ''}`,
      )
      .digest('hex');
    request.commandContext = {
      commandId: uuidv5(scopeKey, COMMAND_ID_NAMESPACE),
      correlationId,
      requestId,
      ifMatch,
      owner,
      dryRun,
    };

    const deadline = Date.now() + WAIT_FOR_TWIN_MS;
    while (true) {
      const claimed: unknown[] = await this.db.query(
        `INSERT INTO app_idempotency_keys (scope_key, request_hash, status, owner) VALUES ($1, $2, 'in-progress', $3)
         ON CONFLICT (scope_key) DO NOTHING RETURNING scope_key`,
        [scopeKey, requestHash, owner],
      );
      if (claimed.length > 0) return this.execute(scopeKey, owner, response, next);
      const [row]: Array<{
        request_hash: string;
        status: string;
        response_status: number;
        response_body: unknown;
        response_etag: string | null;
        owner: string | null;
      }> = await this.db.query(
        `SELECT request_hash, status, response_status, response_body, response_etag, owner FROM app_idempotency_keys WHERE scope_key = $1`,
        [scopeKey],
      );
      if (!row) continue; // the first attempt was refused and released the key meanwhile: claim it again
      if (row.request_hash !== requestHash) {
        throw new AppProblem(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          'Clé d’idempotence déjà utilisée pour une autre requête',
          'Utilisez une nouvelle clé Idempotency-Key pour une requête différente.',
        );
      }
      if (row.status === 'completed') {
        response.status(row.response_status);
        if (row.response_etag) response.setHeader('ETag', row.response_etag);
        response.setHeader('Idempotent-Replayed', 'true');
        return this.respond(response, row.response_body);
      }
      if (!(await this.owners.isRunning(row.owner))) {
        // The first attempt is over without an answer (or its instance died): take the claim over (one retry wins if
        // several arrive together) and run the command as its owner; a command already stored answers its outcome.
        const takenOver: unknown[] = await updateReturning(
          this.db,
          `UPDATE app_idempotency_keys SET owner = $2 WHERE scope_key = $1 AND status = 'in-progress' AND owner IS NOT DISTINCT FROM $3 RETURNING scope_key`,
          [scopeKey, owner, row.owner],
        );
        if (takenOver.length > 0) return this.execute(scopeKey, owner, response, next);
        continue;
      }
      if (Date.now() > deadline) {
        throw new AppProblem(
          409,
          'IDEMPOTENCY_IN_PROGRESS',
          'Requête identique en cours',
          'Une requête avec la même clé est encore en cours de traitement.',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private async execute(
    scopeKey: string,
    owner: string,
    response: Response,
    next: CallHandler,
  ): Promise<unknown> {
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle());
    } catch (error) {
      if (isDefiniteRefusal(error)) {
        // Nothing was written: the key is free again (a retry is decided anew, and gets the same refusal if it still applies).
        await this.db
          .query(
            `DELETE FROM app_idempotency_keys WHERE scope_key = $1 AND status = 'in-progress' AND owner = $2`,
            [scopeKey, owner],
          )
          .catch(() => undefined);
      } else {
        // The outcome is unknown: keep the claim, without owner, for the retry (the sweep clears it if this fails).
        await this.db
          .query(`UPDATE app_idempotency_keys SET owner = NULL WHERE scope_key = $1 AND owner = $2`, [
            scopeKey,
            owner,
          ])
          .catch(() => undefined);
      }
      throw error;
    }
    const status = response.statusCode;
    const etag = this.etagOf(body);
    await this.db.query(
      `UPDATE app_idempotency_keys SET status = 'completed', response_status = $2, response_body = $3, response_etag = $4, completed_at = now(), owner = NULL
       WHERE scope_key = $1`,
      [scopeKey, status, JSON.stringify(body), etag],
    );
    return this.respond(response, body);
  }

  private etagOf(body: unknown): string | null {
    const version = (body as { version?: unknown } | null)?.version;
    return typeof version === 'number' ? `"${version}"` : null;
  }

  private respond(response: Response, body: unknown): unknown {
    const etag = this.etagOf(body);
    if (etag) response.setHeader('ETag', etag);
    // Read-your-writes (api.md v2): the position to pass as minPosition / Jalon-Min-Position.
    const position = (body as { position?: unknown } | null)?.position;
    if (typeof position === 'string') response.setHeader('Jalon-Position', position);
    return body;
  }
}
