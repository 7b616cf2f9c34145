import { stateAsOf } from './as-of';
import { deadlines } from './deadlines';
import { evaluateRequirements } from './requirements';
import { defaultRuleConfig } from './rules';
import {
  attestation,
  close,
  evaluation,
  extension,
  frenchHours,
  readyForAttestation,
  stateOf,
  suspension,
  endSuspension,
  transfer,
} from './__tests__/fixtures';

describe('stateAsOf: the case as it stood on a date', () => {
  const full = stateOf([
    ...readyForAttestation(),
    attestation('2026-04-01'),
    transfer('CRIPEL', '62063', '2026-05-01'),
    close('2026-05-20'),
  ]);

  it('hides the attestation, a later transfer and a later closure', () => {
    const then = stateAsOf(full, '2026-03-15');
    expect(then.attestation).toBeNull();
    expect(then.status).toBe('open');
    expect(then.closure).toBeNull();
    expect(then.transfers).toEqual([]);
    expect(then.criCode).toBe('CAI');
    expect(then.communeCode).toBe('92094');
    expect(full.criCode).toBe('CRIPEL');
  });

  it('counts only the hours of periods ended by then, so requirements are those of that day', () => {
    const then = stateAsOf(full, '2026-01-15');
    // 250 h ended 31/12/2025; the 150 h period ends 31/03/2026.
    expect(then.frenchHours.map((p) => p.hours)).toEqual([250]);
    const requirements = evaluateRequirements(then, '2026-01-15', defaultRuleConfig);
    expect(requirements.progress.french.hoursDone).toBe(250);
  });

  it('hides steps not yet done: a presentation after the date, the convention not yet signed', () => {
    const then = stateAsOf(full, '2025-03-20');
    expect(then.presentedOn).toBeNull();
    expect(then.convention).toBeNull();
    expect(then.citizenshipHours).toEqual([]);
  });

  it('shows a suspension begun by then, and hides an extension decided later', () => {
    const s = stateOf([
      ...readyForAttestation(),
      suspension('2026-04-10'),
      endSuspension('2026-05-10'),
      extension('2026-05-15', '2029-12-31'),
    ]);
    const then = stateAsOf(s, '2026-04-20');
    expect(then.deadlineAdjustments).toEqual([
      expect.objectContaining({ kind: 'suspension', from: '2026-04-10' }),
    ]);
    const later = stateAsOf(s, '2026-06-01');
    expect(later.deadlineAdjustments).toHaveLength(2);
  });

  it('leaves the deadlines computed at that date unchanged (they already ignore later facts)', () => {
    const s = stateOf([
      ...readyForAttestation(),
      evaluation('2026-02-01'),
      frenchHours('2026-04-01', '2026-04-30', 20),
      attestation('2026-05-02'),
    ]);
    for (const asOf of [
      '2025-03-01',
      '2026-04-20',
      '2025-06-01',
      '2026-02-15',
      '2026-04-15',
      '2026-05-02',
      '2026-12-01',
    ]) {
      expect(deadlines(stateAsOf(s, asOf), asOf, defaultRuleConfig)).toEqual(
        deadlines(s, asOf, defaultRuleConfig),
      );
    }
  });

  it('returns the same case when nothing is later than the date', () => {
    expect(stateAsOf(full, '2027-01-01')).toEqual(full);
  });
});
