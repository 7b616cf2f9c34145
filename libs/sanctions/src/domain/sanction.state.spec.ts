import type { SanctionEvent } from './sanction.events';
import { SANCTION_EVENT_TYPES, SANCTION_PERSONAL_DATA_PATHS } from './sanction.events';
import { evolveSanction, foldSanction, initialSanctionState, sanctionStage } from './sanction.state';
import {
  appealDecided,
  appealLodged,
  closed,
  defenceReceived,
  dismissed,
  fineImposed,
  finePaid,
  noticeSent,
  opened,
  withdrawn,
} from './__tests__/sanction.fixtures';

describe('evolveSanction', () => {
  it('starts from a procedure that does not exist', () => {
    expect(initialSanctionState).toEqual({ status: 'none' });
    expect(sanctionStage(initialSanctionState)).toBe('none');
  });

  it('ignores events that do not fit the state instead of throwing', () => {
    expect(evolveSanction(initialSanctionState, noticeSent())).toBe(initialSanctionState);
    const state = foldSanction([opened()]);
    expect(evolveSanction(state, opened({ reportedOn: '2026-01-01' }))).toBe(state);
    const unknown = { type: 'SanctionSomethingNew', data: {} } as unknown as SanctionEvent;
    expect(evolveSanction(state, unknown)).toBe(state);
  });

  it('tracks the latest step date, whatever the order of equal or later dates', () => {
    expect(foldSanction([opened(), noticeSent('2025-10-10'), defenceReceived('2025-10-25')])).toMatchObject({
      lastStepOn: '2025-10-25',
    });
  });

  it('keeps money in cents so that instalments add up exactly', () => {
    const state = foldSanction([opened(), noticeSent(), fineImposed(0.3), finePaid(0.1), finePaid(0.2)]);
    expect(state).toMatchObject({ amountDueCents: 30, paidCents: 30 });
    expect(sanctionStage(state)).toBe('paid');
  });

  it('keeps no free text in the state (erasing personal data cannot change a decision)', () => {
    const state = foldSanction([
      opened(),
      noticeSent(),
      defenceReceived(),
      dismissed('other', '2025-11-20', 'Décès'),
    ]);
    expect(JSON.stringify(state)).not.toMatch(/FLE près de chez moi|Décès/);
  });

  it.each([
    [[opened()], 'reported'],
    [[opened(), noticeSent()], 'notice-sent'],
    [[opened(), noticeSent(), defenceReceived()], 'defence-received'],
    [[opened(), noticeSent(), fineImposed()], 'fined'],
    [[opened(), noticeSent(), fineImposed(500), finePaid(100)], 'fined'],
    [[opened(), noticeSent(), fineImposed(500), finePaid(500)], 'paid'],
    [[opened(), noticeSent(), fineImposed(), appealLodged()], 'appealed'],
    [[opened(), noticeSent(), fineImposed(500), finePaid(500), appealLodged('2025-12-20')], 'appealed'],
    [[opened(), noticeSent(), fineImposed(), appealLodged(), appealDecided('upheld')], 'appeal-decided'],
    [[opened(), noticeSent(), fineImposed(), appealLodged(), appealDecided('annulled', 0)], 'appeal-decided'],
    [[opened(), noticeSent(), dismissed()], 'dismissed'],
    [[opened(), noticeSent(), dismissed(), closed()], 'closed'],
    [[opened(), withdrawn()], 'withdrawn'],
  ] as const)('stage after %#: %s', (history, stage) => {
    expect(sanctionStage(foldSanction(history))).toBe(stage);
  });
});

describe('personal data paths', () => {
  it('name only existing event types and free-text fields', () => {
    for (const [type, paths] of Object.entries(SANCTION_PERSONAL_DATA_PATHS)) {
      expect(SANCTION_EVENT_TYPES).toContain(type);
      expect(paths!.length).toBeGreaterThan(0);
    }
    expect(SANCTION_PERSONAL_DATA_PATHS.SanctionDefenceReceived).toEqual(['summary']);
  });
});
