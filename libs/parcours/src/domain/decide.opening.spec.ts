import type { ParcoursCommand } from './commands';
import {
  PARCOURS_ID,
  TODAY,
  attestation,
  bilanSocial,
  certification,
  citizenshipHours,
  close,
  convention,
  ctx,
  dispense,
  endSuspension,
  evaluation,
  extension,
  frenchHours,
  given,
  historyOf,
  ispHours,
  nationalityDossier,
  open,
  positioning,
  presentation,
  proof,
  rightsAndDuties,
  suspension,
  transfer,
  unavailability,
} from './__tests__/fixtures';

describe('OpenParcours', () => {
  it('opens the parcours with the person, the dates and the computed obligation', () => {
    given([])
      .when(open({ person: { niss: '90050400158' } }))
      .then([
        {
          type: 'ParcoursOpened',
          data: {
            parcoursId: PARCOURS_ID,
            openedOn: TODAY,
            person: {
              lastName: 'El Amrani',
              firstName: 'Samira',
              birthDate: '1990-05-04',
              nationality: 'MA',
              niss: '90050400158',
              sex: 'F',
              contactLanguage: 'ar',
            },
            criCode: 'CAI',
            communeCode: '92094',
            communeRegistrationDate: '2025-02-15',
            cardOrderDate: '2025-03-10',
            legalStaySince: '2025-01-20',
            residencePermit: { type: 'A', validUntil: '2030-03-10' },
            flags: {
              euFamilyMember: false,
              temporaryProtection: false,
              internationalProtectionApplicant: false,
            },
            accompagnateurId: 'cai.aline',
            obligation: 'obliged',
            obligationReasons: [{ code: 'PRIMO_ARRIVANT', label: expect.stringContaining('art. 150, 4°') }],
            obligationFacts: { exclusions: [], automaticDispenses: [], assumptions: [] },
            adultAtOpening: true,
            regimeId: '2025',
          },
        },
      ]);
  });

  it('accepts the minimal body of the API (optional fields missing)', () => {
    const [event] = given([])
      .when({
        type: 'OpenParcours',
        data: {
          parcoursId: PARCOURS_ID,
          person: { lastName: 'Doe', firstName: 'Jane', birthDate: '1985-01-01', nationality: 'CD' },
          criCode: 'CRIPEL',
          communeCode: '62063',
          communeRegistrationDate: '2025-09-01',
        },
      })
      .thenEvents();
    expect(event.type).toBe('ParcoursOpened');
    if (event.type !== 'ParcoursOpened') return;
    expect(event.data).toMatchObject({
      cardOrderDate: null,
      legalStaySince: null,
      residencePermit: null,
      flags: { euFamilyMember: false, temporaryProtection: false, internationalProtectionApplicant: false },
      accompagnateurId: null,
      obligation: 'voluntary',
      regimeId: null,
      person: { niss: null, sex: null, contactLanguage: null },
    });
  });

  it.each([
    ['Liège (62063) by the CAI', { criCode: 'CAI', communeCode: '62063' }, 'CRIPEL'],
    ['Mouscron (57096) by the CeRAIC', { criCode: 'CERAIC', communeCode: '57096' }, 'CIMB'],
    ['La Louvière (58001) by the CIMB', { criCode: 'CIMB', communeCode: '58001' }, 'CERAIC'],
  ])('refuses %s: another CRI covers it', (_label, overrides, expectedCri) => {
    expect(() => given([]).when(open(overrides)).thenEvents()).toThrow(
      expect.objectContaining({
        code: 'COMMUNE_NOT_IN_CRI_TERRITORY',
        facts: expect.objectContaining({ expectedCri }),
      }),
    );
  });

  it('refuses a commune of the German-speaking region (Eupen)', () => {
    given([])
      .when(open({ criCode: 'CRVI', communeCode: '63023' }))
      .thenThrows('COMMUNE_OUT_OF_REGION');
  });

  it('refuses a second opening of the same stream', () => {
    given(historyOf([open()]))
      .when(open())
      .thenThrows('PARCOURS_ALREADY_EXISTS');
  });

  it.each([
    ['birth date in the future', { person: { birthDate: '2026-06-02' } }, 'DATE_IN_FUTURE'],
    ['registration in the future', { communeRegistrationDate: '2026-06-02' }, 'DATE_IN_FUTURE'],
    ['card order in the future', { cardOrderDate: '2026-07-01' }, 'DATE_IN_FUTURE'],
    ['legal stay start in the future', { legalStaySince: '2026-07-01' }, 'DATE_IN_FUTURE'],
  ])('refuses %s', (_label, overrides, code) => {
    given([])
      .when(open(overrides as Parameters<typeof open>[0]))
      .thenThrows(code);
  });
});

describe('a command on a parcours that does not exist', () => {
  const commands: [string, ParcoursCommand][] = [
    ['presentation', presentation('2025-04-01')],
    ['rights and duties', rightsAndDuties('2025-04-01')],
    ['bilan social', bilanSocial('2025-04-01')],
    ['positioning', positioning('2025-04-01')],
    ['convention', convention('2025-05-01')],
    ['french hours', frenchHours('2025-06-01', '2025-06-30', 20)],
    ['certification', certification('2025-06-01')],
    ['citizenship hours', citizenshipHours('2025-06-01', '2025-06-30', 20)],
    ['isp hours', ispHours('2025-06-01', 4)],
    ['evaluation', evaluation('2025-11-01')],
    ['dispense', dispense('D2', '2025-06-01')],
    ['extension', extension('2025-06-01', '2029-01-01')],
    ['suspension', suspension('2025-06-01')],
    ['end of suspension', endSuspension('2025-07-01')],
    ['training unavailability', unavailability('french', '2025-06-01')],
    ['attestation', attestation('2026-01-01')],
    ['transfer', transfer('CRIPEL', '62063', '2025-06-01')],
    ['closure', close('2025-06-01')],
    ['nationality dossier', nationalityDossier('2025-06-01')],
    ['nationality proof', proof('legal-stay', '2025-06-01')],
  ];
  it.each(commands)('%s → PARCOURS_NOT_FOUND', (_label, command) => {
    given([]).when(command).thenThrows('PARCOURS_NOT_FOUND');
  });

  it('rejects an invalid injected clock as a programming error', () => {
    expect(() => given([]).when(open(), ctx('01/06/2026')).thenEvents()).toThrow('DecideContext.today');
  });
});
