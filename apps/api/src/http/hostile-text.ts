import type { NextFunction, Request, Response } from 'express';

/**
 * Text no field may hold (issue 14): control characters other than tab and line breaks (NUL among them, which
 * PostgreSQL's jsonb cannot store: one such value stopped a projection for every CRI), and lone UTF-16 surrogates
 * (not text: they cannot be encoded in UTF-8). Checked on every string of the body and the query string, before
 * validation, so that no command, query or import carries them to the stores.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface HostileTextError {
  field: string;
  message: string;
}

/** Why this text is refused, in French, or null when it is acceptable. */
export function hostileTextProblem(text: string): string | null {
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return `contient un caractère de contrôle invisible (U+${code}) : retapez ce texte sans le copier-coller`;
  }
  if (LONE_SURROGATE.test(text))
    return 'contient un caractère mal encodé : retapez ce texte sans le copier-coller';
  return null;
}

/** Every refused string of a parsed JSON value or query, with its path (`person.firstName`, `items[2].note`). */
export function findHostileText(value: unknown, prefix = ''): HostileTextError[] {
  const errors: HostileTextError[] = [];
  const stack: Array<[unknown, string]> = [[value, prefix]];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      const problem = hostileTextProblem(current);
      if (problem) errors.push({ field: path || '(corps)', message: `${path || 'Le texte'} : ${problem}` });
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        // A key is text too (an unknown field named with a NUL is refused here rather than by the validator).
        const keyProblem = hostileTextProblem(key);
        if (keyProblem) errors.push({ field: path || '(corps)', message: `Un nom de champ ${keyProblem}` });
        else stack.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return errors.sort((a, b) => a.field.localeCompare(b.field));
}

/** Express middleware: a 400 VALIDATION_FAILED naming each field, before anything is decided or written. */
export function refuseHostileText(
  send: (req: Request, res: Response, errors: HostileTextError[]) => void,
): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const errors = [...findHostileText(req.body), ...findHostileText(req.query)];
    // Path parameters (ids, versions) are matched by routes later; a hostile one is refused by its own validation.
    if (errors.length === 0) return next();
    send(req, res, errors);
  };
}
