import {
  PARCOURS_ID,
  bilanSocial,
  convention,
  ctx,
  given,
  historyOf,
  open,
  positioning,
  presentation,
  rightsAndDuties,
  throughConvention,
  attestation,
  readyForAttestation,
} from './__tests__/fixtures';

const opened = historyOf([open()]);
const presented = historyOf([open(), presentation('2025-04-01')]);
const accueilDone = historyOf([
  open(),
  presentation('2025-04-01'),
  rightsAndDuties('2025-04-01'),
  bilanSocial('2025-04-08'),
  positioning('2025-04-08'),
]);

describe('RecordPresentation', () => {
  it("records the presentation at the bureau d'accueil", () => {
    given(opened)
      .when(presentation('2025-04-01'))
      .then([{ type: 'PresentationRecorded', data: { parcoursId: PARCOURS_ID, date: '2025-04-01' } }]);
  });
  it('the same date again changes nothing', () => {
    given(presented).when(presentation('2025-04-01')).then([]);
  });
  it('another date is refused (no silent correction)', () => {
    given(presented).when(presentation('2025-04-02')).thenThrows('STEP_ALREADY_RECORDED');
  });
  it('refuses a date in the future', () => {
    given(opened).when(presentation('2026-06-02')).thenThrows('DATE_IN_FUTURE');
  });
  it('accepts today', () => {
    given(opened).when(presentation('2026-06-01')).thenEvents();
  });
  it('refuses a date before the commune registration', () => {
    given(opened).when(presentation('2025-02-14')).thenThrows('DATE_BEFORE_REGISTRATION');
  });
});

describe('RecordRightsAndDuties', () => {
  it('records the information on rights and duties', () => {
    given(presented)
      .when(rightsAndDuties('2025-04-01'))
      .then([
        { type: 'RightsAndDutiesInformationGiven', data: { parcoursId: PARCOURS_ID, date: '2025-04-01' } },
      ]);
  });
  it('needs the presentation first', () => {
    given(opened).when(rightsAndDuties('2025-04-01')).thenThrows('PRESENTATION_REQUIRED');
  });
  it('cannot precede the presentation', () => {
    given(presented).when(rightsAndDuties('2025-03-31')).thenThrows('DATE_BEFORE_PREVIOUS_STEP');
  });
  it('same date again: nothing; another date: refused', () => {
    const h = historyOf([open(), presentation('2025-04-01'), rightsAndDuties('2025-04-02')]);
    given(h).when(rightsAndDuties('2025-04-02')).then([]);
    given(h).when(rightsAndDuties('2025-04-03')).thenThrows('STEP_ALREADY_RECORDED');
  });
  it('refuses a date in the future', () => {
    given(presented).when(rightsAndDuties('2026-06-02')).thenThrows('DATE_IN_FUTURE');
  });
});

describe('RecordBilanSocial', () => {
  it('records the bilan social with the needs', () => {
    given(presented)
      .when(bilanSocial('2025-04-08', ['logement', 'santé']))
      .then([
        {
          type: 'BilanSocialCompleted',
          data: { parcoursId: PARCOURS_ID, date: '2025-04-08', needs: ['logement', 'santé'] },
        },
      ]);
  });
  it('needs are optional', () => {
    given(presented)
      .when({ type: 'RecordBilanSocial', data: { date: '2025-04-08' } })
      .then([
        { type: 'BilanSocialCompleted', data: { parcoursId: PARCOURS_ID, date: '2025-04-08', needs: [] } },
      ]);
  });
  it('needs the presentation first', () => {
    given(opened).when(bilanSocial('2025-04-08')).thenThrows('PRESENTATION_REQUIRED');
  });
  it('the same date again changes nothing; a later bilan updates it; an earlier one is refused', () => {
    const h = historyOf([open(), presentation('2025-04-01'), bilanSocial('2025-04-08')]);
    given(h)
      .when(bilanSocial('2025-04-08', ['autre']))
      .then([]);
    expect(
      given(h)
        .when(bilanSocial('2025-10-08', ['emploi']))
        .thenEvents(),
    ).toHaveLength(1);
    given(h).when(bilanSocial('2025-04-07')).thenThrows('DATE_BEFORE_PREVIOUS_STEP');
  });
});

