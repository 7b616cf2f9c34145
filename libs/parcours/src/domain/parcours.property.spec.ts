/**
 * Property tests: random command sequences, each decided against the state folded so far
 * (refused commands are dropped, accepted ones appended). Size (~410 lines): the generators and the
 * invariants they check belong together.
 */
import fc from 'fast-check';
import type { ParcoursCommand } from './commands';
import { addDays, isOnOrBefore } from '@app/calendar';
import { decide, type DecideContext } from './decide';
import { deadlines } from './deadlines';
import { DomainError } from './errors';
import type { ParcoursEvent } from './events';
import { evaluateNationalityDossier } from './nationality';
import { erasePersonalData } from './personal-data';
import { levelAtLeast, type CefrLevel } from './reference-data';
import { evaluateRequirements } from './requirements';
import { defaultRuleConfig, regimeForDate } from './rules';
import { evolve, foldParcours, initialParcoursState, type ParcoursState } from './state';
import {
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

const REGISTRATION = '2024-11-15';
const TODAY = '2029-12-31';
const context: DecideContext = { today: TODAY, rules: defaultRuleConfig };
const at = (offset: number) => addDays(REGISTRATION, offset);

const level = fc.constantFrom<CefrLevel>('A0', 'A1', 'A2', 'B1');

const openCommand = fc
  .record({
    nationality: fc.constantFrom('MA', 'MA', 'SY', 'CD', 'FR', 'TR'),
    cardOrderOffset: fc.option(fc.integer({ min: 0, max: 120 }), { freq: 6 }),
    birthDate: fc.constantFrom('1990-05-04', '1985-12-31', '1958-01-01', '2010-06-30'),
    // Communes of the CAI's territory: the fixture opens in the CAI, and opening elsewhere is refused.
    commune: fc.constantFrom('92094', '92094', '91005', '91013'),
    temporaryProtection: fc.constantFrom(false, false, false, true),
    euFamilyMember: fc.constantFrom(false, false, false, true),
    legalStayOffset: fc.option(fc.integer({ min: -1200, max: 0 }), { freq: 4 }),
  })
  .map((o) =>
    open({
      person: { nationality: o.nationality, birthDate: o.birthDate },
      communeCode: o.commune,
      communeRegistrationDate: REGISTRATION,
      cardOrderDate: o.cardOrderOffset === null ? null : at(o.cardOrderOffset),
      legalStaySince: o.legalStayOffset === null ? null : at(o.legalStayOffset),
      residencePermit: { type: 'A', validUntil: '2032-01-01' },
      flags: {
        euFamilyMember: o.euFamilyMember,
        temporaryProtection: o.temporaryProtection,
        internationalProtectionApplicant: false,
      },
    }),
  );

type Step = { offset: number; make: (date: string) => ParcoursCommand };
const offset = fc.integer({ min: -20, max: 1900 });
const step = (make: fc.Arbitrary<(date: string) => ParcoursCommand>): fc.Arbitrary<Step> =>
  fc.record({ offset, make });

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: step(fc.constant(presentation)) },
  { weight: 4, arbitrary: step(fc.constant(rightsAndDuties)) },
  { weight: 4, arbitrary: step(fc.constant((d: string) => bilanSocial(d))) },
  { weight: 4, arbitrary: step(level.map((l) => (d: string) => positioning(d, l))) },
  {
    weight: 4,
    arbitrary: step(
      fc.tuple(fc.boolean(), fc.boolean()).map(
        ([f, i]) =>
          (d: string) =>
            convention(d, f, i),
      ),
    ),
  },
  {
    weight: 8,
    arbitrary: step(
      fc.tuple(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 1, max: 400 })).map(
        ([len, h]) =>
          (d: string) =>
            frenchHours(d, addDays(d, len), Math.min(h, (len + 1) * 10)),
      ),
    ),
  },
  {
    weight: 6,
    arbitrary: step(
      fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 60 })).map(
        ([len, h]) =>
          (d: string) =>
            citizenshipHours(d, addDays(d, len), Math.min(h, (len + 1) * 10)),
      ),
    ),
  },
  { weight: 4, arbitrary: step(fc.integer({ min: 1, max: 6 }).map((h) => (d: string) => ispHours(d, h))) },
  {
    weight: 2,
    arbitrary: step(
      fc.tuple(level, fc.boolean()).map(
        ([l, oral]) =>
          (d: string) =>
            certification(d, l, oral),
      ),
    ),
  },
  {
    weight: 2,
    arbitrary: step(
      fc.boolean().map((attended) => (d: string) => evaluation(d, attended, attended ? null : true)),
    ),
  },
  {
    weight: 1,
    arbitrary: step(
      fc.constantFrom('D2', 'D3', 'D5', 'D6').map((c) => (d: string) => dispense(c as 'D2', d)),
    ),
  },
  {
    weight: 2,
    arbitrary: step(fc.integer({ min: 0, max: 1500 }).map((n) => (d: string) => extension(d, addDays(d, n)))),
  },
  {
    weight: 2,
    arbitrary: step(
      fc
        .option(fc.integer({ min: 0, max: 90 }))
        .map((len) => (d: string) => suspension(d, len === null ? null : addDays(d, len))),
    ),
  },
  { weight: 1, arbitrary: step(fc.constant(endSuspension)) },
  {
    weight: 1,
    arbitrary: step(
      fc
        .tuple(
          fc.constantFrom('french', 'citizenship', 'isp' as const),
          fc.option(fc.integer({ min: 0, max: 90 })),
        )
        .map(
          ([axis, len]) =>
            (d: string) =>
              unavailability(axis as 'french', d, len === null ? null : addDays(d, len)),
        ),
    ),
  },
  { weight: 6, arbitrary: step(fc.constant((d: string) => attestation(d))) },
  {
    weight: 1,
    arbitrary: step(
      fc.constantFrom(['CRIPEL', '62063'], ['CAI', '92094'], ['CRVI', '63023']).map(
        ([cri, commune]) =>
          (d: string) =>
            transfer(cri, commune, d),
      ),
    ),
  },
  { weight: 1, arbitrary: step(fc.constant((d: string) => nationalityDossier(d))) },
  {
    weight: 1,
    arbitrary: step(
      fc
        .constantFrom('language-a2', 'literacy-course', 'economic-participation' as const)
        .map((k) => (d: string) => proof(k as 'other', d)),
    ),
  },
  { weight: 1, arbitrary: step(fc.constant((d: string) => close(d))) },
);

