import {
  addDays,
  deadlines,
  defaultRuleConfig,
  diffDays,
  foldParcours,
  initialParcoursState,
  resolveRuleConfig,
  type IsoDate,
  type ParcoursState,
  type RuleConfig,
} from '../domain';
import {
  DEADLINE_KINDS,
  deadlineInputs,
  deadlineSegments,
  segmentAt,
  statusFromSegment,
} from './deadline-segments';
import { prng, randomHistory } from './__tests__/histories';

/** Every date that matters for a state: its own dates ± 1, due dates around the due-soon window, and random others. */
function probeDates(state: ParcoursState, rules: RuleConfig, seed: number): IsoDate[] {
  const dates = new Set<IsoDate>();
  const found = new Set<IsoDate>();
  JSON.stringify(state, (_key, value: unknown) => {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) found.add(value);
    return value;
  });
  for (const d of found) for (const delta of [-1, 0, 1]) dates.add(addDays(d, delta));
  const dueDates = new Set<IsoDate>();
  for (const s of deadlineSegments(state, rules)) if (s.dueOn !== null) dueDates.add(s.dueOn);
  for (const d of [...found].slice(0, 12))
    for (const x of deadlines(state, d, rules)) if (x.dueOn !== null) dueDates.add(x.dueOn);
  for (const due of dueDates)
    for (const delta of [-rules.dueSoonDays - 1, -rules.dueSoonDays, -1, 0, 1])
      dates.add(addDays(due, delta));
  const rnd = prng(seed);
  for (let i = 0; i < 10; i++) dates.add(addDays('2016-01-01', Math.floor(rnd() * 5000)));
  return [...dates];
}

function expectAgreement(state: ParcoursState, rules: RuleConfig, dates: readonly IsoDate[]): number {
  const segments = deadlineSegments(state, rules);
  let checks = 0;
  for (const asOf of dates) {
    const expected = deadlines(state, asOf, rules);
    for (const kind of DEADLINE_KINDS) {
      const domain = expected.find((d) => d.kind === kind)!;
      const fromSegments = statusFromSegment(segmentAt(segments, kind, asOf), asOf, rules);
      const want = { dueOn: domain.status === 'not-applicable' ? null : domain.dueOn, status: domain.status };
      if (fromSegments.status !== want.status || fromSegments.dueOn !== want.dueOn) {
        throw new Error(
          `Disagreement for ${kind} at ${asOf}: segments say ${JSON.stringify(fromSegments)}, domain says ${JSON.stringify(want)}\n` +
            `segments: ${JSON.stringify(segments.filter((s) => s.kind === kind))}`,
        );
      }
      checks++;
    }
  }
  return checks;
}

describe('deadline segments agree with the domain deadlines() at every asOf', () => {
  it('for 60 generated histories after every event, at every date that matters', () => {
    let checks = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const history = randomHistory(seed);
      for (let n = 1; n <= history.events.length; n++) {
        const state = foldParcours(history.events.slice(0, n));
        checks += expectAgreement(
          state,
          defaultRuleConfig,
          probeDates(state, defaultRuleConfig, seed * 1000 + n),
        );
      }
    }
    expect(checks).toBeGreaterThan(20_000);
  });

  it('for 400 more histories (final states), at every date that matters', () => {
    let checks = 0;
    for (let seed = 61; seed <= 460; seed++) {
      const { state } = randomHistory(seed);
      checks += expectAgreement(state, defaultRuleConfig, probeDates(state, defaultRuleConfig, seed));
    }
    expect(checks).toBeGreaterThan(20_000);
  });

  it('day by day over the whole life of 8 cases', () => {
    for (let seed = 1001; seed <= 1008; seed++) {
      const { state } = randomHistory(seed);
      if (state.communeRegistrationDate === null) continue;
      const start = addDays(state.communeRegistrationDate, -30);
      const days = Array.from({ length: diffDays(start, '2030-06-30') + 1 }, (_, i) => addDays(start, i));
      expectAgreement(state, defaultRuleConfig, days);
    }
  });

  it('with other rules (due-soon window, evaluation interval, a COVID window)', () => {
    const rules = resolveRuleConfig({
      dueSoonDays: 30,
      evaluationIntervalMonths: 4,
      regimes: { covid: { cardOrderWindow: { from: '2020-03-01', to: '2021-06-30' } } },
    });
    for (let seed = 2001; seed <= 2100; seed++) {
      const { state } = randomHistory(seed, { rules });
      expectAgreement(state, rules, probeDates(state, rules, seed));
    }
  });

  it('covers the interesting cases (open suspension, suspension ending later, extension, dispense, closure, attestation)', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 300; seed++) {
      const { state } = randomHistory(seed);
      for (const a of state.deadlineAdjustments)
        seen.add(a.kind === 'extension' ? 'extension' : a.to === null ? 'open-suspension' : 'suspension');
      if (state.dispenses.length > 0) seen.add('dispense');
      if (state.obligationFacts.automaticDispenses.length > 0) seen.add('automatic-dispense');
      if (state.closure) seen.add('closure');
      if (state.attestation) seen.add('attestation');
      if (state.transfers.length > 0) seen.add('transfer');
      if (state.obligation === 'voluntary') seen.add('voluntary');
      if (state.evaluations.some((e) => !e.attended)) seen.add('missed-evaluation');
      if (deadlineSegments(state, defaultRuleConfig).some((s) => s.dueGrows)) seen.add('growing-due-date');
    }
    expect([...seen].sort()).toEqual(
      [
        'attestation',
        'automatic-dispense',
        'closure',
        'dispense',
        'extension',
        'growing-due-date',
        'missed-evaluation',
        'open-suspension',
        'suspension',
        'transfer',
        'voluntary',
      ].sort(),
    );
  });

  it('deadlines() reads nothing but deadlineInputs(state): other events cannot move a segment', () => {
    for (let seed = 3001; seed <= 3040; seed++) {
      const history = randomHistory(seed);
      for (let n = 1; n <= history.events.length; n += 3) {
        const state = foldParcours(history.events.slice(0, n));
        const reduced = { ...initialParcoursState, ...deadlineInputs(state) } as ParcoursState;
        for (const asOf of probeDates(state, defaultRuleConfig, seed).slice(0, 60)) {
          expect(deadlines(reduced, asOf, defaultRuleConfig)).toEqual(
            deadlines(state, asOf, defaultRuleConfig),
          );
        }
      }
    }
  });

  it('stores no not-applicable segment and merges equal neighbours', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const segments = deadlineSegments(randomHistory(seed).state, defaultRuleConfig);
      for (const kind of DEADLINE_KINDS) {
        const mine = segments.filter((s) => s.kind === kind);
        for (let i = 1; i < mine.length; i++) {
          const [a, b] = [mine[i - 1], mine[i]];
          const same =
            a.validTo === b.validFrom &&
            a.dueOn === b.dueOn &&
            a.fixedStatus === b.fixedStatus &&
            a.obliged === b.obliged &&
            !a.dueGrows &&
            !b.dueGrows;
          expect(same).toBe(false);
        }
      }
    }
  });
});
