import { blockingUnavailability, isOverdueAt } from './parcours-facts';
import { attestationDeadline } from './__tests__/sanction.fixtures';

describe('isOverdueAt', () => {
  const due = attestationDeadline({ dueOn: '2025-09-01', metOn: null });

  it.each([
    ['2025-08-31', false],
    ['2025-09-01', false],
    ['2025-09-02', true],
    ['2030-01-01', true],
  ])('unmet deadline due 2025-09-01, at %s → %s', (date, expected) => {
    expect(isOverdueAt(due, date)).toBe(expected);
  });

  it('is overdue at a date before a late regularisation, not from the day it was regularised', () => {
    const late = { ...due, metOn: '2025-10-15' };
    expect(isOverdueAt(late, '2025-10-14')).toBe(true);
    expect(isOverdueAt(late, '2025-10-15')).toBe(false);
  });

  it('is never overdue without a due date, or while suspended', () => {
    expect(isOverdueAt({ ...due, dueOn: null }, '2030-01-01')).toBe(false);
    expect(isOverdueAt({ ...due, suspended: true }, '2030-01-01')).toBe(false);
  });
});

describe('blockingUnavailability (art. 152/8 CWASS)', () => {
  const window = { from: '2024-03-01', to: '2025-09-01' };

  it.each([
    ['2024-01-01', '2024-02-29', false],
    ['2024-01-01', '2024-03-01', true],
    ['2024-05-01', '2024-06-01', true],
    ['2025-09-01', '2025-10-01', true],
    ['2025-09-02', '2025-10-01', false],
    ['2025-09-02', null, false],
    ['2020-01-01', null, true],
  ] as const)('attestation window 2024-03-01..2025-09-01, period %s..%s blocks: %s', (from, to, blocks) => {
    const periods = [{ axis: 'french' as const, from, to }];
    expect(blockingUnavailability('attestation', window, periods)).toHaveLength(blocks ? 1 : 0);
  });

  it('returns only the blocking periods', () => {
    const periods = [
      { axis: 'french' as const, from: '2024-05-01', to: '2024-06-01' },
      { axis: 'isp' as const, from: '2026-01-01', to: null },
    ];
    expect(blockingUnavailability('attestation', window, periods)).toEqual([periods[0]]);
  });

  it('treats a missing end of the window as unbounded', () => {
    const periods = [{ axis: 'citizenship' as const, from: '1990-01-01', to: '1990-01-02' }];
    expect(blockingUnavailability('attestation', { from: null, to: '2025-09-01' }, periods)).toHaveLength(1);
    expect(
      blockingUnavailability('attestation', { from: '2024-03-01', to: null }, [
        { ...periods[0], from: '2099-01-01', to: null },
      ]),
    ).toHaveLength(1);
  });

  it('never blocks a presentation breach', () => {
    expect(
      blockingUnavailability('presentation', window, [{ axis: 'french', from: '2024-05-01', to: null }]),
    ).toEqual([]);
  });
});
