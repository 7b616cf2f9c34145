import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** Every path of the api, generated from its OpenAPI document (`npm run openapi:web` → schema.d.ts). */
export type ApiPaths = paths;

type PostPaths = { [K in keyof ApiPaths]: ApiPaths[K] extends { post: unknown } ? K : never }[keyof ApiPaths];
/** The JSON body a POST path takes, as declared by the OpenAPI document (class-validator DTOs of the api). */
export type BodyOf<P extends PostPaths> = ApiPaths[P] extends {
  post: { requestBody?: { content: { 'application/json': infer B } } };
}
  ? B
  : never;
export type IdPostPaths = { [K in PostPaths]: K extends `${string}{id}${string}` ? K : never }[PostPaths];

/** One field error of a 400 answer. */
export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, as the api sends them (application/problem+json). */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  errors?: FieldError[];
  missing?: Array<{ code: string; label: string } | string>;
  /** 409 PARCOURS_ALREADY_OPEN: the case that holds the NISS, when the user may see it. */
  existingParcoursId?: string;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
}

const SESSION_KEY = 'jalon.session';
let accessToken: string | null = null;
try {
  const stored = sessionStorage.getItem(SESSION_KEY);
  accessToken = stored ? ((JSON.parse(stored) as { accessToken?: string }).accessToken ?? null) : null;
} catch {
  accessToken = null;
}
export const setAccessToken = (token: string | null): void => {
  accessToken = token;
  lastPosition = null;
};

/**
 * Read-your-writes (api.md v2): the position of this user's last command (header `Jalon-Position`). Every query
 * then sends it as `Jalon-Min-Position`, so the api answers once its read models show that command — no polling.
 */
let lastPosition: bigint | null = null;
export const SESSION_STORAGE_KEY = SESSION_KEY;
/** Dispatched on window when the api answers 401 to an authenticated call (expired or revoked token). */
export const UNAUTHENTICATED_EVENT = 'jalon:unauthenticated';

const auth: Middleware = {
  onRequest({ request }) {
    if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`);
    if (request.method === 'GET' && lastPosition !== null)
      request.headers.set('Jalon-Min-Position', lastPosition.toString());
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !request.url.endsWith('/api/auth/login'))
      window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
    const position = response.headers.get('Jalon-Position');
    if (position && /^\d+$/.test(position) && (lastPosition === null || BigInt(position) > lastPosition))
      lastPosition = BigInt(position);
    return response;
  },
};

export const client = createClient<ApiPaths>({ baseUrl: window.location.origin });
client.use(auth);

const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Problem).title === 'string' &&
  typeof (value as Problem).status === 'number';

/** A French problem for any failed answer, even one that is not problem+json (a proxy, a crash). */
export function problemFrom(error: unknown, response: Response | undefined): Problem {
  if (isProblem(error)) return { ...error, code: error.code ?? 'HTTP_ERROR' };
  if (!response)
    return {
      title: 'Serveur injoignable',
      status: 0,
      code: 'NETWORK',
      detail: 'Vérifiez votre connexion puis réessayez.',
    };
  if (response.status === 404)
    return {
      title: 'Introuvable',
      status: 404,
      code: 'NOT_FOUND',
      detail: "Cette ressource n'existe pas ou n'est pas accessible.",
    };
  return {
    title: 'Erreur inattendue',
    status: response.status,
    code: 'HTTP_ERROR',
    detail: `Le serveur a répondu ${response.status}.`,
  };
}

type Answer = { data?: unknown; error?: unknown; response: Response };

/** Awaits an openapi-fetch call: the JSON answer (typed by the caller from api.md), or an ApiError with the problem. */
export async function read<T>(call: Promise<Answer>): Promise<T> {
  let answer: Answer;
  try {
    answer = await call;
  } catch {
    throw new ApiError(problemFrom(undefined, undefined));
  }
  if (!answer.response.ok) throw new ApiError(problemFrom(answer.error, answer.response));
  return answer.data as T;
}

export const newIdempotencyKey = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(16).slice(2)}`;

/**
 * Sends a command to `/api/...{id}...`. Each submission carries its own Idempotency-Key, so a double click or a retry
 * after a lost answer records the step once; `If-Match` (the version the user saw) turns a concurrent change into 412.
 */
export async function postCommand<T, P extends IdPostPaths>(
  path: P,
  id: string,
  body: BodyOf<P>,
  options: {
    idempotencyKey?: string;
    ifMatch?: number | null;
    /** What-if (`?dryRun=true`): the case as it would be, nothing recorded (and no key: nothing to replay). */
    dryRun?: boolean;
    /** Other path parameters (`{version}` of an entry). */
    pathParams?: Record<string, string | number>;
  } = {},
): Promise<T> {
  const headers: Record<string, string> = options.dryRun
    ? {}
    : { 'Idempotency-Key': options.idempotencyKey ?? newIdempotencyKey() };
  if (options.ifMatch != null) headers['If-Match'] = `"${options.ifMatch}"`;
  const pathParams = { ...(path.includes('{code}') ? { code: id } : { id }), ...options.pathParams };
  const query = options.dryRun ? { dryRun: 'true' } : {};
  const post = client.POST as unknown as (p: string, init: object) => Promise<Answer>;
  return read<T>(post(path, { params: { path: pathParams, query }, body, headers }));
}

/** Fetches a document (PDF, CSV) with the bearer token and opens it in a new tab, or saves it under `filename`. */
export async function openDocument(
  url: string,
  options: { filename?: string; target?: Window | null } = {},
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {} });
  } catch {
    options.target?.close();
    throw new ApiError(problemFrom(undefined, undefined));
  }
  if (!response.ok) {
    options.target?.close();
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (response.status === 401) window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
    throw new ApiError(problemFrom(body, response));
  }
  const blob = await response.blob();
  const objectUrl = URL.createObjectURL(blob);
  if (options.filename) {
    const a = document.createElement('a');
    a.href = objectUrl;
    a.download = options.filename;
    document.body.append(a);
    a.click();
    a.remove();
  } else if (options.target) {
    options.target.location.href = objectUrl;
  } else {
    window.open(objectUrl, '_blank', 'noopener');
  }
  // The tab keeps its own reference; the object URL is released once it had time to load.
  setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
}
