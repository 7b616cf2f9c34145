import { formatEuro } from './money';

describe('euro amounts', () => {
  it('formats amounts the French way', () => {
    expect(formatEuro(2500)).toBe('2\u00a0500\u00a0€');
    expect(formatEuro(100)).toBe('100\u00a0€');
    expect(formatEuro(1234.5)).toBe('1\u00a0234,50\u00a0€');
    expect(formatEuro(1000000)).toBe('1\u00a0000\u00a0000\u00a0€');
  });
});