/** The usual path of a parcours with random dates and amounts (some not enough), so attestations are reached. */
const happyPath: fc.Arbitrary<Step[]> = fc
  .record({
    start: fc.integer({ min: 0, max: 120 }),
    gaps: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 6, maxLength: 6 }),
    positioningLevel: level,
    includesFrench: fc.boolean(),
    includesIsp: fc.boolean(),
    frenchChunks: fc.array(fc.integer({ min: 40, max: 220 }), { minLength: 0, maxLength: 4 }),
    citizenship: fc.array(fc.integer({ min: 15, max: 45 }), { minLength: 0, maxLength: 3 }),
    isp: fc.integer({ min: 0, max: 6 }),
    certificate: fc.option(fc.tuple(level, fc.boolean())),
    attestationTries: fc.array(fc.integer({ min: 0, max: 900 }), { minLength: 1, maxLength: 3 }),
  })
  .map((p) => {
    let t = p.start;
    const next = (i: number) => (t += p.gaps[i]);
    const steps: Step[] = [
      { offset: next(0), make: presentation },
      { offset: next(1), make: rightsAndDuties },
      { offset: next(2), make: (d) => bilanSocial(d) },
      { offset: next(3), make: (d) => positioning(d, p.positioningLevel) },
      { offset: next(4), make: (d) => convention(d, p.includesFrench, p.includesIsp) },
    ];
    let trainingDay = next(5) + 1;
    for (const hours of p.frenchChunks) {
      const len = Math.ceil(hours / 5);
      steps.push({ offset: trainingDay, make: (d) => frenchHours(d, addDays(d, len), hours) });
      trainingDay += len + 1;
    }
    for (const hours of p.citizenship) {
      const len = Math.ceil(hours / 5);
      steps.push({ offset: trainingDay, make: (d) => citizenshipHours(d, addDays(d, len), hours) });
      trainingDay += len + 1;
    }
    if (p.isp > 0) steps.push({ offset: trainingDay, make: (d) => ispHours(d, p.isp) });
    if (p.certificate !== null) {
      const [l, oral] = p.certificate;
      steps.push({ offset: trainingDay, make: (d) => certification(d, l, oral) });
    }
    for (const delay of p.attestationTries)
      steps.push({ offset: trainingDay + 1 + delay, make: (d) => attestation(d) });
    return steps;
  });

/** Mostly chronological sequences (realistic), sometimes shuffled: the usual path mixed with random commands. */
const scenario = fc
  .tuple(
    openCommand,
    happyPath,
    fc.array(stepArb, { minLength: 0, maxLength: 30 }),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([opening, path, noise, withPath, chronological]) => {
    const steps = withPath ? [...path, ...noise] : noise;
    const ordered = chronological ? [...steps].sort((a, b) => a.offset - b.offset) : steps;
    return [opening, ...ordered.map((s) => s.make(at(s.offset)))];
  });

type Run = {
  events: ParcoursEvent[];
  states: ParcoursState[];
  accepted: { command: ParcoursCommand; before: ParcoursState; produced: ParcoursEvent[] }[];
};

function run(commands: ParcoursCommand[]): Run {
  let state = initialParcoursState;
  const result: Run = { events: [], states: [state], accepted: [] };
  for (const command of commands) {
    let produced: ParcoursEvent[];
    try {
      produced = decide(command, state, context);
    } catch (error) {
      if (error instanceof DomainError) continue;
      throw error;
    }
    result.accepted.push({ command, before: state, produced });
    for (const event of produced) {
      state = evolve(state, event);
      result.events.push(event);
      result.states.push(state);
    }
  }
  return result;
}

