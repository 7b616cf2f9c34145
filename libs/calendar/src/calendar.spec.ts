import fc from 'fast-check';
import {
  addDays,
  addMonths,
  compareDates,
  diffDays,
  formatDateFr,
  fromDayNumber,
  fullYearsBetween,
  inclusiveDays,
  isValidDate,
  latest,
  maxDate,
  minDate,
  parseDate,
  periodsOverlap,
  toDayNumber,
} from './index';

describe('business dates', () => {
  describe('isValidDate / parseDate', () => {
    it.each(['2024-02-29', '2000-02-29', '2025-12-31', '1970-01-01', '2025-03-30'])('accepts %s', (d) => {
      expect(isValidDate(d)).toBe(true);
    });
    it.each([
      '2025-02-29', // not a leap year
      '1900-02-29', // century, not a leap year
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-01-00',
      '2025-1-01',
      '25-01-01',
      '2025-01-01T00:00:00Z',
      ' 2025-01-01',
      '',
      'donnée effacée',
    ])('refuses %s', (d) => {
      expect(isValidDate(d)).toBe(false);
    });
    it('refuses non-strings', () => {
      expect(isValidDate(20250101)).toBe(false);
      expect(isValidDate(null)).toBe(false);
      expect(parseDate(undefined)).toBeNull();
    });
    it('parses into integers', () => {
      expect(parseDate('2025-03-09')).toEqual({ y: 2025, m: 3, d: 9 });
    });
  });

  describe('addMonths clamps to the end of the month', () => {
    it.each([
      ['2024-08-31', 18, '2026-02-28'],
      ['2022-08-31', 18, '2024-02-29'], // leap year
      ['2024-02-29', 12, '2025-02-28'],
      ['2024-02-29', 48, '2028-02-29'],
      ['2025-01-31', 1, '2025-02-28'],
      ['2024-01-31', 1, '2024-02-29'],
      ['2025-03-31', 1, '2025-04-30'],
      ['2025-03-10', 36, '2028-03-10'],
      ['2024-12-31', 18, '2026-06-30'],
      ['2025-01-01', 36, '2028-01-01'],
      ['2025-11-30', 3, '2026-02-28'],
      ['2025-05-15', -3, '2025-02-15'],
      ['2025-03-31', -1, '2025-02-28'],
      ['2025-10-15', 0, '2025-10-15'],
    ])('%s + %i months = %s', (date, months, expected) => {
      expect(addMonths(date, months)).toBe(expected);
    });
  });

  describe('addDays / diffDays', () => {
    it.each([
      ['2024-02-28', 1, '2024-02-29'],
      ['2024-02-29', 1, '2024-03-01'],
      ['2025-02-28', 1, '2025-03-01'],
      ['2024-12-31', 1, '2025-01-01'],
      ['2025-01-01', -1, '2024-12-31'],
      // DST changes in Belgium: no effect on date-only arithmetic
      ['2025-03-29', 1, '2025-03-30'],
      ['2025-03-30', 1, '2025-03-31'],
      ['2025-10-25', 1, '2025-10-26'],
      ['2025-10-26', 1, '2025-10-27'],
      ['2028-10-22', 42, '2028-12-03'],
    ])('%s + %i days = %s', (date, days, expected) => {
      expect(addDays(date, days)).toBe(expected);
    });

    it('counts days across DST changes as whole days', () => {
      expect(diffDays('2025-03-29', '2025-03-31')).toBe(2);
      expect(diffDays('2025-10-25', '2025-10-27')).toBe(2);
      expect(diffDays('2025-01-01', '2025-12-31')).toBe(364);
      expect(diffDays('2024-01-01', '2024-12-31')).toBe(365);
      expect(diffDays('2025-03-10', '2025-03-01')).toBe(-9);
    });

    it('counts inclusive periods (a suspension F..T lasts T − F + 1 days)', () => {
      expect(inclusiveDays('2027-03-01', '2027-04-11')).toBe(42);
      expect(inclusiveDays('2027-03-01', '2027-03-01')).toBe(1);
    });

    it('agrees with Date.UTC day counts on any date', () => {
      fc.assert(
        fc.property(fc.integer({ min: -200_000, max: 200_000 }), (n) => {
          const date = fromDayNumber(n);
          const [y, m, d] = date.split('-').map(Number);
          expect(Date.UTC(y, m - 1, d) / 86_400_000).toBe(n);
          expect(toDayNumber(date)).toBe(n);
          expect(isValidDate(date)).toBe(true);
        }),
      );
    });

    it('addDays and diffDays are inverse', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: -5000, max: 5000 }), (n, k) => {
          const date = fromDayNumber(n);
          expect(diffDays(date, addDays(date, k))).toBe(k);
        }),
      );
    });

    it('addMonths never yields an invalid date and keeps the day when it exists', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: -120, max: 120 }), (n, k) => {
          const date = fromDayNumber(n);
          const result = addMonths(date, k);
          expect(isValidDate(result)).toBe(true);
          const day = Number(date.slice(8));
          const resultDay = Number(result.slice(8));
          expect(resultDay <= day).toBe(true);
        }),
      );
    });
  });

  describe('compare, min, max, overlap', () => {
    it('compares', () => {
      expect(compareDates('2025-01-01', '2025-01-02')).toBe(-1);
      expect(compareDates('2025-01-02', '2025-01-02')).toBe(0);
      expect(compareDates('2026-01-01', '2025-12-31')).toBe(1);
      expect(maxDate('2025-01-01', '2026-01-01', '2024-05-05')).toBe('2026-01-01');
      expect(minDate('2025-01-01', '2026-01-01', '2024-05-05')).toBe('2024-05-05');
    });
    it('detects overlapping inclusive periods, open ends included', () => {
      expect(periodsOverlap('2025-01-01', '2025-01-31', '2025-01-31', '2025-02-10')).toBe(true);
      expect(periodsOverlap('2025-01-01', '2025-01-30', '2025-01-31', '2025-02-10')).toBe(false);
      expect(periodsOverlap('2025-01-01', null, '2026-01-31', '2026-02-10')).toBe(true);
      expect(periodsOverlap('2025-03-01', '2025-03-05', '2025-01-01', null)).toBe(true);
    });
  });

  describe('ages and formatting', () => {
    it.each([
      ['2007-03-10', '2025-03-10', 18],
      ['2007-03-11', '2025-03-10', 17],
      ['1960-03-10', '2025-03-10', 65],
      ['1960-03-11', '2025-03-10', 64],
      ['2004-02-29', '2022-02-28', 18], // a 29 February birthday is reached on 28 February
      ['2004-02-29', '2022-02-27', 17],
    ])('born %s, on %s: %i years', (birth, on, years) => {
      expect(fullYearsBetween(birth, on)).toBe(years);
    });
    it('formats dd/mm/yyyy', () => {
      expect(formatDateFr('2028-03-10')).toBe('10/03/2028');
      expect(formatDateFr('2027-12-01')).toBe('01/12/2027');
    });
    it('throws on a malformed date rather than computing garbage', () => {
      expect(() => addMonths('donnée effacée', 3)).toThrow(RangeError);
    });
  });
});


