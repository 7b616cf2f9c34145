import { addDays, diffDays, formatDateFr, formatEuro, isValidDate, latest } from './sanction-dates';

describe('sanction dates', () => {
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

  it('formats dates and amounts the French way', () => {
    expect(formatDateFr('2025-09-01')).toBe('01/09/2025');
    expect(formatEuro(2500)).toBe('2\u00a0500\u00a0€');
    expect(formatEuro(100)).toBe('100\u00a0€');
    expect(formatEuro(1234.5)).toBe('1\u00a0234,50\u00a0€');
    expect(formatEuro(1000000)).toBe('1\u00a0000\u00a0000\u00a0€');
  });

  it('finds the latest date', () => {
    expect(latest(['2025-01-02', '2025-11-01', '2024-12-31'])).toBe('2025-11-01');
    expect(latest([])).toBeNull();
  });
});
