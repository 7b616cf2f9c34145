/**
 * The shape of every sanction command is checked here, at the boundary, and only here: the domain receives
 * typed commands and checks rules (docs/decisions/0015-decider-shape.md). These are the malformed inputs the
 * sanction specs used to feed `decideSanction`; each is refused with a 400 naming the field.
 */
import { fieldsRefused } from '../http/__tests__/fields-refused';
import {
  AppealOutcomeDto,
  DecisionDto,
  NoticeDto,
  OpenSanctionDto,
  PaymentDto,
  WithdrawalDto,
} from './sanctions.dto';

const PARCOURS_ID = '5b0c6a0e-4a4e-4b7e-9a55-1c1d2e3f4a5b';

describe('sanction command bodies: shape is checked at the boundary', () => {
  it('accepts the valid bodies used below as the base of each case', async () => {
    expect(
      await fieldsRefused(OpenSanctionDto, {
        parcoursId: PARCOURS_ID,
        breach: 'attestation',
        reportedOn: '2025-10-01',
      }),
    ).toEqual([]);
    expect(await fieldsRefused(NoticeDto, { sentOn: '2025-10-10', respondBy: '2025-11-09' })).toEqual([]);
    expect(
      await fieldsRefused(DecisionDto, { decidedOn: '2025-11-20', outcome: 'fine', amount: 150.5 }),
    ).toEqual([]);
    expect(await fieldsRefused(PaymentDto, { paidOn: '2025-12-15', amount: 0.01 })).toEqual([]);
    expect(
      await fieldsRefused(AppealOutcomeDto, { decidedOn: '2026-01-10', outcome: 'reduced', amount: 250 }),
    ).toEqual([]);
    expect(
      await fieldsRefused(WithdrawalDto, { withdrawnOn: '2025-10-05', reason: 'Ouverte par erreur' }),
    ).toEqual([]);
  });

  it.each(['2025-02-30', '01/10/2025', ''])('refuses the report date %p', async (reportedOn) => {
    expect(
      await fieldsRefused(OpenSanctionDto, { parcoursId: PARCOURS_ID, breach: 'attestation', reportedOn }),
    ).toEqual(['reportedOn']);
  });

  it('refuses an unknown breach', async () => {
    expect(
      await fieldsRefused(OpenSanctionDto, {
        parcoursId: PARCOURS_ID,
        breach: 'lateness',
        reportedOn: '2025-10-01',
      }),
    ).toEqual(['breach']);
  });

  it('refuses an invalid sentOn or respondBy', async () => {
    expect(await fieldsRefused(NoticeDto, { sentOn: '2025-13-01' })).toEqual(['sentOn']);
    expect(await fieldsRefused(NoticeDto, { sentOn: '2025-10-10', respondBy: '2025-11-31' })).toEqual([
      'respondBy',
    ]);
  });

  it.each([0, -100, Number.NaN, Number.POSITIVE_INFINITY, 150.555])(
    'refuses the fine amount %p',
    async (amount) => {
      expect(await fieldsRefused(DecisionDto, { decidedOn: '2025-11-20', outcome: 'fine', amount })).toEqual([
        'amount',
      ]);
    },
  );

  it.each([0, -5, 10.001])('refuses the payment amount %p', async (amount) => {
    expect(await fieldsRefused(PaymentDto, { paidOn: '2025-12-15', amount })).toEqual(['amount']);
  });

  it('refuses a reduction on appeal to 0 (that is an annulment) and an unknown appeal outcome', async () => {
    expect(
      await fieldsRefused(AppealOutcomeDto, { decidedOn: '2026-01-10', outcome: 'reduced', amount: 0 }),
    ).toEqual(['amount']);
    expect(await fieldsRefused(AppealOutcomeDto, { decidedOn: '2026-01-10', outcome: 'quashed' })).toEqual([
      'outcome',
    ]);
  });

  it('refuses an unknown decision outcome or dismissal reason', async () => {
    expect(await fieldsRefused(DecisionDto, { decidedOn: '2025-11-20', outcome: 'warning' })).toEqual([
      'outcome',
    ]);
    expect(
      await fieldsRefused(DecisionDto, { decidedOn: '2025-11-20', outcome: 'dismissed', reason: 'forgiven' }),
    ).toEqual(['reason']);
  });

  it.each(['', ' '])('refuses a withdrawal reason %p (a reason is required)', async (reason) => {
    expect(await fieldsRefused(WithdrawalDto, { withdrawnOn: '2025-10-05', reason })).toEqual(['reason']);
    expect(await fieldsRefused(WithdrawalDto, { withdrawnOn: '2025-10-05' })).toEqual(['reason']);
  });
});
