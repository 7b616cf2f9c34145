import type { ParcoursCommand } from './commands';
import {
  PARCOURS_ID,
  attestation,
  bilanSocial,
  certification,
  citizenshipHours,
  convention,
  ctx,
  dispense,
  frenchHours,
  given,
  historyOf,
  ispHours,
  open,
  positioning,
  presentation,
  readyForAttestation,
  rightsAndDuties,
  rulesWith,
  throughConvention,
} from './__tests__/fixtures';

const missingCodes = (commands: ParcoursCommand[], issuedOn = '2026-04-01', today?: string) =>
  (
    given(historyOf(commands, today))
      .when(attestation(issuedOn), today ? ctx(today) : undefined)
      .thenThrows('ATTESTATION_REQUIREMENTS_UNMET').missing as {
      code: string;
      label: string;
    }[]
  ).map((m) => m.code);

describe('IssueAttestation', () => {
  it('issues the attestation with hours per axis, French level, regime and convention', () => {
    given(historyOf(readyForAttestation()))
      .when(attestation('2026-04-01', 'CAI-2026-000123'))
      .then([
        {
          type: 'AttestationIssued',
          data: {
            parcoursId: PARCOURS_ID,
            issuedOn: '2026-04-01',
            attestationNumber: 'CAI-2026-000123',
            criCode: 'CAI',
            obligation: 'obliged',
            regime: { id: '2025', label: 'Régime 2025', source: 'décret du 14 mars 2024' },
            hours: { french: 400, citizenship: 60, isp: 4 },
            requiredHours: { french: 400, citizenship: 60, isp: 4 },
            frenchLevel: {
              level: 'A1',
              validatedBy: 'positioning',
              date: '2025-04-08',
              test: 'ELAO',
              issuer: null,
              oralOnly: false,
            },
            frenchValidation: 'hours',
            convention: {
              firstSignedOn: '2025-05-15',
              signedOn: '2025-05-15',
              includesFrench: true,
              includesIsp: false,
              ispRequired: true,
              citizenshipLanguage: 'fr',
            },
          },
        },
      ]);
  });

  it('A2 certified ends the French requirement whatever the hours (obligation of attendance OR level)', () => {
    const [event] = given(
      historyOf([
        ...throughConvention(),
        citizenshipHours('2025-06-01', '2025-09-30', 60),
        ispHours('2025-06-10', 4),
        frenchHours('2025-06-01', '2025-10-31', 120),
        certification('2025-11-15', 'A2'),
      ]),
    )
      .when(attestation('2025-12-01'))
      .thenEvents();
    expect(event).toMatchObject({
      data: {
        frenchValidation: 'certification',
        hours: { french: 120 },
        frenchLevel: { level: 'A2', validatedBy: 'certification', issuer: 'Forem' },
      },
    });
  });

  it('400 h without A2 is enough (attendance, not result)', () => {
    const [event] = given(historyOf(readyForAttestation())).when(attestation('2026-04-01')).thenEvents();
    expect(event).toMatchObject({ data: { frenchValidation: 'hours' } });
  });

  it('French not in the convention (positioning showed A2): no French requirement', () => {
    const commands = throughConvention().map((c) =>
      c.type === 'SignConvention' ? convention('2025-05-15', false) : c,
    );
    const [event] = given(
      historyOf([...commands, citizenshipHours('2025-06-01', '2025-09-30', 60), ispHours('2025-06-10', 4)]),
    )
      .when(attestation('2025-10-01'))
      .thenEvents();
    expect(event).toMatchObject({
      data: { frenchValidation: 'not-in-convention', requiredHours: { french: null } },
    });
  });

  it('lists everything missing when nothing was done', () => {
    const error = given(historyOf([open(), presentation('2025-04-01')]))
      .when(attestation('2026-04-01'))
      .thenThrows('ATTESTATION_REQUIREMENTS_UNMET');
    expect(error.missing).toEqual([
      { code: 'RIGHTS_AND_DUTIES', label: "Module d'accueil : information sur les droits et devoirs" },
      { code: 'BILAN_SOCIAL', label: "Module d'accueil : bilan social" },
      { code: 'FRENCH_POSITIONING', label: "Module d'accueil : test de positionnement en français" },
      { code: 'CONVENTION', label: "Convention d'accueil signée" },
      { code: 'CITIZENSHIP_HOURS', label: 'Formation à la citoyenneté : 0 h sur 60 h' },
    ]);
    expect(error.detail).toContain('Au 01/04/2026, il manque');
  });

  it('lists the hours still missing per axis', () => {
    const error = given(
      historyOf([
        ...throughConvention(),
        citizenshipHours('2025-06-01', '2025-09-30', 42.5),
        frenchHours('2025-06-01', '2025-12-31', 310),
        ispHours('2025-06-10', 2),
      ]),
    )
      .when(attestation('2026-04-01'))
      .thenThrows('ATTESTATION_REQUIREMENTS_UNMET');
    expect(error.missing).toEqual([
      { code: 'CITIZENSHIP_HOURS', label: 'Formation à la citoyenneté : 42,5 h sur 60 h' },
      { code: 'FRENCH_HOURS_OR_LEVEL', label: 'Français : 310 h sur 400 h, ou niveau A2 certifié' },
      { code: 'ISP_HOURS', label: 'Orientation socioprofessionnelle : 2 h sur 4 h' },
    ]);
  });

  it('an oral-only A2 does not end the French requirement of the parcours', () => {
    const commands = [
      ...throughConvention(),
      citizenshipHours('2025-06-01', '2025-09-30', 60),
      ispHours('2025-06-10', 4),
      certification('2025-11-15', 'A2', true),
    ];
    expect(missingCodes(commands)).toEqual(['FRENCH_HOURS_OR_LEVEL']);
  });

  it('a certificate below A2 does not end the French requirement', () => {
    const commands = [
      ...throughConvention(),
      citizenshipHours('2025-06-01', '2025-09-30', 60),
      ispHours('2025-06-10', 4),
      certification('2025-11-15', 'A1'),
    ];
    expect(missingCodes(commands)).toEqual(['FRENCH_HOURS_OR_LEVEL']);
  });

  it('only counts what happened on or before the issue date', () => {
    // French hours up to 31/03/2026; an attestation dated 01/03/2026 lacks the last 150 h.
    expect(missingCodes(readyForAttestation(), '2026-03-01')).toEqual(['FRENCH_HOURS_OR_LEVEL']);
  });

  describe('ISP orientation (4 h)', () => {
    const regime2018 = {
      communeRegistrationDate: '2020-09-01',
      cardOrderDate: '2020-10-01',
      legalStaySince: '2020-08-01',
      residencePermit: { type: 'A', validUntil: '2025-10-01' },
    };
    const steps = (signedOn: string, includesIsp: boolean): ParcoursCommand[] => [
      open(regime2018),
      presentation('2020-11-02'),
      rightsAndDuties('2020-11-02'),
      bilanSocial('2020-11-09'),
      positioning('2020-11-09', 'A2'),
      convention(signedOn, false, includesIsp),
      citizenshipHours('2021-06-01', '2021-09-30', 60),
    ];
    it('is required for a convention signed from 12/05/2021', () => {
      expect(missingCodes(steps('2021-05-12', false), '2021-10-01', '2022-01-01')).toEqual(['ISP_HOURS']);
    });
    it('is not required for a convention signed before, unless the convention includes it', () => {
      const [event] = given(historyOf(steps('2021-05-11', false), '2022-01-01'))
        .when(attestation('2021-10-01'), ctx('2022-01-01'))
        .thenEvents();
      expect(event).toMatchObject({
        data: { convention: { ispRequired: false }, requiredHours: { isp: null }, regime: { id: '2018' } },
      });
      expect(missingCodes(steps('2021-05-11', true), '2021-10-01', '2022-01-01')).toEqual(['ISP_HOURS']);
    });
    it('the date is configurable', () => {
      const rules = rulesWith({ isp: { requiredForConventionsSignedFrom: '2021-06-01' } });
      const h = historyOf(steps('2021-05-12', false), '2022-01-01', rules);
      expect(given(h).when(attestation('2021-10-01'), ctx('2022-01-01', rules)).thenEvents()).toHaveLength(1);
    });
  });

  it('applies the 2016 regime hours (120 h French, 20 h citizenship) by card order date', () => {
    const today = '2018-06-01';
    const commands: ParcoursCommand[] = [
      open({
        communeRegistrationDate: '2017-01-10',
        cardOrderDate: '2017-02-01',
        legalStaySince: '2016-12-01',
        residencePermit: { type: 'A', validUntil: '2022-01-01' },
      }),
      presentation('2017-03-01'),
      rightsAndDuties('2017-03-01'),
      bilanSocial('2017-03-08'),
      convention('2017-04-01', true, true),
      citizenshipHours('2017-04-10', '2017-06-30', 20),
      frenchHours('2017-04-10', '2017-12-31', 120),
      ispHours('2017-05-10', 4),
    ];
    const [event] = given(historyOf(commands, today))
      .when(attestation('2018-01-15'), ctx(today))
      .thenEvents();
    expect(event).toMatchObject({
      data: { regime: { id: '2016' }, requiredHours: { french: 120, citizenship: 20, isp: 4 } },
    });
  });

  it('a volunteer without card order date gets the requirements of the regime in force at the convention signature', () => {
    const commands = readyForAttestation({ cardOrderDate: null });
    const [event] = given(historyOf(commands)).when(attestation('2026-04-01')).thenEvents();
    expect(event).toMatchObject({
      data: {
        obligation: 'voluntary',
        regime: { id: '2025' },
        requiredHours: { french: 400, citizenship: 60 },
      },
    });
  });

  it('a dispensed person may still obtain the attestation', () => {
    const [event] = given(historyOf([...readyForAttestation(), dispense('D5', '2026-01-15', 'contrat')]))
      .when(attestation('2026-04-01'))
      .thenEvents();
    expect(event).toMatchObject({ data: { obligation: 'dispensed' } });
  });

  it('the same attestation again changes nothing; another one is refused', () => {
    const h = historyOf([...readyForAttestation(), attestation('2026-04-01', 'CAI-2026-000123')]);
    given(h).when(attestation('2026-04-01', 'CAI-2026-000123')).then([]);
    given(h).when(attestation('2026-04-02', 'CAI-2026-000124')).thenThrows('ATTESTATION_ALREADY_ISSUED');
  });

  it('refuses a future date', () => {
    const h = historyOf(readyForAttestation());
    given(h).when(attestation('2026-06-02')).thenThrows('DATE_IN_FUTURE');
  });
});
