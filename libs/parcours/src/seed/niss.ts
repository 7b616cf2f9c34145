import { fromDayNumber } from '../domain';

/**
 * A valid Belgian national number (NISS) for a birth date: yymmdd, a 3-digit serial (odd for men,
 * even for women) and the mod-97 check digits ('2' prefixed for births from 2000).
 */
export function makeNiss(birthDay: number, sex: 'F' | 'M', serialSeed: number): string {
  const iso = fromDayNumber(birthDay);
  const year = Number(iso.slice(0, 4));
  const base = serialSeed % 498;
  const serial = sex === 'M' ? base * 2 + 1 : base * 2 + 2;
  const first9 = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${String(serial).padStart(3, '0')}`;
  const number = year >= 2000 ? 2_000_000_000 + Number(first9) : Number(first9);
  return `${first9}${String(97 - (number % 97)).padStart(2, '0')}`;
}
