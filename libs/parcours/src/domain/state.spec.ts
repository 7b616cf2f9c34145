import type { ParcoursEvent } from './events';
import { evolve, foldParcours, initialParcoursState, stageOf } from './state';
import {
  PARCOURS_ID,
  attestation,
  close,
  convention,
  dispense,
  endSuspension,
  extension,
  historyOf,
  open,
  presentation,
  readyForAttestation,
  stateOf,
  suspension,
  throughConvention,
  transfer,
  unavailability,
} from './__tests__/fixtures';

describe('evolve', () => {
  it('starts from a state with status none', () => {
    expect(initialParcoursState.status).toBe('none');
    expect(initialParcoursState.obligation).toBeNull();
    expect(stageOf(initialParcoursState)).toBe('none');
  });

  it('folds a whole parcours', () => {
    const state = stateOf([...readyForAttestation(), attestation('2026-04-01')]);
    expect(state).toMatchObject({
      status: 'open',
      parcoursId: PARCOURS_ID,
      criCode: 'CAI',
      obligation: 'obliged',
      presentedOn: '2025-04-01',
      rightsAndDutiesOn: '2025-04-01',
      bilanSocial: { date: '2025-04-08', needs: ['logement', 'emploi'] },
      convention: {
        firstSignedOn: '2025-05-15',
        signedOn: '2025-05-15',
        includesFrench: true,
        amendments: 0,
      },
      attestation: { issuedOn: '2026-04-01', attestationNumber: 'CAI-2026-000123' },
    });
    expect(state.frenchHours.map((p) => p.hours)).toEqual([250, 150]);
    expect(state.citizenshipHours).toHaveLength(1);
    expect(state.ispHours).toHaveLength(1);
    expect(stageOf(state)).toBe('attestation-issued');
  });

  it('tracks the stage', () => {
    expect(stageOf(stateOf([open()]))).toBe('awaiting-presentation');
    expect(stageOf(stateOf([open(), presentation('2025-04-01')]))).toBe('accueil');
    expect(stageOf(stateOf(throughConvention()))).toBe('training');
    expect(stageOf(stateOf([open(), close('2025-04-01')]))).toBe('closed');
  });

  it('an amendment keeps the first signature date', () => {
    const state = stateOf([...throughConvention(), convention('2025-11-15', false, true)]);
    expect(state.convention).toMatchObject({
      firstSignedOn: '2025-05-15',
      signedOn: '2025-11-15',
      includesFrench: false,
      includesIsp: true,
      amendments: 1,
    });
  });

  it('keeps extensions and suspensions in recorded order and closes the open suspension', () => {
    const state = stateOf([
      open(),
      suspension('2026-01-01'),
      endSuspension('2026-01-31'),
      extension('2026-03-01', '2028-12-31'),
    ]);
    expect(state.deadlineAdjustments).toEqual([
      { kind: 'suspension', from: '2026-01-01', to: '2026-01-31', reason: 'pregnancy', evidence: null },
      {
        kind: 'extension',
        decidedOn: '2026-03-01',
        until: '2028-12-31',
        reason: 'illness',
        decidedBy: 'cri',
        evidence: 'certificat médical',
      },
    ]);
  });

  it('records the obligation history (opening, dispense, transfer)', () => {
    const state = stateOf([open(), dispense('D2', '2025-09-01'), transfer('CRIPEL', '62063', '2025-10-01')]);
    expect(state.obligationHistory.map((c) => [c.effectiveOn, c.obligation])).toEqual([
      [null, 'obliged'],
      ['2025-09-01', 'dispensed'],
      ['2025-10-01', 'dispensed'],
    ]);
    expect(state.criCode).toBe('CRIPEL');
    expect(state.transfers).toEqual([
      { date: '2025-10-01', fromCri: 'CAI', fromCommuneCode: '92094', toCri: 'CRIPEL', communeCode: '62063' },
    ]);
  });

  it('exposes training unavailability periods for the sanctions', () => {
    const state = stateOf([
      open(),
      unavailability('french', '2025-06-01'),
      unavailability('french', '2025-06-01', '2025-08-31'),
      unavailability('isp', '2025-07-01'),
    ]);
    expect(state.trainingUnavailability).toEqual([
      { axis: 'french', from: '2025-06-01', to: '2025-08-31' },
      { axis: 'isp', from: '2025-07-01', to: null },
    ]);
  });

  it('never throws and never validates: odd histories fold too', () => {
    const odd: ParcoursEvent[] = [
      { type: 'SuspensionEnded', data: { parcoursId: 'x', from: '2026-01-01', to: '2026-01-02' } },
      {
        type: 'NationalityProofAttached',
        data: { parcoursId: 'x', kind: 'other', issuer: 'x', date: '2026-01-01', reference: null },
      },
      {
        type: 'TrainingUnavailabilityEnded',
        data: { parcoursId: 'x', axis: 'isp', from: '2026-01-01', to: '2026-01-02' },
      },
      ...historyOf([open()]),
    ];
    expect(() => foldParcours(odd)).not.toThrow();
  });

  it('an unknown event type (newer writer) only advances the version', () => {
    const state = stateOf([open()]);
    expect(evolve(state, { type: 'SomethingNew', data: {} } as unknown as ParcoursEvent)).toEqual({
      ...state,
      version: 2,
    });
  });
});
