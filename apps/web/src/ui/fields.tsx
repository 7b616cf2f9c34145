import type { ReactNode } from 'react';
import type { FormState, Values } from '../forms/use-form';

export const fieldId = (prefix: string, name: string): string => `${prefix}-${name.replace(/[^\w-]/g, '-')}`;

interface BaseProps<V extends Values> {
  form: FormState<V>;
  prefix: string;
  name: keyof V & string;
  label: string;
  hint?: ReactNode;
  required?: boolean;
  /** Error messages of the api for this field may come under another path (e.g. "person.lastName"). */
  errorKey?: string;
  className?: string;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Label({ id, label, required }: { id: string; label: string; required?: boolean }) {
  return (
    <label htmlFor={id}>
      {label}
      {required ? (
        <span className="required" aria-hidden="true">
          {' '}
          *
        </span>
      ) : (
        <span className="optional"> (facultatif)</span>
      )}
    </label>
  );
}

function Messages({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          <span className="visually-hidden">Erreur : </span>
          {error}
        </p>
      ) : null}
    </>
  );
}

export function TextField<V extends Values>(
  props: BaseProps<V> & {
    type?: 'text' | 'password' | 'number';
    inputMode?: 'numeric' | 'decimal' | 'text';
    autoComplete?: string;
    maxLength?: number;
    width?: 'short' | 'medium';
    /** Suggestions the browser offers while typing (a datalist): the value sent, the words shown. */
    suggestions?: readonly { value: string; label: string }[];
  },
) {
  const { form, prefix, name, label, hint, required, errorKey } = props;
  const id = fieldId(prefix, name);
  const listId = props.suggestions ? `${id}-suggestions` : undefined;
  const error = form.errors[errorKey ?? name];
  return (
    <div
      className={`field ${props.width ? `field-${props.width}` : ''} ${error ? 'has-error' : ''} ${props.className ?? ''}`}
    >
      <Label id={id} label={label} required={required} />
      <input
        id={id}
        name={name}
        type={props.type === 'number' ? 'text' : (props.type ?? 'text')}
        inputMode={props.inputMode ?? (props.type === 'number' ? 'decimal' : undefined)}
        autoComplete={props.autoComplete ?? 'off'}
        maxLength={props.maxLength}
        value={String(form.values[name] ?? '')}
        onChange={(e) => form.set(name, e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, hint, error)}
        list={listId}
      />
      {props.suggestions && (
        <datalist id={listId}>
          {props.suggestions.map((s) => (
            <option key={s.value} value={s.value} label={s.label} />
          ))}
        </datalist>
      )}
      <Messages id={id} hint={hint} error={error} />
    </div>
  );
}

/** A date typed as people write it here: JJ/MM/AAAA (the api receives AAAA-MM-JJ). */
export function DateField<V extends Values>(props: BaseProps<V>) {
  const { form, prefix, name, label, required, errorKey } = props;
  const id = fieldId(prefix, name);
  const error = form.errors[errorKey ?? name];
  const hint = props.hint ?? 'Format JJ/MM/AAAA, par exemple 10/03/2026';
  return (
    <div className={`field field-date ${error ? 'has-error' : ''} ${props.className ?? ''}`}>
      <Label id={id} label={label} required={required} />
      <input
        id={id}
        name={name}
        type="text"
        inputMode="numeric"
        placeholder="jj/mm/aaaa"
        autoComplete="off"
        maxLength={10}
        value={String(form.values[name] ?? '')}
        onChange={(e) => form.set(name, e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      <Messages id={id} hint={hint} error={error} />
    </div>
  );
}

export function SelectField<V extends Values>(
  props: BaseProps<V> & { options: ReadonlyArray<{ value: string; label: string }>; placeholder?: string },
) {
  const { form, prefix, name, label, hint, required, errorKey } = props;
  const id = fieldId(prefix, name);
  const error = form.errors[errorKey ?? name];
  return (
    <div className={`field ${error ? 'has-error' : ''} ${props.className ?? ''}`}>
      <Label id={id} label={label} required={required} />
      <select
        id={id}
        name={name}
        value={String(form.values[name] ?? '')}
        onChange={(e) => form.set(name, e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        <option value="">{props.placeholder ?? '— Choisir —'}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Messages id={id} hint={hint} error={error} />
    </div>
  );
}

export function TextAreaField<V extends Values>(props: BaseProps<V> & { rows?: number; maxLength?: number }) {
  const { form, prefix, name, label, hint, required, errorKey } = props;
  const id = fieldId(prefix, name);
  const error = form.errors[errorKey ?? name];
  return (
    <div className={`field field-wide ${error ? 'has-error' : ''} ${props.className ?? ''}`}>
      <Label id={id} label={label} required={required} />
      <textarea
        id={id}
        name={name}
        rows={props.rows ?? 3}
        maxLength={props.maxLength}
        value={String(form.values[name] ?? '')}
        onChange={(e) => form.set(name, e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      <Messages id={id} hint={hint} error={error} />
    </div>
  );
}

export function CheckboxField<V extends Values>(props: Omit<BaseProps<V>, 'required'>) {
  const { form, prefix, name, label, hint, errorKey } = props;
  const id = fieldId(prefix, name);
  const error = form.errors[errorKey ?? name];
  return (
    <div className={`field field-checkbox ${error ? 'has-error' : ''} ${props.className ?? ''}`}>
      <input
        id={id}
        name={name}
        type="checkbox"
        checked={Boolean(form.values[name])}
        onChange={(e) => form.set(name, e.target.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      <label htmlFor={id}>{label}</label>
      <Messages id={id} hint={hint} error={error} />
    </div>
  );
}

/** Yes/no question as two radio buttons in a fieldset (clearer than a checkbox when "no" is a real answer). */
export function YesNoField<V extends Values>(props: Omit<BaseProps<V>, 'required'> & { required?: boolean }) {
  const { form, prefix, name, label, hint, errorKey } = props;
  const id = fieldId(prefix, name);
  const error = form.errors[errorKey ?? name];
  const value = form.values[name];
  return (
    <fieldset
      className={`field field-radios ${error ? 'has-error' : ''}`}
      id={id}
      aria-describedby={describedBy(id, hint, error)}
    >
      <legend>{label}</legend>
      <Messages id={id} hint={hint} error={error} />
      <div className="radios">
        <label>
          <input type="radio" name={id} checked={value === 'yes'} onChange={() => form.set(name, 'yes')} />{' '}
          Oui
        </label>
        <label>
          <input type="radio" name={id} checked={value === 'no'} onChange={() => form.set(name, 'no')} /> Non
        </label>
      </div>
    </fieldset>
  );
}
