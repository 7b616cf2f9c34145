/**
 * The Belgian identification number (NISS): a national register number or a BIS number.
 *
 * Rules as python-stdnum implements them (`stdnum/be/nn.py`, `stdnum/be/bis.py`, commit 006192e,
 * arthurdejong/python-stdnum, LGPL), which follow the Registre national's published structure:
 * - 11 digits `YYMMDD SSS CC`; spaces, dots and dashes are separators;
 * - check digits `CC = 97 − (YYMMDDSSS mod 97)`; for a birth from 2000 on, `2` is put before the nine
 *   digits. The 2000 form is tried only when 20YY is not in the future, so a number cannot claim a
 *   birth in a year that has not come;
 * - month `MM`: 0–12 for a national register number; a BIS number adds 20 (sex unknown) or 40 (sex
 *   known), so 20–32 or 40–52. Any other month is not a possible number;
 * - month 0 (after removing 20 / 40): only the year is known; `000001`, `002001`, `004001`: nothing
 *   of the date is known; a day 0 or beyond the month's length: the day is not known (these forms are
 *   issued, so they are accepted);
 * - the serial `SSS` is odd for a man, even for a woman (for a BIS number only when 40 was added).
 *
 * No imports: the API's validators and the web form share this file.
 */

export type NissRefusal = 'format' | 'checksum' | 'month';

export type NissBirth = {
  /** null when the number was issued without a known birth date. */
  readonly year: number | null;
  readonly month: number | null;
  readonly day: number | null;
};

export type NissReading =
  | {
      readonly ok: true;
      readonly compact: string;
      readonly kind: 'national' | 'bis';
      readonly birth: NissBirth;
      readonly sex: 'F' | 'M' | null;
    }
  | { readonly ok: false; readonly refusal: NissRefusal };

/** The number without its separators (spaces, dots, dashes). */
export const compactNiss = (value: string): string => value.replace(/[\s.-]/g, '');

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Reads a NISS; `currentYear` is the calendar year of today (the caller's clock, never this file's). */
export function readNiss(value: string, currentYear: number): NissReading {
  const n = compactNiss(value);
  if (!/^\d{11}$/.test(n) || Number(n) === 0) return { ok: false, refusal: 'format' };
  const yy = Number(n.slice(0, 2));
  const check = Number(n.slice(9));
  const checks = (digits: string) => 97 - (Number(digits) % 97) === check;
  let century: number;
  if (checks(n.slice(0, 9))) century = 1900;
  else if (2000 + yy <= currentYear && checks(`2${n.slice(0, 9)}`)) century = 2000;
  else return { ok: false, refusal: 'checksum' };

  const rawMonth = Number(n.slice(2, 4));
  const kind = rawMonth >= 20 ? 'bis' : 'national';
  if (!(rawMonth <= 12 || (rawMonth >= 20 && rawMonth <= 32) || (rawMonth >= 40 && rawMonth <= 52)))
    return { ok: false, refusal: 'month' };
  const serialSex = Number(n.slice(6, 9)) % 2 === 1 ? 'M' : 'F';
  const sex = kind === 'national' || rawMonth >= 40 ? serialSex : null;
  const reading = (birth: NissBirth): NissReading => ({ ok: true, compact: n, kind, birth, sex });

  if (['000001', '002001', '004001'].includes(n.slice(0, 6)))
    return reading({ year: null, month: null, day: null });
  const year = century + yy;
  const month = rawMonth % 20;
  if (month === 0) return reading({ year, month: null, day: null });
  const day = Number(n.slice(4, 6));
  if (day === 0 || day > daysInMonth(year, month)) return reading({ year, month, day: null });
  return reading({ year, month, day });
}

/**
 * Whether the birth date the number encodes (as far as it encodes one) is this ISO date. A number
 * issued without a known date agrees with any birth date.
 */
export function nissAgreesWithBirthDate(birth: NissBirth, birthDate: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) return true;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (birth.year !== null && birth.year !== year) return false;
  if (birth.month !== null && birth.month !== month) return false;
  if (birth.day !== null && birth.day !== day) return false;
  return true;
}

/** The encoded birth date as people read it: « 30/07/1985 », « 07/1985 », « 1985 ». */
export function formatNissBirth(birth: NissBirth): string | null {
  if (birth.year === null) return null;
  const pad = (v: number) => String(v).padStart(2, '0');
  if (birth.month === null) return String(birth.year);
  if (birth.day === null) return `${pad(birth.month)}/${birth.year}`;
  return `${pad(birth.day)}/${pad(birth.month)}/${birth.year}`;
}

/** French messages, for the API's field errors and the web form alike. */
export const NISS_MESSAGES_FR: { readonly [R in NissRefusal | 'birthDate']: string } = {
  format: 'NISS : 11 chiffres attendus (ex. 85.07.30-033.28)',
  checksum: 'NISS : clé de contrôle invalide (vérifiez les 11 chiffres)',
  month:
    'NISS : numéro impossible, le mois doit être entre 01 et 12 (numéro national) ou entre 20 et 32 / 40 et 52 (numéro BIS)',
  birthDate: 'NISS : ne correspond pas à la date de naissance',
};

/**
 * The French message of the first problem with this NISS for a person born on `birthDate` (when
 * known), or null when the number is possible and agrees.
 */
export function nissProblemFr(value: string, currentYear: number, birthDate?: string | null): string | null {
  const reading = readNiss(value, currentYear);
  if (!reading.ok) return NISS_MESSAGES_FR[reading.refusal];
  if (birthDate && !nissAgreesWithBirthDate(reading.birth, birthDate)) {
    const encoded = formatNissBirth(reading.birth);
    return `${NISS_MESSAGES_FR.birthDate}${encoded ? ` (le numéro indique ${encoded})` : ''}`;
  }
  return null;
}