/** An independent reading of the attestation requirements (domain.md §4.8), to check decide against. */
function requirementsHold(state: ParcoursState, issuedOn: string): boolean {
  const done = (d: string | null | undefined) => d != null && isOnOrBefore(d, issuedOn);
  const c = state.convention;
  if (c === null || !done(c.firstSignedOn)) return false;
  const regime =
    regimeForDate(state.cardOrderDate ?? c.firstSignedOn, defaultRuleConfig) ??
    regimeForDate(c.firstSignedOn, defaultRuleConfig);
  if (regime === null) return false;
  if (!done(state.rightsAndDutiesOn) || !done(state.bilanSocial?.date)) return false;
  if (regime.frenchPositioningInAccueil && !state.frenchPositionings.some((p) => done(p.date))) return false;
  const hours = (periods: readonly { to: string; hours: number }[]) =>
    periods.filter((p) => done(p.to)).reduce((a, p) => a + p.hours, 0);
  if (hours(state.citizenshipHours) < regime.citizenshipHours) return false;
  if (c.includesFrench) {
    const certified = state.frenchCertifications.some(
      (x) => done(x.date) && !x.oralOnly && levelAtLeast(x.level, 'A2'),
    );
    if (!certified && hours(state.frenchHours) < regime.frenchHours) return false;
  }
  const ispRequired = c.includesIsp || c.firstSignedOn >= '2021-05-12';
  const isp = state.ispHours.filter((s) => done(s.date)).reduce((a, s) => a + s.hours, 0);
  return !ispRequired || isp >= 4;
}

const NUM_RUNS = 400;

describe('properties of the parcours decider', () => {
  it('decide only ever throws DomainErrors, and evolve never throws on what decide produced', () => {
    fc.assert(
      fc.property(scenario, (commands) => {
        const { events } = run(commands);
        expect(() => foldParcours(events)).not.toThrow();
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('deadlines, requirements and the nationality dossier never throw on any reachable state', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: -100, max: 2200 }), (commands, asOffset) => {
        const { states } = run(commands);
        const asOf = at(asOffset);
        for (const state of states) {
          const ds = deadlines(state, asOf, defaultRuleConfig);
          expect(ds).toHaveLength(3);
          for (const d of ds) {
            expect(d.explanation.length).toBeGreaterThan(0);
            if (d.status === 'overdue' || d.status === 'due-soon' || d.status === 'on-track')
              expect(d.dueOn).not.toBeNull();
          }
          evaluateRequirements(state, asOf, defaultRuleConfig);
          evaluateNationalityDossier(state, asOf);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('no history lets an attestation be issued with a requirement unmet', () => {
    let issued = 0;
    fc.assert(
      fc.property(scenario, (commands) => {
        for (const { before, produced } of run(commands).accepted) {
          for (const event of produced) {
            if (event.type !== 'AttestationIssued') continue;
            issued += 1;
            expect(requirementsHold(before, event.data.issuedOn)).toBe(true);
            expect(event.data.hours.citizenship).toBeGreaterThanOrEqual(event.data.requiredHours.citizenship);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
    // The generator must actually reach attestations for this property to mean something.
    expect(issued).toBeGreaterThan(10);
  });

  it('an accepted command repeated at once changes nothing or is refused (never a duplicate), except hours and proofs', () => {
    const appendOnly = new Set([
      'RecordFrenchHours',
      'RecordCitizenshipHours',
      'RecordIspHours',
      'AttachNationalityProof',
    ]);
    fc.assert(
      fc.property(scenario, (commands) => {
        for (const { command, before, produced } of run(commands).accepted) {
          if (appendOnly.has(command.type) || produced.length === 0) continue;
          const after = produced.reduce(evolve, before);
          let again: ParcoursEvent[] | string;
          try {
            again = decide(command, after, context);
          } catch (error) {
            again = (error as DomainError).code;
          }
          if (Array.isArray(again)) expect(again).toEqual([]);
          else
            expect([
              'PARCOURS_ALREADY_EXISTS',
              'PARCOURS_CLOSED',
              'TRANSFER_SAME_CRI',
              'NO_OPEN_SUSPENSION',
            ]).toContain(again);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('erasing personal data changes no deadline, requirement or decision', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: -100, max: 2200 }), (commands, asOffset) => {
        const { events } = run(commands);
        const original = foldParcours(events);
        const erased = foldParcours(events.map(erasePersonalData));
        const asOf = at(asOffset);
        expect(deadlines(erased, asOf, defaultRuleConfig)).toEqual(
          deadlines(original, asOf, defaultRuleConfig),
        );
        expect(evaluateRequirements(erased, asOf, defaultRuleConfig)).toEqual(
          evaluateRequirements(original, asOf, defaultRuleConfig),
        );
        const outcome = (state: ParcoursState, command: ParcoursCommand) => {
          try {
            return decide(command, state, context);
          } catch (error) {
            return (error as DomainError).code;
          }
        };
        for (const command of commands.slice(1, 8))
          expect(outcome(erased, command)).toEqual(outcome(original, command));
      }),
      { numRuns: 200 },
    );
  });
});
