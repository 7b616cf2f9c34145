/**
 * Date-only arithmetic on business dates ('YYYY-MM-DD'). No time zone, no clock: strings in, strings out.
 * Kept local to the sanctions domain so that it stays self-contained (it does not import the parcours domain).
 */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

type YMD = { y: number; m: number; d: number };

function parse(date: string): YMD | null {
  const match = DATE_PATTERN.exec(date);
  if (!match) return null;
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** True for a real calendar date written 'YYYY-MM-DD' (rejects 2025-02-30, 2025-2-3, ''). */
export function isValidDate(date: unknown): date is string {
  if (typeof date !== 'string') return false;
  const p = parse(date);
  if (!p || p.y < 1900 || p.y > 9999 || p.m < 1 || p.m > 12 || p.d < 1) return false;
  return p.d <= daysInMonth(p.y, p.m);
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's civil-date algorithms):
// pure integer arithmetic, so no Date object, no time zone and no clock is involved.
function toDayNumber(date: string): number {
  const p = parse(date);
  if (!p) throw new Error(`Invalid business date: ${date}`);
  const y = p.m <= 2 ? p.y - 1 : p.y;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (p.m + (p.m > 2 ? -3 : 9)) + 2) / 5) + p.d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDayNumber(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `date` + `days` calendar days (days may be negative). */
export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Number of days from `from` to `to` (positive when `to` is later). */
export function diffDays(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** ISO business dates compare correctly as strings; these names make the intent explicit. */
export const isBefore = (a: string, b: string): boolean => a < b;
export const isAfter = (a: string, b: string): boolean => a > b;

export function latest(dates: readonly string[]): string | null {
  let max: string | null = null;
  for (const d of dates) if (max === null || d > max) max = d;
  return max;
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy', the format shown to users. */
export function formatDateFr(date: string): string {
  const p = parse(date);
  if (!p) return date;
  return `${String(p.d).padStart(2, '0')}/${String(p.m).padStart(2, '0')}/${String(p.y).padStart(4, '0')}`;
}

/** 2500 → '2 500 €', 150.5 → '150,50 €' (French formatting without Intl, so output never depends on ICU data). */
export function formatEuro(amount: number): string {
  const cents = Math.round(amount * 100);
  const whole = Math.trunc(Math.abs(cents) / 100);
  const rest = Math.abs(cents) % 100;
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  const sign = cents < 0 ? '-' : '';
  return rest === 0
    ? `${sign}${grouped}\u00a0€`
    : `${sign}${grouped},${String(rest).padStart(2, '0')}\u00a0€`;
}
