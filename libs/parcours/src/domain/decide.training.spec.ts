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
  describe('hours entered twice (issue 16: 389 h became 519 h on an attestation)', () => {
    const once = [...throughConvention(), frenchHours('2025-06-01', '2025-06-30', 48)];
    const h = historyOf(once);
    const version = once.length + 0; // one event per command here: the hours are the last event

    it('refuses the same hours again, naming the entry already recorded', () => {
      const error = given(h)
        .when(frenchHours('2025-06-01', '2025-06-30', 48))
        .thenThrows('HOURS_OVERLAP');
      expect((error as unknown as { facts: unknown }).facts).toEqual({
        axis: 'french',
        existing: {
          operator: 'Promotion sociale Namur',
          from: '2025-06-01',
          to: '2025-06-30',
          hours: 48,
          version,
        },
      });
    });
    it('refuses an overlapping period of the same operator, typed differently (case, accents, spaces)', () => {
      given(h)
        .when(frenchHours('2025-06-20', '2025-07-10', 30, '  promotion SOCIALE   namur'))
        .thenThrows('HOURS_OVERLAP');
    });
    it('accepts the next period, and an overlapping one from another operator', () => {
      expect(
        given(h)
          .when(frenchHours('2025-07-01', '2025-07-31', 40))
          .thenEvents(),
      ).toHaveLength(1);
      expect(
        given(h)
          .when(frenchHours('2025-06-01', '2025-06-30', 48, 'Lire et Écrire'))
          .thenEvents(),
      ).toHaveLength(1);
    });
    it('records the overlap once the user confirms it, and the event says so', () => {
      const confirmed = frenchHours('2025-06-15', '2025-06-30', 12);
      const events = given(h)
        .when({ ...confirmed, data: { ...confirmed.data, overlapConfirmed: true } } as typeof confirmed)
        .thenEvents();
      expect(events).toEqual([
        expect.objectContaining({
          type: 'FrenchHoursRecorded',
          data: expect.objectContaining({ overlapConfirmed: true }),
        }),
      ]);
    });
    it('says nothing about confirmation when there was no overlap', () => {
      const next = frenchHours('2025-07-01', '2025-07-31', 40);
      const [event] = given(h)
        .when({ ...next, data: { ...next.data, overlapConfirmed: true } } as typeof next)
        .thenEvents();
      expect(event!.data).not.toHaveProperty('overlapConfirmed');
    });
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
  it('refuses hours of the same operator over an overlapping period', () => {
    const h = historyOf([...throughConvention(), citizenshipHours('2025-06-01', '2025-07-15', 30)]);
    given(h)
      .when(citizenshipHours('2025-07-01', '2025-07-31', 10))
      .thenThrows('HOURS_OVERLAP');
    expect(
      given(h)
        .when(citizenshipHours('2025-07-16', '2025-07-31', 10))
        .thenEvents(),
    ).toHaveLength(1);
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
  it('refuses a second session of the same provider on the same day, accepts another provider', () => {
    const h = historyOf([...throughConvention(), ispHours('2025-06-10', 2, 'Forem')]);
    given(h)
      .when(ispHours('2025-06-10', 2, 'FOREM'))
      .thenThrows('HOURS_OVERLAP');
    expect(
      given(h)
        .when(ispHours('2025-06-10', 2, 'CISP Namur'))
        .thenEvents(),
    ).toHaveLength(1);
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
