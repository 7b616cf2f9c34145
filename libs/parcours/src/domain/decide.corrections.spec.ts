import fc from 'fast-check';
import { decide } from './decide';
import { deadlines } from './deadlines';
import type { EntryCancelled, ParcoursEvent } from './events';
import { evaluateRequirements } from './requirements';
import { defaultRuleConfig } from './rules';
import { evolve, foldParcours, initialParcoursState, type ParcoursState } from './state';
import {
  PARCOURS_ID,
  attestation,
  bilanSocial,
  cancelEntry,
  cancelLast,
  correctFacts,
  correctPerson,
  certification,
  citizenshipHours,
  convention,
  dispense,
  endSuspension,
  evaluation,
  extension,
  frenchHours,
  given,
  historyOf,
  ispHours,
  open,
  positioning,
  presentation,
  readyForAttestation,
  rightsAndDuties,
  stateOf,
  suspension,
  throughConvention,
  transfer,
  unavailability,
  type CommandStep,
} from './__tests__/fixtures';

const TODAY = '2026-06-01';

/** One command (or one built from the state) decided on a given state. */
const decideOne = (step: CommandStep, state: ParcoursState): ParcoursEvent[] =>
  decide(typeof step === 'function' ? step(state) : step, state, { today: TODAY, rules: defaultRuleConfig });

