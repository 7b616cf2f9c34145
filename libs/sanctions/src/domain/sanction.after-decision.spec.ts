/** After the decision: payment, appeal, its outcome, withdrawal, closure. Size (~310 lines): one case per rule S17–S22. */
import type { RecordAppealOutcome } from './sanction.commands';
import {
  PROCEDURE_ID,
  appealDecided,
  appealLodged,
  closed,
  defenceReceived,
  dismissed,
  fineImposed,
  finePaid,
  given,
  noticeSent,
  opened,
  withdrawn,
} from './__tests__/sanction.fixtures';

const pay = (paidOn = '2025-12-15', amount?: number) =>
  ({ type: 'RecordPayment', data: amount === undefined ? { paidOn } : { paidOn, amount } }) as const;
const appeal = (lodgedOn = '2025-12-01') =>
  ({
    type: 'RecordAppeal',
    data: { lodgedOn, authority: 'Tribunal de police de Namur', reference: 'RG 25/1234' },
  }) as const;
const appealOutcome = (
  outcome: RecordAppealOutcome['data']['outcome'],
  amount?: number,
  decidedOn = '2026-02-01',
): RecordAppealOutcome => ({
  type: 'RecordAppealOutcome',
  data: amount === undefined ? { decidedOn, outcome } : { decidedOn, outcome, amount },
});
const withdraw = (withdrawnOn = '2025-10-05', reason = 'Signalé par erreur') =>
  ({ type: 'WithdrawProcedure', data: { withdrawnOn, reason } }) as const;
const close = (closedOn = '2026-01-10', reason?: string) =>
  ({ type: 'CloseProcedure', data: reason === undefined ? { closedOn } : { closedOn, reason } }) as const;

const fined = () => given(opened(), noticeSent(), fineImposed(500));

describe('RecordPayment', () => {
  it('records the payment of the whole fine by default', () => {
    fined()
      .when(pay())
      .then([finePaid(500)]);
  });

  it('records instalments until the fine is paid', () => {
    const state = given(opened(), noticeSent(), fineImposed(500), finePaid(200, '2025-12-01'))
      .when(pay('2026-01-01', 300))
      .state();
    expect(state).toMatchObject({ paidCents: 50000, amountDueCents: 50000 });
  });

  it('defaults to what remains due', () => {
    given(opened(), noticeSent(), fineImposed(500), finePaid(199.99, '2025-12-01'))
      .when(pay('2026-01-01'))
      .then([finePaid(300.01, '2026-01-01')]);
  });

  it('accepts a payment while an appeal is pending', () => {
    given(opened(), noticeSent(), fineImposed(500), appealLodged())
      .when(pay('2025-12-15'))
      .then([finePaid(500)]);
  });

  it('owes the reduced amount after an appeal', () => {
    given(opened(), noticeSent(), fineImposed(500), appealLodged(), appealDecided('reduced', 250))
      .when(pay('2026-02-10'))
      .then([finePaid(250, '2026-02-10')]);
  });

  it('refuses more than what remains due (PAYMENT_EXCEEDS_AMOUNT_DUE)', () => {
    fined()
      .when(pay('2025-12-15', 500.01))
      .thenThrows('PAYMENT_EXCEEDS_AMOUNT_DUE', /500\u00a0€/);
    given(opened(), noticeSent(), fineImposed(500), finePaid(400, '2025-12-01'))
      .when(pay('2025-12-15', 200))
      .thenThrows('PAYMENT_EXCEEDS_AMOUNT_DUE', /100\u00a0€/);
  });

  it('refuses a payment once the fine is paid (ALREADY_PAID)', () => {
    given(opened(), noticeSent(), fineImposed(500), finePaid(500))
      .when(pay('2025-12-20'))
      .thenThrows('ALREADY_PAID');
  });

  it('refuses a payment without a fine (NOT_FINED)', () => {
    given(opened(), noticeSent())
      .when(pay())
      .thenThrows('NOT_FINED', /Aucune décision/);
    given(opened(), noticeSent(), dismissed())
      .when(pay())
      .thenThrows('NOT_FINED', /classée sans suite/);
    given(opened(), noticeSent(), fineImposed(), appealLodged(), appealDecided('annulled', 0))
      .when(pay('2026-02-10'))
      .thenThrows('NOT_FINED', /annulée/);
  });


  it('refuses a payment dated before the decision (DATE_BEFORE_PREVIOUS_STEP) or in the future (DATE_IN_FUTURE)', () => {
    fined().when(pay('2025-11-19')).thenThrows('DATE_BEFORE_PREVIOUS_STEP');
    fined().when(pay('2026-07-01')).thenThrows('DATE_IN_FUTURE');
  });

  it('refuses a payment on a closed procedure (PROCEDURE_CLOSED)', () => {
    given(opened(), noticeSent(), fineImposed(500), finePaid(500), closed())
      .when(pay('2026-02-01'))
      .thenThrows('PROCEDURE_CLOSED');
  });
});

