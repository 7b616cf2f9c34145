import type { SanctionCommand } from './sanction.commands';
import type { SanctionDecideContext } from './decide';
import { decideSanction } from './decide';
import type { SanctionEvent } from './sanction.events';
import type { SanctionStage, SanctionState } from './sanction.state';
import { evolveSanction, initialSanctionState, sanctionStage } from './sanction.state';
import { PARCOURS_ID, PROCEDURE_ID, context } from './__tests__/sanction.fixtures';

/** Runs commands one after the other as the command handler would (decide, then fold), recording each stage. */
function run(commands: SanctionCommand[], ctx: SanctionDecideContext = context()) {
  let state: SanctionState = initialSanctionState;
  const history: SanctionEvent[] = [];
  const stages: SanctionStage[] = [];
  for (const command of commands) {
    const events = decideSanction(command, state, ctx);
    history.push(...events);
    state = events.reduce(evolveSanction, state);
    stages.push(sanctionStage(state));
  }
  return { state, history, stages };
}

const open: SanctionCommand = {
  type: 'OpenSanctionProcedure',
  data: {
    procedureId: PROCEDURE_ID,
    parcoursId: PARCOURS_ID,
    breach: 'attestation',
    reportedOn: '2025-10-01',
  },
};

describe('a sanction procedure from report to closure', () => {
  it('runs to a paid fine: reported → notice → defence → fine → paid in two instalments → closed', () => {
    const { state, history, stages } = run([
      open,
      { type: 'SendNotice', data: { sentOn: '2025-10-10' } },
      {
        type: 'RecordDefence',
        data: { receivedOn: '2025-11-05', summary: 'Horaires de travail incompatibles.' },
      },
      { type: 'DecideSanction', data: { decidedOn: '2025-11-20', outcome: 'fine', amount: 350 } },
      { type: 'RecordPayment', data: { paidOn: '2025-12-15', amount: 150 } },
      { type: 'RecordPayment', data: { paidOn: '2026-01-15' } },
      { type: 'CloseProcedure', data: { closedOn: '2026-01-20', reason: 'Amende payée' } },
    ]);
    expect(stages).toEqual([
      'reported',
      'notice-sent',
      'defence-received',
      'fined',
      'fined',
      'paid',
      'closed',
    ]);
    expect(history.map((e) => e.type)).toEqual([
      'SanctionProcedureOpened',
      'SanctionNoticeSent',
      'SanctionDefenceReceived',
      'SanctionFineImposed',
      'SanctionFinePaid',
      'SanctionFinePaid',
      'SanctionProcedureClosed',
    ]);
    expect(history[5]).toMatchObject({ data: { amount: 200 } });
    expect(state).toMatchObject({
      status: 'closed',
      amountDueCents: 35000,
      paidCents: 35000,
      closedOn: '2026-01-20',
    });
  });

  it('runs to a dismissal: reported → notice → (no defence) → dismissed as regularised → closed', () => {
    const { state, stages } = run([
      open,
      { type: 'SendNotice', data: { sentOn: '2025-10-10', respondBy: '2025-11-10' } },
      {
        type: 'DecideSanction',
        data: { decidedOn: '2025-10-20', outcome: 'dismissed', reason: 'regularised' },
      },
      { type: 'CloseProcedure', data: { closedOn: '2025-10-21' } },
    ]);
    expect(stages).toEqual(['reported', 'notice-sent', 'dismissed', 'closed']);
    expect(state).toMatchObject({
      status: 'closed',
      decision: { outcome: 'dismissed', reason: 'regularised' },
    });
  });

  it('runs through an appeal: fine → appealed → reduced → paid → closed', () => {
    const { stages } = run([
      open,
      { type: 'SendNotice', data: { sentOn: '2025-10-10' } },
      { type: 'DecideSanction', data: { decidedOn: '2025-11-10', outcome: 'fine', amount: 1000 } },
      { type: 'RecordAppeal', data: { lodgedOn: '2025-11-25', authority: 'Tribunal de police' } },
      { type: 'RecordAppealOutcome', data: { decidedOn: '2026-03-01', outcome: 'reduced', amount: 300 } },
      { type: 'RecordPayment', data: { paidOn: '2026-03-15' } },
      { type: 'CloseProcedure', data: { closedOn: '2026-03-16' } },
    ]);
    expect(stages).toEqual([
      'reported',
      'notice-sent',
      'fined',
      'appealed',
      'appeal-decided',
      'paid',
      'closed',
    ]);
  });

  it('runs to a withdrawal', () => {
    const { stages } = run([
      open,
      { type: 'WithdrawProcedure', data: { withdrawnOn: '2025-10-02', reason: 'Signalement en double' } },
    ]);
    expect(stages).toEqual(['reported', 'withdrawn']);
  });

  it('refuses the fine but allows the dismissal when the Region could not provide French (art. 152/8)', () => {
    const ctx = context({
      parcours: { trainingUnavailability: [{ axis: 'french', from: '2024-06-01', to: null }] },
    });
    const notified = run([open, { type: 'SendNotice', data: { sentOn: '2025-10-10' } }], ctx).state;
    const fine: SanctionCommand = {
      type: 'DecideSanction',
      data: { decidedOn: '2025-11-20', outcome: 'fine', amount: 100 },
    };
    expect(() => decideSanction(fine, notified, ctx)).toThrow(
      expect.objectContaining({ code: 'TRAINING_UNAVAILABLE' }),
    );
    const dismissal: SanctionCommand = {
      type: 'DecideSanction',
      data: { decidedOn: '2025-11-20', outcome: 'dismissed', reason: 'training-unavailable' },
    };
    expect(decideSanction(dismissal, notified, ctx)).toHaveLength(1);
  });
});