describe('CancelEntry', () => {
  it('records the cancellation of an hours entry, with its type, reason, note and the day', () => {
    const history = historyOf([...throughConvention(), frenchHours('2025-06-01', '2025-06-30', 40)]);
    given(history)
      .when(cancelEntry(7, 'duplicate', 'Saisie deux fois'))
      .then([
        {
          type: 'EntryCancelled',
          data: {
            parcoursId: PARCOURS_ID,
            version: 7,
            entryType: 'FrenchHoursRecorded',
            reason: 'duplicate',
            note: 'Saisie deux fois',
            cancelledOn: TODAY,
          },
        },
      ]);
  });

  it('the cancelled hours no longer count, and the history keeps both entries', () => {
    const state = stateOf([
      ...throughConvention(),
      frenchHours('2025-06-01', '2025-06-30', 40),
      cancelLast(),
    ]);
    expect(state.frenchHours).toEqual([]);
    expect(state.cancelled).toEqual([
      expect.objectContaining({
        version: 7,
        entryType: 'FrenchHoursRecorded',
        reason: 'entry-error',
        cancelledAtVersion: 8,
      }),
    ]);
    expect(state.journal.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(state.version).toBe(8);
  });

  it('a cancelled dispense gives the obligation back, also after a later move', () => {
    const withDispense = [open(), dispense('D5', '2025-03-01'), transfer('CRIPEL', '62063', '2025-04-01')];
    expect(stateOf(withDispense).obligation).toBe('dispensed');
    const cancelled = stateOf([...withDispense, cancelEntry(2)]);
    expect(cancelled.obligation).toBe('obliged');
    expect(cancelled.obligationHistory.map((h) => h.obligation)).toEqual(['obliged', 'obliged']);
    expect(cancelled.criCode).toBe('CRIPEL');
  });

  it('cancelling a suspension end reopens the suspension; the start cannot go before its end', () => {
    const base = [...throughConvention(), suspension('2025-07-01'), endSuspension('2025-07-10')];
    given(historyOf(base)).when(cancelEntry(7)).thenThrows('ENTRY_HAS_DEPENDENTS');
    const reopened = stateOf([...base, cancelEntry(8)]);
    expect(reopened.deadlineAdjustments).toEqual([
      expect.objectContaining({ kind: 'suspension', from: '2025-07-01', to: null }),
    ]);
    expect(stateOf([...base, cancelEntry(8), cancelEntry(7)]).deadlineAdjustments).toEqual([]);
  });

  it('refuses to cancel an entry others were recorded on: the presentation under the accueil, the convention under the hours', () => {
    const history = historyOf([...throughConvention(), frenchHours('2025-06-01', '2025-06-30', 40)]);
    const refused = given(history).when(cancelEntry(2)).thenThrows('ENTRY_HAS_DEPENDENTS');
    expect(refused).toMatchObject({ facts: { version: 2, dependents: [3, 4, 5, 6] } });
    expect(refused.detail).toBe(
      "Annulez d'abord la saisie n° 3, la saisie n° 4, la saisie n° 5, la saisie n° 6, enregistrée(s) sur la base de la saisie n° 2.",
    );
    expect(given(history).when(cancelEntry(6)).thenThrows('ENTRY_HAS_DEPENDENTS')).toMatchObject({
      facts: { dependents: [7] },
    });
    // A retest keeps the convention standing: one positioning of two can go.
    const retested = historyOf([...throughConvention(), positioning('2025-05-20', 'A2')]);
    expect(given(retested).when(cancelEntry(7)).thenEvents()).toHaveLength(1);
    expect(given(retested).when(cancelEntry(5)).thenEvents()).toHaveLength(1);
  });

  it('refuses what is not an entry to cancel, a version that does not exist, a second cancellation, and after the attestation', () => {
    const history = historyOf([...throughConvention(), evaluation('2025-11-10')]);
    expect(given(history).when(cancelEntry(1)).thenThrows('ENTRY_NOT_CANCELLABLE').detail).toContain(
      'La saisie n° 1 (Parcours ouvert)',
    );
    given(history).when(cancelEntry(99)).thenThrows('ENTRY_NOT_FOUND');
    const once = historyOf([...throughConvention(), evaluation('2025-11-10'), cancelEntry(7)]);
    given(once).when(cancelEntry(7)).thenThrows('ENTRY_ALREADY_CANCELLED');
    given(once).when(cancelEntry(8)).thenThrows('ENTRY_NOT_FOUND'); // a cancellation is not an entry
    const attested = historyOf([...readyForAttestation(), attestation('2026-04-01')]);
    given(attested).when(cancelEntry(8)).thenThrows('ATTESTATION_ALREADY_ISSUED');
    given(attested).when(cancelEntry(11)).thenThrows('ENTRY_NOT_CANCELLABLE');
  });

  it('an entry recorded after a cancellation keeps its own version', () => {
    const state = stateOf([
      ...throughConvention(),
      frenchHours('2025-06-01', '2025-06-30', 40),
      cancelLast(),
      frenchHours('2025-07-01', '2025-07-31', 30),
    ]);
    expect(state.frenchHours).toEqual([expect.objectContaining({ hours: 30, version: 9 })]);
  });
});

describe('CorrectFacts', () => {
  it('records the changed facts only, with the opening computed again', () => {
    const events = given(historyOf([open({ cardOrderDate: '2025-03-10' })]))
      .when(
        correctFacts(
          { cardOrderDate: '2025-02-10', legalStaySince: '2025-01-20' },
          'entry-error',
          'Lu sur la carte',
        ),
      )
      .thenEvents();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'CaseFactsCorrected',
        data: expect.objectContaining({
          correctedOn: TODAY,
          reason: 'entry-error',
          note: 'Lu sur la carte',
          changes: { cardOrderDate: { from: '2025-03-10', to: '2025-02-10' } },
          obligation: 'obliged',
        }),
      }),
    ]);
  });
  it('holds from the start: a dispense or a move recorded since is computed on the corrected facts', () => {
    const state = stateOf([
      open({ cardOrderDate: '2025-03-10' }),
      transfer('CRIPEL', '62063', '2025-09-01'),
      correctFacts({ cardOrderDate: '2025-02-10' }),
    ]);
    expect(state.cardOrderDate).toBe('2025-02-10');
    expect(state.criCode).toBe('CRIPEL');
    expect(state.factCorrections).toEqual([
      expect.objectContaining({
        kind: 'facts',
        version: 3,
        dates: { cardOrderDate: { from: '2025-03-10', to: '2025-02-10' } },
      }),
    ]);
    expect(
      deadlines(state, '2026-01-01', defaultRuleConfig).find((d) => d.kind === 'attestation')?.dueOn,
    ).toBe('2028-02-10');
  });
  it('records nothing when nothing changes; refuses after the attestation and the commune of a transferred case', () => {
    given(historyOf([open({ cardOrderDate: '2025-03-10' })]))
      .when(correctFacts({ cardOrderDate: '2025-03-10' }))
      .then([]);
    given(historyOf([...readyForAttestation(), attestation('2026-04-01')]))
      .when(correctFacts({ cardOrderDate: '2025-02-10' }))
      .thenThrows('ATTESTATION_ALREADY_ISSUED');
    given(historyOf([open(), transfer('CRIPEL', '62063', '2025-09-01')]))
      .when(correctFacts({ communeCode: '62096' }))
      .thenThrows('COMMUNE_CORRECTION_AFTER_TRANSFER');
    given(historyOf([open()]))
      .when(correctFacts({ cardOrderDate: '2027-01-01' }))
      .thenThrows('DATE_IN_FUTURE');
  });
});

describe('CorrectPerson', () => {
  it('a birth date corrected re-evaluates the automatic dispense (D4), from the start', () => {
    const dispensed = stateOf([open({ person: { birthDate: '1950-04-12' } })]);
    expect(dispensed.obligation).toBe('dispensed');
    const corrected = stateOf([
      open({ person: { birthDate: '1950-04-12' } }),
      correctPerson({ birthDate: '1990-04-12' }),
    ]);
    expect(corrected.obligation).toBe('obliged');
    expect(corrected.person?.birthDate).toBe('1990-04-12');
    expect(corrected.obligationHistory[0]).toMatchObject({ effectiveOn: null, obligation: 'obliged' });
  });
  it('keeps the correction when a later entry is cancelled, and records which fields changed', () => {
    const state = stateOf([
      ...throughConvention(),
      correctPerson({ firstName: 'Fatima', niss: null }, 'entry-error', 'Relu'),
      frenchHours('2025-06-01', '2025-06-30', 20),
      cancelLast(),
    ]);
    expect(state.person).toMatchObject({ firstName: 'Fatima', niss: null });
    expect(state.factCorrections).toEqual([
      expect.objectContaining({ kind: 'person', fields: ['firstName'] }), // niss was already null: not a change,
    ]);
    expect(state.frenchHours).toEqual([]);
  });
});