describe('RecordAppeal', () => {
  it('records an appeal against the fine', () => {
    fined().when(appeal()).then([appealLodged()]);
  });

  it('stores a missing authority and reference as null', () => {
    fined()
      .when({ type: 'RecordAppeal', data: { lodgedOn: '2025-12-01' } })
      .then([
        {
          type: 'SanctionAppealLodged',
          data: { procedureId: PROCEDURE_ID, lodgedOn: '2025-12-01', authority: null, reference: null },
        },
      ]);
  });

  it('accepts an appeal after the fine was paid', () => {
    given(opened(), noticeSent(), fineImposed(500), finePaid(500))
      .when(appeal('2025-12-20'))
      .then([appealLodged('2025-12-20')]);
  });

  it('refuses an appeal before any decision or against a dismissal (NOT_FINED)', () => {
    given(opened(), noticeSent(), defenceReceived()).when(appeal()).thenThrows('NOT_FINED');
    given(opened(), noticeSent(), dismissed()).when(appeal()).thenThrows('NOT_FINED');
  });

  it('refuses a second appeal (APPEAL_ALREADY_LODGED)', () => {
    given(opened(), noticeSent(), fineImposed(), appealLodged())
      .when(appeal('2025-12-05'))
      .thenThrows('APPEAL_ALREADY_LODGED');
  });

  it('refuses an appeal dated before the decision (DATE_BEFORE_PREVIOUS_STEP) or in the future (DATE_IN_FUTURE)', () => {
    fined().when(appeal('2025-11-01')).thenThrows('DATE_BEFORE_PREVIOUS_STEP');
    fined().when(appeal('2026-12-01')).thenThrows('DATE_IN_FUTURE');
  });
});

describe('RecordAppealOutcome', () => {
  const appealed = () => given(opened(), noticeSent(), fineImposed(500), appealLodged());

  it('records a fine upheld, with the amount still owed', () => {
    appealed()
      .when(appealOutcome('upheld'))
      .then([appealDecided('upheld', 500)]);
  });

  it('records a fine reduced to a lower amount, even below the regime minimum', () => {
    appealed()
      .when(appealOutcome('reduced', 50))
      .then([appealDecided('reduced', 50)]);
  });

  it('records a fine annulled: nothing is owed', () => {
    const state = appealed().when(appealOutcome('annulled')).state();
    expect(state).toMatchObject({
      amountDueCents: 0,
      appeal: { outcome: 'annulled', decidedOn: '2026-02-01' },
    });
  });

  it('refuses an outcome without an appeal (NO_APPEAL_LODGED)', () => {
    fined().when(appealOutcome('upheld')).thenThrows('NO_APPEAL_LODGED');
  });

  it('refuses a second outcome (APPEAL_ALREADY_DECIDED)', () => {
    given(opened(), noticeSent(), fineImposed(), appealLodged(), appealDecided())
      .when(appealOutcome('annulled', undefined, '2026-02-02'))
      .thenThrows('APPEAL_ALREADY_DECIDED');
  });

  it('refuses a reduction without an amount (FINE_AMOUNT_REQUIRED) or not lower than the fine (INVALID_AMOUNT)', () => {
    appealed().when(appealOutcome('reduced')).thenThrows('FINE_AMOUNT_REQUIRED');
    appealed()
      .when(appealOutcome('reduced', 500))
      .thenThrows('INVALID_AMOUNT', /inférieure à 500\u00a0€/);
  });

  it('refuses an amount with an upheld or annulled fine (INVALID_DECISION)', () => {
    appealed().when(appealOutcome('upheld', 400)).thenThrows('INVALID_DECISION');
    appealed().when(appealOutcome('annulled', 0)).thenThrows('INVALID_DECISION');
  });

  it('refuses an outcome dated before the appeal (DATE_BEFORE_PREVIOUS_STEP) or in the future (DATE_IN_FUTURE)', () => {
    appealed()
      .when(appealOutcome('upheld', undefined, '2025-11-30'))
      .thenThrows('DATE_BEFORE_PREVIOUS_STEP');
    appealed()
      .when(appealOutcome('upheld', undefined, '2026-07-01'))
      .thenThrows('DATE_IN_FUTURE');
  });
});

