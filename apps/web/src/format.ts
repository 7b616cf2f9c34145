/** Dates as people read them in Belgium (dd/mm/yyyy) and the API writes them (yyyy-mm-dd). */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const FR = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

export const ERASED = 'donnée effacée';

/** "2026-03-10" → "10/03/2026"; anything else is shown as it is (e.g. « donnée effacée »), null → "—". */
export function formatDate(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const m = ISO.exec(value.slice(0, 10));
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

/** An instant → "10/03/2026 à 14:05" in Belgian time. */
export function formatInstant(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const parts = new Intl.DateTimeFormat('fr-BE', {
    timeZone: 'Europe/Brussels',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} à ${get('hour')}:${get('minute')}`;
}

const isRealDate = (y: number, m: number, d: number): boolean => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/** "10/03/2026" → "2026-03-10"; null when it is not a real date. Accepts an ISO date too. */
export function parseFrenchDate(text: string): string | null {
  const value = text.trim();
  const iso = ISO.exec(value);
  if (iso) return isRealDate(Number(iso[1]), Number(iso[2]), Number(iso[3])) ? value : null;
  const m = FR.exec(value);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isRealDate(y, mo, d)) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Today in Belgium, yyyy-mm-dd. */
export function todayIso(): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Brussels',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  return parts;
}

/** 42.5 → "42,5 h". */
export const formatHours = (hours: number | null | undefined): string =>
  hours === null || hours === undefined
    ? '—'
    : `${String(Math.round(hours * 100) / 100).replace('.', ',')} h`;

export const formatNumber = (n: number): string => new Intl.NumberFormat('fr-BE').format(n);

export const formatEuros = (n: number): string =>
  new Intl.NumberFormat('fr-BE', { style: 'currency', currency: 'EUR' }).format(n);

/** "2026-03" → "mars 2026" (short: "mars 26"). */
export function formatMonth(month: string, short = false): string {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  if (!m) return month;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return new Intl.DateTimeFormat('fr-BE', {
    month: short ? 'short' : 'long',
    year: short ? '2-digit' : 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/** A person's name, coping with erased data. */
export function personName(
  person: { lastName?: string | null; firstName?: string | null } | null | undefined,
): string {
  if (!person) return ERASED;
  const last = person.lastName ?? '';
  const first = person.firstName ?? '';
  if (last === ERASED || first === ERASED) return ERASED;
  const name = `${last.toUpperCase()} ${first}`.trim();
  return name === '' ? '—' : name;
}
