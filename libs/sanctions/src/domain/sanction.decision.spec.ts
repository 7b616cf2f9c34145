import type { DecideSanction } from './sanction.commands';
import type { TrainingUnavailabilityPeriod } from './parcours-facts';
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
} from './__tests__/sanction.fixtures';

const decide = (data: Partial<DecideSanction['data']>): DecideSanction => ({
  type: 'DecideSanction',
  data: { decidedOn: '2025-11-20', outcome: 'fine', ...data },
});
const fine = (amount: number | undefined, decidedOn = '2025-11-20') =>
  decide({ outcome: 'fine', amount, decidedOn });
const dismiss = (reason: DecideSanction['data']['reason'], comment?: string, decidedOn = '2025-11-20') =>
  decide({ outcome: 'dismissed', reason, comment, decidedOn });

const unavailable = (...periods: TrainingUnavailabilityPeriod[]) =>
  context({ parcours: { trainingUnavailability: periods } });

// Report 2025-10-01 on an attestation due 2025-09-01 (clock from 2024-03-01); notice 2025-10-10, answer by 2025-11-09.
const noticed = () => given(opened(), noticeSent());

describe('DecideSanction: fine', () => {
  it('imposes a fine once the response period has elapsed, recording the regime and its range', () => {
    noticed()
      .when(fine(500))
      .then([fineImposed(500)]);
  });

  it('keeps the motivation as a comment', () => {
    const [event] = noticed()
      .when(decide({ amount: 250, comment: 'Aucune réponse.' }))
      .events();
    expect(event).toMatchObject({ data: { amount: 250, comment: 'Aucune réponse.' } });
  });

  it('imposes a fine before the end of the response period when the defence was received', () => {
    given(opened(), noticeSent(), defenceReceived('2025-10-25'))
      .when(fine(300, '2025-10-28'))
      .then([fineImposed(300, '2025-10-28')]);
  });

  it.each([100, 2500, 1234.5])('accepts %p €, inside the range of the regime', (amount) => {
    noticed()
      .when(fine(amount))
      .then([fineImposed(amount)]);
  });

  it.each([99.99, 2500.01, 5000])(
    'refuses %p € (FINE_OUT_OF_RANGE), saying the range in French',
    (amount) => {
      noticed()
        .when(fine(amount))
        .thenThrows('FINE_OUT_OF_RANGE', /entre 100\u00a0€ et 2\u00a0500\u00a0€ \(régime 2018\)/);
    },
  );

  it('reads the range from the regime of the parcours', () => {
    noticed()
      .when(fine(150), context({ parcours: { fineRange: { min: 200, max: 1000 }, regimeId: '2025' } }))
      .thenThrows('FINE_OUT_OF_RANGE', /entre 200\u00a0€ et 1\u00a0000\u00a0€ \(régime 2025\)/);
  });

  it('refuses a fine without an amount (FINE_AMOUNT_REQUIRED)', () => {
    noticed().when(fine(undefined)).thenThrows('FINE_AMOUNT_REQUIRED');
  });

  it('refuses a fine with a dismissal reason (INVALID_DECISION)', () => {
    noticed()
      .when(decide({ amount: 500, reason: 'other' }))
      .thenThrows('INVALID_DECISION');
  });

  it('refuses a fine on the last day of the response period without a defence (RESPONSE_PERIOD_NOT_ELAPSED)', () => {
    noticed()
      .when(fine(500, '2025-11-09'))
      .thenThrows('RESPONSE_PERIOD_NOT_ELAPSED', /09\/11\/2025/);
  });

  it('accepts a fine the day after the response period', () => {
    noticed()
      .when(fine(500, '2025-11-10'))
      .then([fineImposed(500, '2025-11-10')]);
  });

  it('refuses a decision before the notice (NOTICE_NOT_SENT)', () => {
    given(opened()).when(fine(500, '2025-10-20')).thenThrows('NOTICE_NOT_SENT');
    given(opened())
      .when(dismiss('regularised', undefined, '2025-10-20'))
      .thenThrows('NOTICE_NOT_SENT');
  });

  it('refuses a second decision (ALREADY_DECIDED)', () => {
    given(opened(), noticeSent(), fineImposed()).when(fine(600, '2025-11-21')).thenThrows('ALREADY_DECIDED');
    given(opened(), noticeSent(), dismissed()).when(fine(600, '2025-11-21')).thenThrows('ALREADY_DECIDED');
  });

  it('refuses a decision dated before the last defence (DATE_BEFORE_PREVIOUS_STEP)', () => {
    given(opened(), noticeSent(), defenceReceived('2025-11-15'))
      .when(fine(500, '2025-11-14'))
      .thenThrows('DATE_BEFORE_PREVIOUS_STEP');
  });

  it('refuses a decision dated in the future (DATE_IN_FUTURE)', () => {
    noticed().when(fine(500, '2026-07-01')).thenThrows('DATE_IN_FUTURE');
  });

  it('refuses a decision on a closed procedure (PROCEDURE_CLOSED)', () => {
    given(opened(), noticeSent(), dismissed(), closed())
      .when(fine(500, '2026-02-01'))
      .thenThrows('PROCEDURE_CLOSED');
  });
});