/**
 * The property of api.md v2: cancelling an entry gives the same obligation, requirements and deadlines as never
 * recording it — over generated histories, cancelling any entry that can be cancelled.
 */
describe('cancellation is the same as never recording the entry', () => {
  const steps: CommandStep[][] = [
    [presentation('2025-04-01')],
    [rightsAndDuties('2025-04-02')],
    [bilanSocial('2025-04-08')],
    [positioning('2025-04-08', 'A1')],
    [positioning('2025-04-20', 'A2')],
    [convention('2025-05-15', true)],
    [frenchHours('2025-06-01', '2025-09-30', 120)],
    [frenchHours('2025-10-01', '2025-12-31', 150)],
    [citizenshipHours('2025-06-01', '2025-08-30', 60)],
    [ispHours('2025-06-10', 4)],
    [certification('2025-11-15', 'A2')],
    [evaluation('2025-11-10')],
    [dispense('D5', '2025-09-01')],
    [extension('2025-12-01', '2028-12-01')],
    [suspension('2025-07-01', '2025-08-15')],
    [suspension('2026-01-05'), endSuspension('2026-02-01')],
    [unavailability('french', '2025-06-01', '2025-06-20')],
    [transfer('CRIPEL', '62063', '2026-02-15')],
  ];
  const compared = (state: ParcoursState) => ({
    obligation: state.obligation,
    obligationReasons: state.obligationReasons,
    requirements: evaluateRequirements(state, '2026-05-01', defaultRuleConfig),
    deadlines: deadlines(state, '2026-05-01', defaultRuleConfig),
    frenchHours: state.frenchHours.map(({ version: _v, ...rest }) => rest),
    citizenshipHours: state.citizenshipHours.map(({ version: _v, ...rest }) => rest),
    ispHours: state.ispHours.map(({ version: _v, ...rest }) => rest),
    dispenses: state.dispenses,
    deadlineAdjustments: state.deadlineAdjustments,
    convention: state.convention,
    criCode: state.criCode,
  });

  it('holds for every cancellable entry of 200 generated histories', () => {
    let cancellations = 0;
    fc.assert(
      fc.property(
        fc.subarray(
          steps.map((_, i) => i),
          { minLength: 3 },
        ),
        fc.nat(),
        (chosen, pick) => {
          // Decides the chosen steps in order, dropping the ones the rules refuse (as a user would see them refused),
          // and remembers which command recorded which version.
          const record = (commands: readonly CommandStep[]) => {
            const events: ParcoursEvent[] = [];
            const versionOfCommand: number[] = [];
            let state: ParcoursState = initialParcoursState;
            commands.forEach((step, index) => {
              try {
                for (const e of decideOne(step, state)) {
                  events.push(e);
                  state = evolve(state, e);
                  versionOfCommand[index] = state.version;
                }
              } catch {
                /* refused: not recorded */
              }
            });
            return { events, state, versionOfCommand };
          };
          const commands = [open(), ...chosen.flatMap((i) => steps[i])];
          const { events, state, versionOfCommand } = record(commands);
          const candidates = state.journal.filter((e) => e.version > 1).map((e) => e.version);
          if (candidates.length === 0) return;
          const target = candidates[pick % candidates.length];
          let cancellation: ParcoursEvent[];
          try {
            cancellation = decideOne(cancelEntry(target), state);
          } catch {
            return; // not cancellable (dependents, a transfer): nothing to compare
          }
          // Never recorded: the same commands decided again without the one that recorded the entry. Compared when
          // the other commands are decided alike: without the entry, a command refused before may be accepted (an
          // extension refused to a dispensed person) — a cancellation does not record what was refused.
          const without = commands
            .map((_, index) => index)
            .filter((index) => versionOfCommand[index] !== target);
          const never = record(without.map((index) => commands[index]));
          const recordedBefore = without.filter((index) => versionOfCommand[index] !== undefined);
          const recordedAgain = without.filter((_, i) => never.versionOfCommand[i] !== undefined);
          if (recordedAgain.join() !== recordedBefore.join()) return;
          cancellations += 1;
          const cancelled = foldParcours([...events, ...cancellation]);
          expect(compared(cancelled)).toEqual(compared(never.state));
          expect((cancellation[0] as EntryCancelled).data.version).toBe(target);
        },
      ),
      { numRuns: 200, seed: 20261208 },
    );
    expect(cancellations).toBeGreaterThan(100);
  });
});
