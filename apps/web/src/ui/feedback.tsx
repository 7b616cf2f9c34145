import { useEffect, useRef, type ReactNode } from 'react';
import type { FieldError, Problem } from '../api/client';
import type { DeadlineStatus } from '../api/types';
import { DEADLINE_STATUS_LABELS } from '../labels';
import { fieldId } from './fields';

/**
 * An api refusal in French: title, detail, what is missing (422) and every invalid field (400) as links to the
 * field. It takes the focus when it appears, so keyboard and screen-reader users land on it.
 */
export function ProblemAlert({
  problem,
  prefix,
  focus = true,
}: {
  problem: Problem | null;
  prefix?: string;
  focus?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem && focus) ref.current?.focus();
  }, [problem, focus]);
  if (!problem) return null;
  const missing = (problem.missing ?? []).map((m) => (typeof m === 'string' ? m : m.label));
  const errors: FieldError[] = problem.errors ?? [];
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1} ref={ref}>
      <p className="alert-title">{problem.title}</p>
      {problem.detail ? <p>{problem.detail}</p> : null}
      {missing.length > 0 ? (
        <>
          <p>Ce qui manque :</p>
          <ul>
            {missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </>
      ) : null}
      {errors.length > 0 && prefix ? (
        <ul className="error-summary">
          {errors.map((e) => (
            <li key={`${e.field}-${e.message}`}>
              <a
                href={`#${fieldId(prefix, e.field)}`}
                onClick={(ev) => {
                  ev.preventDefault();
                  document.getElementById(fieldId(prefix, e.field))?.focus();
                }}
              >
                {e.message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Success({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert-success" role="status">
      {children}
    </div>
  );
}

export function Loading({ label = 'Chargement…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

const STATUS_CLASS: Record<DeadlineStatus, string> = {
  overdue: 'badge-danger',
  'due-soon': 'badge-warning',
  'on-track': 'badge-ok',
  met: 'badge-done',
  'met-late': 'badge-warning',
  dispensed: 'badge-muted',
  suspended: 'badge-info',
  closed: 'badge-muted',
  'not-applicable': 'badge-muted',
};

export function StatusBadge({ status }: { status: DeadlineStatus }) {
  return (
    <span className={`badge ${STATUS_CLASS[status] ?? 'badge-muted'}`}>
      {DEADLINE_STATUS_LABELS[status] ?? status}
    </span>
  );
}

export function Badge({
  children,
  tone = 'muted',
}: {
  children: ReactNode;
  tone?: 'muted' | 'info' | 'ok' | 'warning' | 'danger' | 'done';
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** Hours done toward a required total, as a labelled bar (role="progressbar" with its values). */
export function HoursBar({
  label,
  done,
  required,
  met,
  detail,
}: {
  label: string;
  done: number;
  required: number | null;
  met: boolean;
  detail?: string;
}) {
  const max = required ?? Math.max(done, 1);
  const pct = Math.max(0, Math.min(100, (done / max) * 100));
  const text = `${String(Math.round(done * 100) / 100).replace('.', ',')} h${required ? ` sur ${required} h` : ''}`;
  return (
    <div className="hours">
      <div className="hours-head">
        <span className="hours-label">{label}</span>
        <span className="hours-value">
          {text}
          {met ? <span className="badge badge-done">Atteint</span> : null}
        </span>
      </div>
      <div
        className={`bar ${met ? 'bar-met' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={Math.min(done, max)}
        aria-valuetext={`${text}${met ? ', exigence atteinte' : ''}`}
      >
        <div className="bar-fill" style={{ width: `${pct}%` }} />
      </div>
      {detail ? <p className="hint">{detail}</p> : null}
    </div>
  );
}
