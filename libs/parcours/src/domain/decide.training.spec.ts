import {
  PARCOURS_ID,
  attestation,
  certification,
  citizenshipHours,
  ctx,
  evaluation,
  frenchHours,
  given,
  historyOf,
  ispHours,
  open,
  presentation,
  readyForAttestation,
  rulesWith,
  throughConvention,
} from './__tests__/fixtures';

const signed = historyOf(throughConvention()); // convention signed 15/05/2025
const noConvention = historyOf([open(), presentation('2025-04-01')]);

describe('RecordFrenchHours', () => {
  it('records French hours attended over a period', () => {
    given(signed)
      .when(frenchHours('2025-06-01', '2025-06-30', 48, 'ILI Namur'))
      .then([
        {
          type: 'FrenchHoursRecorded',
          data: {
            parcoursId: PARCOURS_ID,
            operator: 'ILI Namur',
            from: '2025-06-01',
            to: '2025-06-30',
            hours: 48,
          },
        },
      ]);
  });
  it('the same hours again are recorded again (another attendance; retries are caught by the idempotency key)', () => {
    const h = historyOf([...throughConvention(), frenchHours('2025-06-01', '2025-06-30', 48)]);
    expect(
      given(h)
        .when(frenchHours('2025-06-01', '2025-06-30', 48))
        .thenEvents(),
    ).toHaveLength(1);
  });
  it('needs a convention', () => {
    given(noConvention)
      .when(frenchHours('2025-06-01', '2025-06-30', 48))
      .thenThrows('CONVENTION_REQUIRED');
  });
  it('hours before the convention do not count: refused', () => {
    given(signed)
      .when(frenchHours('2025-05-14', '2025-06-30', 48))
      .thenThrows('DATE_BEFORE_PREVIOUS_STEP');
  });
  it('refuses a period that ends before it starts', () => {
    given(signed)
      .when(frenchHours('2025-06-30', '2025-06-01', 10))
      .thenThrows('INVALID_PERIOD');
  });
  it('refuses a period ending in the future', () => {
    given(signed)
      .when(frenchHours('2026-05-01', '2026-06-30', 10))
      .thenThrows('DATE_IN_FUTURE');
  });
  it('refuses more hours than the period allows (10 h a day by default), accepts the bound', () => {
    given(signed)
      .when(frenchHours('2025-06-02', '2025-06-03', 20.5))
      .thenThrows('HOURS_IMPLAUSIBLE');
    expect(
      given(signed)
        .when(frenchHours('2025-06-02', '2025-06-03', 20))
        .thenEvents(),
    ).toHaveLength(1);
    given(signed)
      .when(frenchHours('2025-06-02', '2025-06-03', 17), ctx(undefined, rulesWith({ maxHoursPerDay: 8 })))
      .thenThrows('HOURS_IMPLAUSIBLE');
  });
  it('accepts hours after the attestation (training goes on; the attestation keeps its figures)', () => {
    const h = historyOf([...readyForAttestation(), attestation('2026-04-01')]);
    expect(
      given(h)
        .when(frenchHours('2026-04-02', '2026-05-30', 40))
        .thenEvents(),
    ).toHaveLength(1);
  });
  it('accepts hours when French is not in the convention (recorded for the nationality dossier)', () => {
    const h = historyOf(
      throughConvention().map((c) =>
        c.type === 'SignConvention' ? { ...c, data: { ...c.data, includesFrench: false } } : c,
      ),
    );
    expect(
      given(h)
        .when(frenchHours('2025-06-01', '2025-06-30', 20))
        .thenEvents(),
    ).toHaveLength(1);
  });
});

describe('RecordCitizenshipHours', () => {
  it('records citizenship hours with the language', () => {
    given(signed)
      .when(citizenshipHours('2025-06-01', '2025-07-15', 30, 'ar'))
      .then([
        {
          type: 'CitizenshipHoursRecorded',
          data: {
            parcoursId: PARCOURS_ID,
            operator: 'ILI Namur',
            from: '2025-06-01',
            to: '2025-07-15',
            hours: 30,
            language: 'ar',
          },
        },
      ]);
  });
  it('needs a convention', () => {
    given(noConvention)
      .when(citizenshipHours('2025-06-01', '2025-07-15', 30))
      .thenThrows('CONVENTION_REQUIRED');
  });
  it('refuses implausible hours', () => {
    given(signed)
      .when(citizenshipHours('2025-06-01', '2025-06-01', 11))
      .thenThrows('HOURS_IMPLAUSIBLE');
  });
  it('refuses an invalid period', () => {
    given(signed)
      .when(citizenshipHours('2025-06-01', '2025-05-31', 5))
      .thenThrows('INVALID_PERIOD');
  });
  it('refuses a date before the registration', () => {
    given(signed)
      .when(citizenshipHours('2025-01-01', '2025-06-30', 5))
      .thenThrows('DATE_BEFORE_REGISTRATION');
  });
});

