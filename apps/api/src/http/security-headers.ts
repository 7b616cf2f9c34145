import type { AppConfig } from '@app/platform';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * The web app (a Vite build): scripts and styles from this origin only (charts set inline SVG styles); PDFs are
 * fetched with the token and shown from blob: URLs.
 */
export const SPA_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  frameSrc: ["'self'", 'blob:'],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** JSON, problems, CSV and PDF of the API: nothing to run, load or frame. */
const API_CSP_DIRECTIVES = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/** Swagger UI (/docs): its own scripts, an inline style block. */
const DOCS_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const isApiPath = (path: string): boolean =>
  path === '/health' || path.startsWith('/api/') || path === '/api';
const isDocsPath = (path: string): boolean =>
  path === '/docs' || path.startsWith('/docs/') || path.startsWith('/docs-');

/**
 * Security headers on every response (helmet): Content-Security-Policy for the API, the docs and the web app,
 * X-Content-Type-Options nosniff, X-Frame-Options DENY, Referrer-Policy, Cross-Origin-*-Policy; HSTS in production
 * (behind TLS). Every API answer may carry personal data: `Cache-Control: no-store` (a PDF, a CSV, a case, a problem).
 */
export function securityHeaders(config: AppConfig): RequestHandler[] {
  const common = {
    strictTransportSecurity:
      config.env === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    frameguard: { action: 'deny' as const },
    referrerPolicy: { policy: 'same-origin' as const },
    // Cross-origin callers are governed by CORS_ORIGINS; the PDFs open in this origin's tabs.
    crossOriginResourcePolicy: {
      policy: config.http.corsOrigins.length > 0 ? ('cross-origin' as const) : ('same-origin' as const),
    },
  };
  const api = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP_DIRECTIVES },
  });
  const docs = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP_DIRECTIVES },
  });
  const spa = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: SPA_CSP_DIRECTIVES },
  });
  const pick = (req: Request, res: Response, next: NextFunction): void => {
    if (isApiPath(req.path)) {
      res.setHeader('Cache-Control', 'no-store');
      return api(req, res, next);
    }
    if (isDocsPath(req.path)) return docs(req, res, next);
    return spa(req, res, next);
  };
  return [pick];
}