describe('WithdrawProcedure', () => {
  it('withdraws a procedure before the notice (opened in error)', () => {
    const when = given(opened()).when(withdraw());
    expect(when.events()).toEqual([withdrawn()]);
    expect(when.state()).toMatchObject({
      status: 'closed',
      withdrawnOn: '2025-10-05',
      closedOn: '2025-10-05',
    });
  });

  it('withdraws a procedure after the notice and defence, before the decision', () => {
    given(opened(), noticeSent(), defenceReceived())
      .when(withdraw('2025-10-30'))
      .then([withdrawn('2025-10-30')]);
  });

  it('refuses a withdrawal after the decision (ALREADY_DECIDED)', () => {
    fined().when(withdraw('2025-12-01')).thenThrows('ALREADY_DECIDED');
  });


  it('refuses a withdrawal dated before the last step (DATE_BEFORE_PREVIOUS_STEP)', () => {
    given(opened(), noticeSent()).when(withdraw('2025-10-05')).thenThrows('DATE_BEFORE_PREVIOUS_STEP');
  });

  it('leaves nothing to do afterwards (PROCEDURE_CLOSED)', () => {
    given(opened(), withdrawn()).when(withdraw('2025-10-06')).thenThrows('PROCEDURE_CLOSED');
  });
});

describe('CloseProcedure', () => {
  it('closes after a dismissal', () => {
    given(opened(), noticeSent(), dismissed())
      .when(close('2025-11-21'))
      .then([closed('2025-11-21')]);
  });

  it('closes after full payment, with an optional reason', () => {
    given(opened(), noticeSent(), fineImposed(500), finePaid(500))
      .when(close('2026-01-10', 'Amende payée'))
      .then([closed('2026-01-10', 'Amende payée')]);
  });

  it('closes after the appeal outcome, paid or not', () => {
    given(opened(), noticeSent(), fineImposed(), appealLodged(), appealDecided('annulled', 0))
      .when(close('2026-02-05'))
      .then([closed('2026-02-05')]);
    given(opened(), noticeSent(), fineImposed(), appealLodged(), appealDecided('upheld', 500))
      .when(close('2026-02-05'))
      .then([closed('2026-02-05')]);
  });

  it('refuses to close before the decision (PROCEDURE_NOT_CLOSABLE), pointing to withdrawal', () => {
    given(opened(), noticeSent())
      .when(close('2025-10-20'))
      .thenThrows('PROCEDURE_NOT_CLOSABLE', /retrait/);
  });

  it('refuses to close an unpaid or partly paid fine (PROCEDURE_NOT_CLOSABLE)', () => {
    fined()
      .when(close())
      .thenThrows('PROCEDURE_NOT_CLOSABLE', /reste dû 500\u00a0€/);
    given(opened(), noticeSent(), fineImposed(500), finePaid(100))
      .when(close())
      .thenThrows('PROCEDURE_NOT_CLOSABLE', /reste dû 400\u00a0€/);
  });

  it('refuses to close while an appeal is pending (APPEAL_PENDING), even when paid', () => {
    given(opened(), noticeSent(), fineImposed(), appealLodged()).when(close()).thenThrows('APPEAL_PENDING');
    given(opened(), noticeSent(), fineImposed(500), finePaid(500), appealLodged('2025-12-20'))
      .when(close())
      .thenThrows('APPEAL_PENDING');
  });

  it('refuses a closure dated before the last step (DATE_BEFORE_PREVIOUS_STEP) or in the future (DATE_IN_FUTURE)', () => {
    given(opened(), noticeSent(), dismissed())
      .when(close('2025-11-19'))
      .thenThrows('DATE_BEFORE_PREVIOUS_STEP');
    given(opened(), noticeSent(), dismissed()).when(close('2026-07-01')).thenThrows('DATE_IN_FUTURE');
  });

  it('refuses to close twice (PROCEDURE_CLOSED)', () => {
    given(opened(), noticeSent(), dismissed(), closed())
      .when(close('2026-01-11'))
      .thenThrows('PROCEDURE_CLOSED');
  });
});

describe('nothing after closure (PROCEDURE_CLOSED)', () => {
  const history = [opened(), noticeSent(), fineImposed(500), finePaid(500), closed()];
  it.each([
    { type: 'SendNotice', data: { sentOn: '2026-02-01' } },
    { type: 'RecordDefence', data: { receivedOn: '2026-02-01' } },
    {
      type: 'DecideSanction',
      data: { decidedOn: '2026-02-01', outcome: 'dismissed', reason: 'regularised' },
    },
    { type: 'RecordPayment', data: { paidOn: '2026-02-01', amount: 1 } },
    { type: 'RecordAppeal', data: { lodgedOn: '2026-02-01' } },
    { type: 'RecordAppealOutcome', data: { decidedOn: '2026-02-01', outcome: 'upheld' } },
    { type: 'WithdrawProcedure', data: { withdrawnOn: '2026-02-01', reason: 'erreur' } },
    { type: 'CloseProcedure', data: { closedOn: '2026-02-01' } },
  ] as const)('$type', (command) => {
    given(...history)
      .when(command)
      .thenThrows('PROCEDURE_CLOSED');
  });
});
