import type { ParcoursCommand } from './commands';
import type { ParcoursOpened } from './events';
import {
  PARCOURS_ID,
  stateOf,
  attestation,
  bilanSocial,
  certification,
  citizenshipHours,
  close,
  convention,
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
  readyForAttestation,
  rightsAndDuties,
  suspension,
  transfer,
  unavailability,
} from './__tests__/fixtures';

const opened = historyOf([open()]);

describe('AssignAccompagnateur', () => {
  const assign = (accompagnateurId: string): ParcoursCommand => ({
    type: 'AssignAccompagnateur',
    data: { accompagnateurId },
  });
  it('a transferred case arrives without accompagnateur; the new CRI assigns it', () => {
    const moved = stateOf([open(), transfer('CRIPEL', '62063', '2025-09-01')]);
    expect(moved.accompagnateurId).toBeNull();
    const h = historyOf([open(), transfer('CRIPEL', '62063', '2025-09-01')]);
    given(h)
      .when(assign('cripel.marc'))
      .then([
        {
          type: 'AccompagnateurAssigned',
          data: { parcoursId: PARCOURS_ID, accompagnateurId: 'cripel.marc', previousAccompagnateurId: null },
        },
      ]);
    expect(
      stateOf([open(), transfer('CRIPEL', '62063', '2025-09-01'), assign('cripel.marc')]).accompagnateurId,
    ).toBe('cripel.marc');
  });
  it('the same accompagnateur again records nothing; a closed case refuses', () => {
    expect(given(opened).when(assign('cai.aline')).thenEvents()).toEqual([]);
    given(historyOf([open(), close('2025-06-01')]))
      .when(assign('cai.bruno'))
      .thenThrows('PARCOURS_CLOSED');
  });
});

describe('TransferParcours', () => {
  it('moves the case to another CRI and re-evaluates the obligation', () => {
    given(opened)
      .when(transfer('CRIPEL', '62063', '2025-09-01'))
      .then([
        {
          type: 'ParcoursTransferred',
          data: {
            parcoursId: PARCOURS_ID,
            fromCri: 'CAI',
            toCri: 'CRIPEL',
            communeCode: '62063',
            date: '2025-09-01',
            obligation: 'obliged',
            obligationReasons: [{ code: 'PRIMO_ARRIVANT', label: expect.any(String) }],
            obligationFacts: { exclusions: [], automaticDispenses: [], assumptions: [] },
          },
        },
      ]);
  });
  it('a case opened in a German-speaking commune becomes obliged when moving into the French-language region', () => {
    // Opened there before v2 refused it (COMMUNE_OUT_OF_REGION): the event as it was recorded then.
    const [recorded] = historyOf([open({ criCode: 'CRVI', communeCode: '63079' })]) as [ParcoursOpened];
    const h = [
      {
        ...recorded,
        data: {
          ...recorded.data,
          communeCode: '63023',
          obligation: 'voluntary' as const,
          obligationFacts: {
            ...recorded.data.obligationFacts,
            exclusions: ['GERMAN_SPEAKING_COMMUNE' as const],
          },
        },
      },
    ];
    const [event] = given(h)
      .when(transfer('CRIPEL', '62063', '2025-09-01'))
      .thenEvents();
    expect(event).toMatchObject({ data: { obligation: 'obliged', obligationFacts: { exclusions: [] } } });
  });
  it('keeps recorded dispenses', () => {
    const [event] = given(historyOf([open(), dispense('D2', '2025-06-01')]))
      .when(transfer('CRIPEL', '62063', '2025-09-01'))
      .thenEvents();
    expect(event).toMatchObject({ data: { obligation: 'dispensed' } });
  });
  it('refuses a transfer to the same CRI', () => {
    given(opened)
      .when(transfer('CAI', '92094', '2025-09-01'))
      .thenThrows('TRANSFER_SAME_CRI');
  });
  it('refuses a German-speaking commune: that is a move out of the region (closure)', () => {
    given(opened)
      .when(transfer('CRVI', '63040', '2025-09-01'))
      .thenThrows('COMMUNE_OUT_OF_REGION');
  });
  it('refuses a commune outside the receiving CRI, naming the CRI that covers it', () => {
    expect(() =>
      given(opened)
        .when(transfer('CRIPEL', '63079', '2025-09-01'))
        .thenEvents(),
    ).toThrow(
      expect.objectContaining({
        code: 'COMMUNE_NOT_IN_CRI_TERRITORY',
        facts: {
          step: 'transfer',
          communeCode: '63079',
          communeName: 'Verviers',
          criCode: 'CRIPEL',
          expectedCri: 'CRVI',
        },
      }),
    );
  });
  it('refuses a date before the previous transfer', () => {
    given(historyOf([open(), transfer('CRIPEL', '62063', '2025-09-01')]))
      .when(transfer('CRVI', '63079', '2025-08-31'))
      .thenThrows('DATE_BEFORE_PREVIOUS_STEP');
  });
  it('refuses a future date', () => {
    given(opened)
      .when(transfer('CRIPEL', '62063', '2026-09-01'))
      .thenThrows('DATE_IN_FUTURE');
  });
  it('is possible after the attestation (nationality follow-up)', () => {
    expect(
      given(historyOf([...readyForAttestation(), attestation('2026-04-01')]))
        .when(transfer('CRIPEL', '62063', '2026-05-01'))
        .thenEvents(),
    ).toHaveLength(1);
  });
});

