/**
 * @app/calendar — date-only arithmetic on business dates ('YYYY-MM-DD'), shared by the parcours and the
 * sanction domains. Pure: it imports nothing (a dependency-cruiser rule keeps it so).
 *
 * Business dates have no time and no time zone: a deadline "on 10/03/2028" is that calendar day
 * everywhere. So dates are handled as y/m/d integers and day numbers (days since 1970-01-01 in the
 * proleptic Gregorian calendar), never as instants: no Date object, no clock, no DST surprises.
 * The day-number conversion is H. Hinnant's `days_from_civil` / `civil_from_days`.
 */

/** A business date, 'YYYY-MM-DD'. A plain string alias: the format is checked by `isValidDate`. */
export type IsoDate = string;

export type CivilDate = { readonly y: number; readonly m: number; readonly d: number };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  switch (m) {
    case 2:
      return isLeapYear(y) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

/** Parses 'YYYY-MM-DD' (years 1000–9999); null when malformed or not a calendar day. */
export function parseDate(value: unknown): CivilDate | null {
  if (typeof value !== 'string') return null;
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (y < 1000 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

export function isValidDate(value: unknown): value is IsoDate {
  return parseDate(value) !== null;
}

function mustParse(value: IsoDate): CivilDate {
  const parsed = parseDate(value);
  if (!parsed) throw new RangeError(`Invalid business date: ${JSON.stringify(value)}`);
  return parsed;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function formatIso({ y, m, d }: CivilDate): IsoDate {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Days since 1970-01-01 (may be negative). */
export function toDayNumber(date: IsoDate): number {
  const { y, m, d } = mustParse(date);
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(dayNumber: number): IsoDate {
  const z = dayNumber + 719468;
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
  return formatIso({ y, m, d });
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Number of days from `from` to `to` (positive when `to` is later). */
export function diffDays(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * Adds calendar months; when the target month is shorter, the day is clamped to its last day
 * (31/08/2024 + 18 months = 28/02/2026; 31/08/2022 + 18 months = 29/02/2024).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { y, m, d } = mustParse(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  return formatIso({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const diff = toDayNumber(a) - toDayNumber(b);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

export const isBefore = (a: IsoDate, b: IsoDate): boolean => compareDates(a, b) < 0;
export const isAfter = (a: IsoDate, b: IsoDate): boolean => compareDates(a, b) > 0;
export const isOnOrBefore = (a: IsoDate, b: IsoDate): boolean => compareDates(a, b) <= 0;
export const isOnOrAfter = (a: IsoDate, b: IsoDate): boolean => compareDates(a, b) >= 0;

export function maxDate(first: IsoDate, ...others: IsoDate[]): IsoDate {
  return others.reduce((max, d) => (isAfter(d, max) ? d : max), first);
}

export function minDate(first: IsoDate, ...others: IsoDate[]): IsoDate {
  return others.reduce((min, d) => (isBefore(d, min) ? d : min), first);
}

/** Whole years completed on `on` by someone born on `birth` (a 29/02 birthday is reached on 28/02). */
export function fullYearsBetween(birth: IsoDate, on: IsoDate): number {
  const b = mustParse(birth);
  const o = mustParse(on);
  let years = o.y - b.y;
  if (isBefore(on, addYears(birth, years))) years -= 1;
  return years;
}

/** 'dd/mm/yyyy', the format of dates shown to users. */
export function formatDateFr(date: IsoDate): string {
  const { y, m, d } = mustParse(date);
  return `${pad(d, 2)}/${pad(m, 2)}/${pad(y, 4)}`;
}

/** Number of days in the inclusive period [from, to]. */
export function inclusiveDays(from: IsoDate, to: IsoDate): number {
  return diffDays(from, to) + 1;
}

/** Whether the inclusive periods [aFrom, aTo] and [bFrom, bTo] share a day (null end = open-ended). */
export function periodsOverlap(
  aFrom: IsoDate,
  aTo: IsoDate | null,
  bFrom: IsoDate,
  bTo: IsoDate | null,
): boolean {
  const aEndsBeforeB = aTo !== null && isBefore(aTo, bFrom);
  const bEndsBeforeA = bTo !== null && isBefore(bTo, aFrom);
  return !aEndsBeforeB && !bEndsBeforeA;
}

/** The latest of some dates, or null when there are none. */
export function latest(dates: readonly IsoDate[]): IsoDate | null {
  let max: IsoDate | null = null;
  for (const d of dates) if (max === null || isAfter(d, max)) max = d;
  return max;
}