describe('business dates (cases first written for the sanction procedure)', () => {
  it.each([
    ['2025-01-31', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2025-04-31', false],
    ['2025-00-10', false],
    ['2025-1-10', false],
    ['2025-01-10T00:00:00Z', false],
    [20250110, false],
    [null, false],
  ])('isValidDate(%p) → %p', (value, expected) => {
    expect(isValidDate(value)).toBe(expected);
  });

  it.each([
    ['2025-10-10', 30, '2025-11-09'],
    ['2025-01-31', 1, '2025-02-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2025-03-30', 1, '2025-03-31'],
    ['2025-10-26', 1, '2025-10-27'],
    ['2025-03-01', -1, '2025-02-28'],
    ['1970-01-01', -1, '1969-12-31'],
    ['2024-01-01', 366, '2025-01-01'],
  ])('addDays(%s, %p) → %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('diffDays is the inverse of addDays', () => {
    for (let n = -800; n <= 800; n += 37) expect(diffDays('2024-02-29', addDays('2024-02-29', n))).toBe(n);
    expect(diffDays('2025-10-10', '2025-11-09')).toBe(30);
  });

  it('formats dates the French way', () => {
    expect(formatDateFr('2025-09-01')).toBe('01/09/2025');
  });

  it('finds the latest date', () => {
    expect(latest(['2025-01-02', '2025-11-01', '2024-12-31'])).toBe('2025-11-01');
    expect(latest([])).toBeNull();
  });
});