describe('CloseParcours', () => {
  it('closes the parcours', () => {
    given(opened)
      .when({
        type: 'CloseParcours',
        data: { date: '2025-09-01', reason: 'moved-out-of-region', note: 'Départ pour Bruxelles' },
      })
      .then([
        {
          type: 'ParcoursClosed',
          data: {
            parcoursId: PARCOURS_ID,
            date: '2025-09-01',
            reason: 'moved-out-of-region',
            note: 'Départ pour Bruxelles',
          },
        },
      ]);
  });
  it('refuses a future date', () => {
    given(opened).when(close('2026-06-02')).thenThrows('DATE_IN_FUTURE');
  });

  describe('nothing is recorded on a closed parcours', () => {
    const closed = historyOf([...readyForAttestation(), suspension('2026-04-01'), close('2026-05-01')]);
    const commands: [string, ParcoursCommand][] = [
      ['open', open()],
      ['presentation', presentation('2025-04-01')],
      ['rights and duties', rightsAndDuties('2025-04-01')],
      ['bilan social', bilanSocial('2025-04-08')],
      ['positioning', positioning('2025-04-08')],
      ['convention', convention('2025-05-15')],
      ['french hours', frenchHours('2025-06-01', '2025-06-30', 20)],
      ['certification', certification('2025-06-01')],
      ['citizenship hours', citizenshipHours('2025-06-01', '2025-06-30', 20)],
      ['isp hours', ispHours('2025-06-10', 4)],
      ['evaluation', evaluation('2025-11-01')],
      ['dispense', dispense('D2', '2025-06-01')],
      ['extension', extension('2025-06-01', '2029-01-01')],
      ['suspension', suspension('2025-06-01')],
      ['end of suspension', endSuspension('2026-05-01')],
      ['training unavailability', unavailability('french', '2025-06-01')],
      ['attestation', attestation('2026-04-01')],
      ['transfer', transfer('CRIPEL', '62063', '2026-05-02')],
      ['closure (again)', close('2026-05-01')],
      ['nationality dossier', nationalityDossier('2026-05-02')],
      ['nationality proof', proof('legal-stay', '2026-05-02')],
    ];
    it.each(commands)('%s', (label, command) => {
      const code = label === 'open' ? 'PARCOURS_ALREADY_EXISTS' : 'PARCOURS_CLOSED';
      const error = given(closed).when(command).thenThrows(code);
      if (code === 'PARCOURS_CLOSED') expect(error.detail).toBe('Parcours clôturé le 01/05/2026.');
    });
  });
});

describe('OpenNationalityDossier / AttachNationalityProof', () => {
  const attested = historyOf([...readyForAttestation(), attestation('2026-04-01')]);
  it('opens the dossier (basis 12bis §1 2° by default)', () => {
    given(attested)
      .when(nationalityDossier('2026-04-15'))
      .then([
        {
          type: 'NationalityDossierOpened',
          data: { parcoursId: PARCOURS_ID, openedOn: '2026-04-15', basis: '12bis-1-2' },
        },
      ]);
  });
  it('opening it again the same day changes nothing; another day is refused', () => {
    const h = historyOf([open(), nationalityDossier('2026-04-15')]);
    given(h).when(nationalityDossier('2026-04-15')).then([]);
    given(h).when(nationalityDossier('2026-04-16')).thenThrows('NATIONALITY_DOSSIER_ALREADY_OPEN');
  });
  it('attaches a proof, possibly older than the parcours', () => {
    given(historyOf([open(), nationalityDossier('2026-04-15')]))
      .when(proof('birth-certificate', '1990-05-10', 'Consulat du Maroc', 'Acte n° 123'))
      .then([
        {
          type: 'NationalityProofAttached',
          data: {
            parcoursId: PARCOURS_ID,
            kind: 'birth-certificate',
            issuer: 'Consulat du Maroc',
            date: '1990-05-10',
            reference: 'Acte n° 123',
          },
        },
      ]);
  });
  it('refuses a proof when the dossier is not open', () => {
    given(opened).when(proof('legal-stay', '2026-04-15')).thenThrows('NATIONALITY_DOSSIER_NOT_OPEN');
  });
  it('refuses a future date', () => {
    const h = historyOf([open(), nationalityDossier('2026-04-15')]);
    given(h).when(proof('legal-stay', '2026-06-02')).thenThrows('DATE_IN_FUTURE');
  });
});