describe('RecordIspHours', () => {
  it('records ISP orientation hours', () => {
    given(signed)
      .when(ispHours('2025-06-10', 4, 'Forem'))
      .then([
        {
          type: 'IspHoursRecorded',
          data: { parcoursId: PARCOURS_ID, provider: 'Forem', date: '2025-06-10', hours: 4 },
        },
      ]);
  });
  it('needs a convention', () => {
    given(noConvention).when(ispHours('2025-06-10', 4)).thenThrows('CONVENTION_REQUIRED');
  });
  it('refuses more than a day allows', () => {
    given(signed).when(ispHours('2025-06-10', 12)).thenThrows('HOURS_IMPLAUSIBLE');
  });
  it('refuses a date before the convention', () => {
    given(signed).when(ispHours('2025-05-01', 4)).thenThrows('DATE_BEFORE_PREVIOUS_STEP');
  });
});

describe('RecordFrenchCertification', () => {
  it('records a validated level', () => {
    given(signed)
      .when(certification('2025-12-01', 'A2', false, 'Promotion sociale'))
      .then([
        {
          type: 'FrenchLevelCertified',
          data: {
            parcoursId: PARCOURS_ID,
            date: '2025-12-01',
            level: 'A2',
            issuer: 'Promotion sociale',
            test: 'ELAO',
            oralOnly: false,
          },
        },
      ]);
  });
  it('does not need a convention, and may predate the registration (certificate obtained elsewhere in Belgium)', () => {
    expect(given(noConvention).when(certification('2024-06-01')).thenEvents()).toHaveLength(1);
  });
  it('the identical certification again changes nothing', () => {
    given(historyOf([...throughConvention(), certification('2025-12-01')]))
      .when(certification('2025-12-01'))
      .then([]);
  });
  it('refuses a future date', () => {
    given(signed).when(certification('2026-07-01')).thenThrows('DATE_IN_FUTURE');
  });
  it('is accepted after the attestation (A2 reached later, for the nationality dossier)', () => {
    const h = historyOf([...readyForAttestation(), attestation('2026-04-01')]);
    expect(given(h).when(certification('2026-05-01')).thenEvents()).toHaveLength(1);
  });
});

describe('RecordEvaluation', () => {
  it('records an evaluation interview', () => {
    given(signed)
      .when(evaluation('2025-11-10'))
      .then([
        {
          type: 'EvaluationRecorded',
          data: {
            parcoursId: PARCOURS_ID,
            date: '2025-11-10',
            convocation: 'registered-letter',
            attended: true,
            absenceJustified: null,
            notes: 'Bon suivi',
          },
        },
      ]);
  });
  it('records an absence and whether it was justified', () => {
    const [event] = given(signed)
      .when(evaluation('2025-11-10', false, true))
      .thenEvents();
    expect(event).toMatchObject({ data: { attended: false, absenceJustified: true } });
  });
  it('ignores "absence justified" when the person attended', () => {
    const [event] = given(signed)
      .when(evaluation('2025-11-10', true, true))
      .thenEvents();
    expect(event).toMatchObject({ data: { attended: true, absenceJustified: null } });
  });
  it('the same interview again changes nothing', () => {
    given(historyOf([...throughConvention(), evaluation('2025-11-10')]))
      .when(evaluation('2025-11-10'))
      .then([]);
  });
  it('needs a convention and cannot precede it', () => {
    given(noConvention).when(evaluation('2025-11-10')).thenThrows('CONVENTION_REQUIRED');
    given(signed).when(evaluation('2025-05-01')).thenThrows('DATE_BEFORE_PREVIOUS_STEP');
  });
  it('refuses a future date', () => {
    given(signed).when(evaluation('2026-06-02')).thenThrows('DATE_IN_FUTURE');
  });
});
