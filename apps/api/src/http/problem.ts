/** RFC 9457 problem details, the body of every error response. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  instance?: string;
  errors?: Array<{ field: string; message: string }>;
  missing?: ReadonlyArray<{ code: string; label: string }>;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemType = (code: string): string =>
  `https://jalon.example/problems/${code.toLowerCase().replace(/_/g, '-')}`;

/** Errors the application layer raises (outside the pure domain), each with a stable code and a French title. */
export class AppProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export const notFound = (detail = "Cette ressource n'existe pas ou n'est pas accessible.") =>
  new AppProblem(404, 'NOT_FOUND', 'Introuvable', detail);
export const forbidden = (detail = 'Votre rôle ne permet pas cette action.') =>
  new AppProblem(403, 'FORBIDDEN', 'Action non autorisée', detail);
