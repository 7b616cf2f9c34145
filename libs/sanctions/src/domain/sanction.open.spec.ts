import { decideSanction } from './decide';
import { initialSanctionState } from './sanction.state';
import {
  PARCOURS_ID,
  PROCEDURE_ID,
  attestationDeadline,
  closed,
  context,
  dismissed,
  given,
  noticeSent,
  opened,
  presentationDeadline,
} from './__tests__/sanction.fixtures';
import type { OpenSanctionProcedure } from './sanction.commands';

const open = (data: Partial<OpenSanctionProcedure['data']> = {}): OpenSanctionProcedure => ({
  type: 'OpenSanctionProcedure',
  data: {
    procedureId: PROCEDURE_ID,
    parcoursId: PARCOURS_ID,
    breach: 'attestation',
    reportedOn: '2025-10-01',
    ...data,
  },
});

describe('OpenSanctionProcedure', () => {
  it('opens a procedure for an overdue attestation and records the deadline as it stood', () => {
    given().when(open()).then([opened()]);
  });

  it('opens a procedure for a presentation not made in time (presented only after the report)', () => {
    given()
      .when(open({ breach: 'presentation', reportedOn: '2024-05-01' }))
      .then([
        opened({
          breach: 'presentation',
          reportedOn: '2024-05-01',
          deadline: {
            anchorOn: '2024-01-15',
            dueOn: '2024-04-15',
            explanation: ["3 mois après l'inscription à la commune du 15/01/2024 → 15/04/2024"],
          },
        }),
      ]);
  });

  it('records the current CRI and regime of the parcours', () => {
    const events = given()
      .when(open(), context({ parcours: { criCode: 'CRIPEL', regimeId: '2025' } }))
      .events();
    expect(events[0]).toMatchObject({ data: { criCode: 'CRIPEL', regimeId: '2025' } });
  });

  it('accepts a report dated today', () => {
    given()
      .when(open({ reportedOn: '2026-06-30' }))
      .then([opened({ reportedOn: '2026-06-30' })]);
  });

  it('refuses to open the same procedure twice (PROCEDURE_ALREADY_EXISTS)', () => {
    given(opened()).when(open()).thenThrows('PROCEDURE_ALREADY_EXISTS');
    given(opened(), noticeSent(), dismissed(), closed('2025-12-01'))
      .when(open())
      .thenThrows('PROCEDURE_ALREADY_EXISTS');
  });

  it.each(['voluntary', 'dispensed'] as const)(
    'refuses a %s parcours (PARCOURS_NOT_OBLIGED)',
    (obligation) => {
      given()
        .when(open(), context({ parcours: { obligation } }))
        .thenThrows('PARCOURS_NOT_OBLIGED', obligation === 'dispensed' ? /dispensée/ : /volontairement/);
    },
  );

  it('refuses a closed parcours (PARCOURS_CLOSED)', () => {
    given()
      .when(open(), context({ parcours: { status: 'closed' } }))
      .thenThrows('PARCOURS_CLOSED');
  });

  it('refuses a report on the due date itself: the deadline runs through that day (BREACH_NOT_OVERDUE)', () => {
    given()
      .when(open({ reportedOn: '2025-09-01' }))
      .thenThrows('BREACH_NOT_OVERDUE', /01\/09\/2025 inclus/);
  });

  it('accepts a report the day after the due date', () => {
    expect(
      given()
        .when(open({ reportedOn: '2025-09-02' }))
        .events(),
    ).toHaveLength(1);
  });

  it('refuses a breach regularised before the report (BREACH_NOT_OVERDUE)', () => {
    given()
      .when(open({ breach: 'presentation', reportedOn: '2024-06-01' }))
      .thenThrows('BREACH_NOT_OVERDUE', /remplie le 20\/05\/2024/);
  });

  it('refuses a breach regularised on the report date itself', () => {
    given()
      .when(open({ breach: 'presentation', reportedOn: '2024-05-20' }))
      .thenThrows('BREACH_NOT_OVERDUE');
  });

  it('refuses when the parcours has no such deadline (BREACH_NOT_OVERDUE)', () => {
    given()
      .when(
        open(),
        context({
          parcours: {
            deadlines: {
              presentation: presentationDeadline(),
              attestation: attestationDeadline({ dueOn: null }),
            },
          },
        }),
      )
      .thenThrows('BREACH_NOT_OVERDUE', /pas de délai/);
  });

  it('refuses while the deadline is suspended (BREACH_NOT_OVERDUE)', () => {
    given()
      .when(
        open(),
        context({
          parcours: {
            deadlines: {
              presentation: presentationDeadline(),
              attestation: attestationDeadline({ suspended: true }),
            },
          },
        }),
      )
      .thenThrows('BREACH_NOT_OVERDUE', /suspendu/);
  });

  it('refuses a report dated in the future (DATE_IN_FUTURE)', () => {
    given()
      .when(open({ reportedOn: '2026-07-01' }))
      .thenThrows('DATE_IN_FUTURE', /01\/07\/2026/);
  });


  it('treats facts of another parcours as a programming error, not a refusal', () => {
    expect(() => decideSanction(open({ parcoursId: 'other' }), initialSanctionState, context())).toThrow(
      /ParcoursFacts of/,
    );
  });

  it('treats a bad context as a programming error', () => {
    expect(() => decideSanction(open(), initialSanctionState, { ...context(), today: 'today' })).toThrow(
      /today/,
    );
    expect(() =>
      decideSanction(open(), initialSanctionState, { ...context(), noticeResponseDays: 0 }),
    ).toThrow(/noticeResponseDays/);
  });
});

describe('commands on a procedure that does not exist', () => {
  it.each([
    { type: 'SendNotice', data: { sentOn: '2025-10-10' } },
    { type: 'RecordDefence', data: { receivedOn: '2025-10-10' } },
    {
      type: 'DecideSanction',
      data: { decidedOn: '2025-10-10', outcome: 'dismissed', reason: 'regularised' },
    },
    { type: 'RecordPayment', data: { paidOn: '2025-10-10' } },
    { type: 'RecordAppeal', data: { lodgedOn: '2025-10-10' } },
    { type: 'RecordAppealOutcome', data: { decidedOn: '2025-10-10', outcome: 'upheld' } },
    { type: 'WithdrawProcedure', data: { withdrawnOn: '2025-10-10', reason: 'erreur' } },
    { type: 'CloseProcedure', data: { closedOn: '2025-10-10' } },
  ] as const)('$type → PROCEDURE_NOT_FOUND', (command) => {
    given().when(command).thenThrows('PROCEDURE_NOT_FOUND');
  });
});
