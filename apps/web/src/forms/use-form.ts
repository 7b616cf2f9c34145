import { useCallback, useRef, useState, type FormEvent } from 'react';
import { ApiError, newIdempotencyKey, type FieldError, type Problem } from '../api/client';
import { parseFrenchDate } from '../format';

export type Values = Record<string, string | boolean>;

/** Field checks done in the browser before sending (the api checks again and answers field by field). */
export interface Rule {
  field: string;
  label: string;
  required?: boolean;
  date?: boolean;
  number?: { min?: number; max?: number };
  pattern?: { regex: RegExp; message: string };
  /** A check that needs more than a pattern (the other values of the form are given): its message, or null. */
  check?: (text: string, values: Values) => string | null;
}

export function checkRules(values: Values, rules: readonly Rule[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const rule of rules) {
    const raw = values[rule.field];
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (typeof raw === 'boolean') continue;
    if (text === '') {
      if (rule.required) errors.push({ field: rule.field, message: `${rule.label} : obligatoire` });
      continue;
    }
    if (rule.date && parseFrenchDate(text) === null) {
      errors.push({ field: rule.field, message: `${rule.label} : date invalide, format JJ/MM/AAAA attendu` });
    }
    if (rule.number) {
      const n = Number(text.replace(',', '.'));
      if (!Number.isFinite(n)) errors.push({ field: rule.field, message: `${rule.label} : nombre attendu` });
      else if (rule.number.min !== undefined && n < rule.number.min)
        errors.push({
          field: rule.field,
          message: `${rule.label} : au moins ${String(rule.number.min).replace('.', ',')}`,
        });
      else if (rule.number.max !== undefined && n > rule.number.max)
        errors.push({ field: rule.field, message: `${rule.label} : au plus ${rule.number.max}` });
    }
    if (rule.pattern && !rule.pattern.regex.test(text))
      errors.push({ field: rule.field, message: rule.pattern.message });
    const problem = rule.check?.(text, values) ?? null;
    if (problem !== null) errors.push({ field: rule.field, message: problem });
  }
  return errors;
}

/** "10/03/2026" → "2026-03-10", "" → undefined (optional fields are left out of the body). */
export const dateValue = (v: string | boolean | undefined): string | undefined => {
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  return parseFrenchDate(v) ?? v.trim();
};
export const textValue = (v: string | boolean | undefined): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
export const numberValue = (v: string | boolean | undefined): number | undefined =>
  typeof v === 'string' && v.trim() !== '' ? Number(v.trim().replace(',', '.')) : undefined;

export interface FormState<V extends Values> {
  values: V;
  set: (field: keyof V & string, value: string | boolean) => void;
  errors: Record<string, string>;
  fieldErrors: FieldError[];
  problem: Problem | null;
  submitting: boolean;
  onSubmit: (event: FormEvent) => void;
  reset: () => void;
}

/**
 * A form that checks its fields, sends once (one Idempotency-Key per filled form, so a retry after a lost answer
 * records nothing twice), and shows the api's refusals: 400 next to each field, 4xx title + detail + missing above.
 */
export function useForm<V extends Values>(options: {
  initial: V;
  rules: readonly Rule[];
  /** `'keep'`: nothing was recorded (a preview, a confirmation asked): the values and the key stay. */
  submit: (values: V, idempotencyKey: string) => Promise<void | 'keep'>;
  /** Maps an api field path (e.g. "person.lastName") to the form's field name when they differ. */
  fieldOf?: (apiField: string) => string;
  resetOnSuccess?: boolean;
}): FormState<V> {
  const [values, setValues] = useState<V>(options.initial);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const key = useRef(newIdempotencyKey());
  const opts = useRef(options);
  opts.current = options;

  const set = useCallback((field: keyof V & string, value: string | boolean) => {
    setValues((v) => ({ ...v, [field]: value }));
    // The key belongs to one content: another content is another command.
    key.current = newIdempotencyKey();
  }, []);

  const reset = useCallback(() => {
    setValues(opts.current.initial);
    setFieldErrors([]);
    setProblem(null);
    key.current = newIdempotencyKey();
  }, []);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (submitting) return;
    const local = checkRules(values, opts.current.rules);
    if (local.length > 0) {
      setFieldErrors(local);
      setProblem({
        title: 'Le formulaire contient des erreurs',
        status: 400,
        code: 'VALIDATION_FAILED',
        detail: `${local.length} champ(s) à corriger.`,
        errors: local,
      });
      return;
    }
    setSubmitting(true);
    setFieldErrors([]);
    setProblem(null);
    opts.current
      .submit(values, key.current)
      .then((outcome) => {
        if (outcome === 'keep') return;
        key.current = newIdempotencyKey();
        if (opts.current.resetOnSuccess) setValues(opts.current.initial);
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError) {
          const mapped = (error.problem.errors ?? []).map((e) => ({
            field: opts.current.fieldOf?.(e.field) ?? e.field,
            message: e.message,
          }));
          setFieldErrors(mapped);
          setProblem({ ...error.problem, errors: mapped });
        } else {
          setProblem({
            title: 'Erreur inattendue',
            status: 0,
            code: 'CLIENT_ERROR',
            detail: error instanceof Error ? error.message : String(error),
          });
        }
      })
      .finally(() => setSubmitting(false));
  };

  const errors: Record<string, string> = {};
  for (const e of fieldErrors)
    errors[e.field] = errors[e.field] ? `${errors[e.field]} · ${e.message}` : e.message;
  return { values, set, errors, fieldErrors, problem, submitting, onSubmit, reset };
}
