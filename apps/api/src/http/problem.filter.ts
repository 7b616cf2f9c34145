import { ArgumentsHost, Catch, HttpException, HttpStatus, type ExceptionFilter } from '@nestjs/common';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  EventStoreUnavailableError,
  isConnectionError,
  PersonalDataErasedError,
} from '@app/event-store';
import { describeDomainError, DomainError, type DomainErrorFacts } from '@app/parcours';
import { describeSanctionError, SanctionDomainError } from '@app/sanctions';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { AppProblem, problemType, PROBLEM_CONTENT_TYPE, type Problem } from './problem';
import { InvalidInput } from './validation';
import { DryRunAnswer } from './command.interceptor';

const TITLES: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', 'Requête invalide'],
  401: ['UNAUTHENTICATED', 'Authentification requise'],
  403: ['FORBIDDEN', 'Action non autorisée'],
  404: ['NOT_FOUND', 'Introuvable'],
  405: ['METHOD_NOT_ALLOWED', 'Méthode non autorisée'],
  406: ['NOT_ACCEPTABLE', 'Format de réponse non disponible'],
  409: ['CONFLICT', 'Modification concurrente'],
  412: ['PRECONDITION_FAILED', 'Le dossier a été modifié entre-temps'],
  413: ['PAYLOAD_TOO_LARGE', 'Requête trop volumineuse'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Le corps de la requête doit être du JSON'],
  422: ['UNPROCESSABLE', 'Demande refusée'],
  429: ['TOO_MANY_REQUESTS', 'Trop de tentatives, réessayez plus tard'],
  503: ['SERVICE_UNAVAILABLE', 'Service momentanément indisponible'],
};

/** Every error leaves as application/problem+json with a stable code and a French title; nothing internal leaks. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    if (exception instanceof DryRunAnswer) {
      if (!response.headersSent) response.status(HttpStatus.OK).json(exception.body);
      return;
    }
    const problem = this.toProblem(exception, request);
    if (problem.status >= 500) this.logger.error({ err: exception, code: problem.code }, 'request failed');
    if (response.headersSent) return;
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  toProblem(exception: unknown, request: Request): Problem {
    const base = (
      status: number,
      code: string,
      title: string,
      detail?: string,
      extra: Record<string, unknown> = {},
    ): Problem => ({
      type: problemType(code),
      title,
      status,
      ...(detail ? { detail } : {}),
      code,
      instance: request.originalUrl,
      ...extra,
    });
    if (exception instanceof InvalidInput) {
      return base(
        400,
        'VALIDATION_FAILED',
        'Données invalides',
        `${exception.fieldErrors.length} champ(s) invalide(s).`,
        {
          errors: exception.fieldErrors,
        },
      );
    }
    if (exception instanceof DomainError) {
      const { title, detail } = describeDomainError(exception);
      const extra: Record<string, unknown> = exception.missing ? { missing: exception.missing } : {};
      // The entry a duplicate would repeat, so the client can show it and offer to confirm (api.md v2).
      if (exception.code === 'HOURS_OVERLAP')
        extra.existingEntry = (exception.facts as DomainErrorFacts['HOURS_OVERLAP']).existing;
      return base(422, exception.code, title, detail, extra);
    }
    if (exception instanceof SanctionDomainError) {
      const { title, detail } = describeSanctionError(exception);
      return base(422, exception.code, title, detail);
    }
    if (exception instanceof AppProblem) {
      return base(exception.status, exception.code, exception.title, exception.detail, exception.extensions);
    }
    if (exception instanceof PersonalDataErasedError) {
      return base(
        422,
        'PERSONAL_DATA_ERASED',
        'Données personnelles effacées',
        'Les données personnelles de ce dossier ont été effacées : aucune nouvelle donnée personnelle ne peut y être enregistrée.',
      );
    }
    if (exception instanceof ConcurrencyError) {
      return base(
        409,
        'CONCURRENT_MODIFICATION',
        TITLES[409][1],
        "Le dossier a été modifié par quelqu'un d'autre au même moment. Rechargez-le et recommencez.",
      );
    }
    if (exception instanceof DuplicateEventIdError) {
      return base(
        409,
        'DUPLICATE_COMMAND',
        'Commande déjà traitée',
        'Cette commande a déjà été enregistrée avec un autre contenu.',
      );
    }
    if (exception instanceof EventStoreUnavailableError || isConnectionError(exception)) {
      return base(
        503,
        'SERVICE_UNAVAILABLE',
        TITLES[503][1],
        'La base de données est injoignable. Réessayez dans un instant.',
      );
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const [code, title] = TITLES[status] ?? ['HTTP_ERROR', 'Erreur'];
      const body = exception.getResponse();
      const detail =
        status === 400 && /JSON/i.test(exception.message)
          ? "Le corps de la requête n'est pas du JSON valide."
          : undefined;
      const bodyCode =
        typeof body === 'object' && body && 'code' in body ? String((body as { code: unknown }).code) : null;
      return base(status, bodyCode ?? code, title, detail);
    }
    // body-parser errors (malformed JSON, too large) carry a status but are not HttpExceptions.
    const carrier = (exception ?? {}) as { status?: unknown; statusCode?: unknown };
    const status = typeof carrier.status === 'number' ? carrier.status : carrier.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const [code, title] = TITLES[status] ?? ['BAD_REQUEST', TITLES[400][1]];
      const type = (exception as { type?: string }).type;
      const detail =
        type === 'entity.parse.failed'
          ? "Le corps de la requête n'est pas du JSON valide."
          : type === 'entity.too.large'
            ? 'Le corps de la requête dépasse la taille autorisée.'
            : undefined;
      return base(status, code, title, detail);
    }
    return base(
      HttpStatus.INTERNAL_SERVER_ERROR,
      'INTERNAL_ERROR',
      'Erreur interne',
      "Une erreur inattendue s'est produite. Le détail est dans le journal du serveur.",
    );
  }
}
