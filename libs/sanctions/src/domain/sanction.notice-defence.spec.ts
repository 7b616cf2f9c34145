import type { SanctionEvent } from './sanction.events';
import {
  PROCEDURE_ID,
  closed,
  context,
  defenceReceived,
  dismissed,
  fineImposed,
  given,
  noticeSent,
  opened,
  withdrawn,
} from './__tests__/sanction.fixtures';

const notice = (sentOn = '2025-10-10', respondBy?: string) =>
  ({ type: 'SendNotice', data: respondBy === undefined ? { sentOn } : { sentOn, respondBy } }) as const;

const defence = (receivedOn = '2025-10-25', summary?: string) =>
  ({
    type: 'RecordDefence',
    data: summary === undefined ? { receivedOn } : { receivedOn, summary },
  }) as const;

describe('SendNotice', () => {
  it('sends the notice with the default response period (sentOn + noticeResponseDays)', () => {
    given(opened())
      .when(notice())
      .then([noticeSent('2025-10-10', '2025-11-09')]);
  });

  it('takes the response period from the context', () => {
    given(opened())
      .when(notice('2025-10-10'), context({ noticeResponseDays: 45 }))
      .then([
        {
          type: 'SanctionNoticeSent',
          data: {
            procedureId: PROCEDURE_ID,
            sentOn: '2025-10-10',
            respondBy: '2025-11-24',
            responseDays: 45,
          },
        },
      ]);
  });

  it('accepts an explicit response deadline, and records its length', () => {
    given(opened())
      .when(notice('2025-10-10', '2025-10-31'))
      .then([
        {
          type: 'SanctionNoticeSent',
          data: {
            procedureId: PROCEDURE_ID,
            sentOn: '2025-10-10',
            respondBy: '2025-10-31',
            responseDays: 21,
          },
        },
      ]);
  });

  it('may be sent on the report date', () => {
    expect(given(opened()).when(notice('2025-10-01')).events()).toHaveLength(1);
  });

  it('may be sent again before the decision (e.g. a returned registered letter): the new deadline replaces the old', () => {
    const state = given(opened(), noticeSent()).when(notice('2025-11-15')).state();
    expect(state).toMatchObject({
      notice: { sentOn: '2025-11-15', respondBy: '2025-12-15' },
      noticeCount: 2,
    });
  });

  it('refuses a notice dated before the report (DATE_BEFORE_PREVIOUS_STEP)', () => {
    given(opened())
      .when(notice('2025-09-30'))
      .thenThrows('DATE_BEFORE_PREVIOUS_STEP', /01\/10\/2025/);
  });

  it('refuses a notice dated in the future (DATE_IN_FUTURE)', () => {
    given(opened()).when(notice('2026-07-01')).thenThrows('DATE_IN_FUTURE');
  });


  it('refuses a response deadline on or before the sending date (INVALID_RESPONSE_DEADLINE)', () => {
    given(opened()).when(notice('2025-10-10', '2025-10-10')).thenThrows('INVALID_RESPONSE_DEADLINE');
    given(opened()).when(notice('2025-10-10', '2025-10-09')).thenThrows('INVALID_RESPONSE_DEADLINE');
  });

  it('refuses a notice after the decision (ALREADY_DECIDED)', () => {
    given(opened(), noticeSent(), fineImposed()).when(notice('2025-12-01')).thenThrows('ALREADY_DECIDED');
  });

  it('refuses anything on a closed or withdrawn procedure (PROCEDURE_CLOSED)', () => {
    given(opened(), noticeSent(), dismissed(), closed('2025-12-01'))
      .when(notice('2025-12-02'))
      .thenThrows('PROCEDURE_CLOSED', /01\/12\/2025/);
    given(opened(), withdrawn()).when(notice('2025-10-10')).thenThrows('PROCEDURE_CLOSED');
  });
});

describe('RecordDefence', () => {
  it('records a defence received within the response period', () => {
    given(opened(), noticeSent())
      .when(defence('2025-10-25', 'Pas de place en FLE près de chez moi.'))
      .then([defenceReceived('2025-10-25', false)]);
  });

  it('records a defence on the last day of the response period as in time', () => {
    const [event] = given(opened(), noticeSent()).when(defence('2025-11-09')).events();
    expect(event).toMatchObject({ data: { late: false, summary: null } });
  });

  it('records a late defence, marked late (the officer still weighs it)', () => {
    const [event] = given(opened(), noticeSent()).when(defence('2025-11-10')).events();
    expect(event).toMatchObject({ data: { late: true } });
  });

  it('stores a blank summary as null', () => {
    const [event] = given(opened(), noticeSent()).when(defence('2025-10-25', '   ')).events();
    expect((event as Extract<SanctionEvent, { type: 'SanctionDefenceReceived' }>).data.summary).toBeNull();
  });

  it('accepts several defences (written defence, then a hearing)', () => {
    const state = given(opened(), noticeSent(), defenceReceived('2025-10-25'))
      .when(defence('2025-11-03'))
      .state();
    expect(state).toMatchObject({ defences: [{ receivedOn: '2025-10-25' }, { receivedOn: '2025-11-03' }] });
  });

  it('refuses a defence before any notice (NOTICE_NOT_SENT)', () => {
    given(opened()).when(defence('2025-10-05')).thenThrows('NOTICE_NOT_SENT');
  });

  it('refuses a defence after the decision (ALREADY_DECIDED)', () => {
    given(opened(), noticeSent(), dismissed()).when(defence('2025-11-25')).thenThrows('ALREADY_DECIDED');
  });

  it('refuses a defence dated before the notice (DATE_BEFORE_PREVIOUS_STEP)', () => {
    given(opened(), noticeSent()).when(defence('2025-10-09')).thenThrows('DATE_BEFORE_PREVIOUS_STEP');
  });

  it('refuses a defence dated in the future (DATE_IN_FUTURE)', () => {
    given(opened(), noticeSent()).when(defence('2026-07-01')).thenThrows('DATE_IN_FUTURE');
  });

  it('refuses a defence on a closed procedure (PROCEDURE_CLOSED)', () => {
    given(opened(), noticeSent(), dismissed(), closed())
      .when(defence('2026-02-01'))
      .thenThrows('PROCEDURE_CLOSED');
  });
});