describe('RecordFrenchPositioning', () => {
  it('records the positioning test result', () => {
    given(presented)
      .when(positioning('2025-04-08', 'A1', 'ELAO'))
      .then([
        {
          type: 'FrenchPositioningRecorded',
          data: { parcoursId: PARCOURS_ID, date: '2025-04-08', level: 'A1', test: 'ELAO' },
        },
      ]);
  });
  it('a retest is recorded; the identical result again changes nothing', () => {
    given(accueilDone).when(positioning('2025-04-08', 'A1')).then([]);
    expect(given(accueilDone).when(positioning('2025-09-08', 'A2')).thenEvents()).toHaveLength(1);
  });
  it('needs the presentation first', () => {
    given(opened).when(positioning('2025-04-08')).thenThrows('PRESENTATION_REQUIRED');
  });
});

describe('SignConvention', () => {
  it('records the convention once the accueil is complete', () => {
    given(accueilDone)
      .when(convention('2025-05-15', true, false, 'fr'))
      .then([
        {
          type: 'ConventionSigned',
          data: {
            parcoursId: PARCOURS_ID,
            signedOn: '2025-05-15',
            includesFrench: true,
            includesIsp: false,
            citizenshipLanguage: 'fr',
            amendment: false,
          },
        },
      ]);
  });

  it('refuses a convention before the accueil is complete, listing what is missing', () => {
    const error = given(presented).when(convention('2025-05-15')).thenThrows('ACCUEIL_INCOMPLETE');
    expect(error.missing).toEqual([
      { code: 'RIGHTS_AND_DUTIES', label: 'Information sur les droits et devoirs' },
      { code: 'BILAN_SOCIAL', label: 'Bilan social' },
      { code: 'FRENCH_POSITIONING', label: 'Test de positionnement en français' },
    ]);
    expect(error.title).toBe("Le module d'accueil n'est pas terminé");
  });

  it('refuses a convention signed before an accueil step took place', () => {
    given(accueilDone).when(convention('2025-04-07')).thenThrows('ACCUEIL_INCOMPLETE');
  });

  it('does not require the positioning test under the 2016 regime (introduced in 2018)', () => {
    const h = historyOf(
      [
        open({
          communeRegistrationDate: '2017-01-10',
          cardOrderDate: '2017-02-01',
          legalStaySince: '2016-12-01',
          residencePermit: { type: 'A', validUntil: '2022-01-01' },
        }),
        presentation('2017-03-01'),
        rightsAndDuties('2017-03-01'),
        bilanSocial('2017-03-08'),
      ],
      '2017-06-01',
    );
    given(h).when(convention('2017-04-01'), ctx('2017-06-01')).thenEvents();
  });

  it('an amendment replaces the content; the identical convention again changes nothing', () => {
    const h = historyOf([...throughConvention()]);
    given(h).when(convention('2025-05-15', true)).then([]);
    const [event] = given(h).when(convention('2025-11-15', false)).thenEvents();
    expect(event).toMatchObject({
      type: 'ConventionSigned',
      data: { amendment: true, includesFrench: false },
    });
  });

  it('refuses an amendment dated before the convention in force', () => {
    given(historyOf(throughConvention()))
      .when(convention('2025-05-14', false))
      .thenThrows('DATE_BEFORE_PREVIOUS_STEP');
  });

  it('refuses a convention after the attestation', () => {
    given(historyOf([...readyForAttestation(), attestation('2026-04-01')]))
      .when(convention('2026-04-15', false))
      .thenThrows('ATTESTATION_ALREADY_ISSUED');
  });

  it('refuses a future signature date', () => {
    given(accueilDone).when(convention('2026-06-02')).thenThrows('DATE_IN_FUTURE');
  });
});