describe('DecideSanction: art. 152/8 CWASS, no fine when the Region did not provide the training', () => {
  it('refuses a fine when a French place was missing during the attestation period (TRAINING_UNAVAILABLE)', () => {
    noticed()
      .when(fine(500), unavailable({ axis: 'french', from: '2024-09-01', to: '2025-01-31' }))
      .thenThrows(
        'TRAINING_UNAVAILABLE',
        /Formation français \(FLE\) indisponible du 01\/09\/2024 au 31\/01\/2025/,
      );
  });

  it.each([
    ['citizenship', '2025-08-01', '2025-08-31'],
    ['isp', '2024-03-01', '2024-03-01'],
    ['french', '2025-09-01', '2025-12-31'],
    ['french', '2023-01-01', '2024-03-01'],
    ['citizenship', '2024-12-01', null],
  ] as const)('any axis overlapping the period counts: %s from %s to %s', (axis, from, to) => {
    noticed().when(fine(500), unavailable({ axis, from, to })).thenThrows('TRAINING_UNAVAILABLE');
  });

  it('says when the period has no end', () => {
    noticed()
      .when(fine(500), unavailable({ axis: 'isp', from: '2025-06-01', to: null }))
      .thenThrows('TRAINING_UNAVAILABLE', /sans date de fin/);
  });

  it.each([
    ['ended before the clock started', '2023-01-01', '2024-02-29'],
    ['started after the due date', '2025-09-02', '2025-12-31'],
    ['open-ended, started after the due date', '2025-10-15', null],
  ] as const)('does not block a fine for a period that %s', (_label, from, to) => {
    noticed()
      .when(fine(500), unavailable({ axis: 'french', from, to }))
      .then([fineImposed(500)]);
  });

  it('blocks the fine even when the period was recorded after the report (facts are read at decision time)', () => {
    noticed()
      .when(fine(500), unavailable({ axis: 'french', from: '2025-01-01', to: '2025-03-01' }))
      .thenThrows('TRAINING_UNAVAILABLE');
  });

  it('takes the period from the deadline recorded at the report, not from later changes to the parcours', () => {
    given(
      opened({ deadline: { anchorOn: '2024-03-01', dueOn: '2025-06-30', explanation: [] } }),
      noticeSent(),
    )
      .when(fine(500), unavailable({ axis: 'french', from: '2025-07-01', to: '2025-08-31' }))
      .then([fineImposed(500)]);
  });

  it('blocks from the first day when the anchor of the deadline is unknown', () => {
    given(opened({ deadline: { anchorOn: null, dueOn: '2025-09-01', explanation: [] } }), noticeSent())
      .when(fine(500), unavailable({ axis: 'french', from: '2020-01-01', to: '2020-02-01' }))
      .thenThrows('TRAINING_UNAVAILABLE');
  });

  it('does not apply to a presentation breach: presenting needs no training', () => {
    given(
      opened({
        breach: 'presentation',
        reportedOn: '2024-05-01',
        deadline: { anchorOn: '2024-01-15', dueOn: '2024-04-15', explanation: [] },
      }),
      noticeSent('2024-05-02', '2024-06-01'),
    )
      .when(fine(200, '2024-06-10'), unavailable({ axis: 'french', from: '2024-01-01', to: null }))
      .then([fineImposed(200, '2024-06-10')]);
  });

  it('comes before the other checks on a fine (no amount could be right)', () => {
    noticed()
      .when(fine(undefined, '2025-10-15'), unavailable({ axis: 'french', from: '2024-09-01', to: null }))
      .thenThrows('TRAINING_UNAVAILABLE');
  });

  it('lets the officer dismiss the procedure for that reason', () => {
    noticed()
      .when(dismiss('training-unavailable'), unavailable({ axis: 'french', from: '2024-09-01', to: null }))
      .then([dismissed('training-unavailable')]);
  });
});

describe('DecideSanction: dismissal', () => {
  it.each(['regularised', 'dispensed', 'training-unavailable'] as const)(
    'dismisses with the reason %s',
    (reason) => {
      noticed()
        .when(dismiss(reason))
        .then([dismissed(reason)]);
    },
  );

  it("dismisses with reason 'other' when it is explained", () => {
    noticed()
      .when(dismiss('other', 'Personne décédée'))
      .then([dismissed('other', '2025-11-20', 'Personne décédée')]);
  });

  it('may dismiss before the end of the response period (it only favours the person)', () => {
    noticed()
      .when(dismiss('regularised', undefined, '2025-10-11'))
      .then([dismissed('regularised', '2025-10-11')]);
  });

  it('refuses a dismissal without a reason (DISMISSAL_REASON_REQUIRED)', () => {
    noticed().when(dismiss(undefined)).thenThrows('DISMISSAL_REASON_REQUIRED');
  });

  it("refuses reason 'other' without an explanation (DISMISSAL_REASON_REQUIRED)", () => {
    noticed().when(dismiss('other')).thenThrows('DISMISSAL_REASON_REQUIRED', /autre/);
    noticed().when(dismiss('other', '  ')).thenThrows('DISMISSAL_REASON_REQUIRED');
  });

  it('refuses an amount with a dismissal (INVALID_DECISION)', () => {
    noticed()
      .when(decide({ outcome: 'dismissed', reason: 'regularised', amount: 100 }))
      .thenThrows('INVALID_DECISION');
  });


  it('names the procedure in every event', () => {
    const [event] = noticed().when(dismiss('regularised')).events();
    expect(event.data.procedureId).toBe(PROCEDURE_ID);
  });
});
