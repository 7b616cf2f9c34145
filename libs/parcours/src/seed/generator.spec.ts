import {
  CRI_CODES,
  decide,
  deadlines,
  defaultRuleConfig,
  evolve,
  initialParcoursState,
  communeValidAt,
  isGermanSpeakingCommune,
  type ParcoursEvent,
  type ParcoursState,
} from '../domain';
import { nissProblemFr } from '../reference/niss';
import {
  addToStats,
  emptyStats,
  generateParcours,
  type GeneratedParcours,
  type SeedGeneratorOptions,
} from './generator';
import { Rng } from './prng';
import { CRI_COMMUNES } from './reference';
import { seedParcoursId, toNewEvents } from './writer';

const options: SeedGeneratorOptions = { seed: 'spec', today: '2026-11-21', rules: defaultRuleConfig };
const generate = (index: number, o: SeedGeneratorOptions = options): GeneratedParcours =>
  generateParcours(index, seedParcoursId(o.seed, index), o);
const eventsOf = (p: GeneratedParcours): ParcoursEvent[] => p.steps.flatMap((s) => s.events);

/** A population shared by the statistical tests (generated once). */
const POPULATION_SIZE = 2000;
let population: GeneratedParcours[];
beforeAll(() => {
  population = Array.from({ length: POPULATION_SIZE }, (_, i) => generate(i));
});

describe('seeded PRNG', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: string) => {
      const rng = new Rng(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
    expect(draw('a').every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('demo population: determinism', () => {
  it('gives the same events, ids and metadata for the same seed', () => {
    for (const index of [0, 1, 17, 123, 999]) {
      const first = generate(index);
      const again = generate(index);
      expect(eventsOf(again)).toEqual(eventsOf(first));
      expect(toNewEvents('spec', again)).toEqual(toNewEvents('spec', first));
    }
  });

  it('gives another population for another seed, and index i is the same whatever the population size', () => {
    const other = generate(3, { ...options, seed: 'other' });
    expect(other.parcoursId).not.toBe(generate(3).parcoursId);
    expect(eventsOf(other)).not.toEqual(eventsOf(generate(3)));
    expect(eventsOf(generate(42))).toEqual(eventsOf(population[42]));
  });

  it('makes unique event ids and command ids shared by the events of one command', () => {
    const ids = new Set<string>();
    let count = 0;
    for (const p of population.slice(0, 300)) {
      const events = toNewEvents('spec', p);
      count += events.length;
      for (const e of events) ids.add(e.eventId);
      expect(new Set(events.map((e) => e.metadata.commandId)).size).toBe(p.steps.length);
    }
    expect(ids.size).toBe(count);
  });
});

describe('demo population: every event comes from decide', () => {
  it('replays: each command, decided on its day against the state folded so far, gives exactly the recorded events', () => {
    for (const p of population.slice(0, 400)) {
      let state: ParcoursState = initialParcoursState;
      for (const step of p.steps) {
        expect(decide(step.command, state, { today: step.today, rules: defaultRuleConfig })).toEqual(
          step.events,
        );
        state = step.events.reduce(evolve, state);
      }
      expect(state).toEqual(p.state);
    }
  });

  it('has no command refused by the rules, and nothing recorded after the reference date or out of order', () => {
    expect(population.flatMap((p) => p.rejected)).toEqual([]);
    for (const p of population) {
      const days = p.steps.map((s) => s.today);
      expect([...days].sort()).toEqual(days);
      expect(days.every((d) => d <= options.today)).toBe(true);
    }
  });

  it('metadata: the seed actor, recordedAt on the business date of the step', () => {
    const p = population.find((x) => x.steps.length > 10)!;
    const events = toNewEvents('spec', p);
    let i = 0;
    for (const step of p.steps) {
      for (let k = 0; k < step.events.length; k++, i++) {
        expect(events[i].metadata.actor).toEqual({
          userId: 'seed',
          username: 'seed',
          role: 'admin',
          cri: null,
        });
        expect(events[i].metadata.recordedAt.slice(0, 10)).toBe(step.today);
        expect(Number.isNaN(Date.parse(events[i].metadata.recordedAt))).toBe(false);
      }
    }
    const instants = events.map((e) => e.metadata.recordedAt);
    expect([...instants].sort()).toEqual(instants);
  });
});

describe('demo population: a realistic mix', () => {
  const stats = () => {
    const s = emptyStats();
    for (const p of population) addToStats(s, p);
    return s;
  };
  const share = (n: number | undefined) => (n ?? 0) / POPULATION_SIZE;

  it('about one third obliged, the others voluntary or dispensed', () => {
    const { byObligation } = stats();
    expect(share(byObligation.obliged)).toBeGreaterThan(0.28);
    expect(share(byObligation.obliged)).toBeLessThan(0.42);
    expect(share(byObligation.voluntary)).toBeGreaterThan(0.4);
    expect(share(byObligation.dispensed)).toBeGreaterThan(0.07);
  });

  it('spreads over the 8 CRIs, CRIPEL and CRIC the largest, in communes of each CRI in the French-language region', () => {
    const { byCri } = stats();
    expect(Object.keys(byCri).sort()).toEqual([...CRI_CODES].sort());
    const sorted = Object.entries(byCri)
      .sort((a, b) => b[1] - a[1])
      .map(([cri]) => cri);
    expect(sorted.slice(0, 2).sort()).toEqual(['CRIC', 'CRIPEL']);
    for (const p of population) {
      const opened = p.steps[0].events[0];
      if (opened.type !== 'ParcoursOpened') throw new Error('first event');
      expect(isGermanSpeakingCommune(opened.data.communeCode)).toBe(false);
      // The real file: the code valid at the registration date, in the territory of the case's CRI.
      const commune = communeValidAt(opened.data.communeCode, opened.data.communeRegistrationDate ?? '');
      expect(commune?.cri).toBe(opened.data.criCode);
    }
  });

  it('draws communes from the reference file: small communes too, old codes before 2019, Bastogne 82039 from 2025', () => {
    const opened = population.map((p) => p.steps[0].events[0]).filter((e) => e.type === 'ParcoursOpened');
    const codes = new Set(opened.map((e) => e.data.communeCode));
    const towns = new Set(Object.values(CRI_COMMUNES).flatMap((list) => list.map(([code]) => code)));
    expect([...codes].filter((c) => !towns.has(c)).length).toBeGreaterThan(20);
    for (const e of opened) {
      const registered = e.data.communeRegistrationDate ?? '';
      if (e.data.communeCode === '82003') expect(registered < '2025-01-01').toBe(true);
      if (e.data.communeCode === '82039') expect(registered >= '2025-01-01').toBe(true);
      if (e.data.communeCode === '58001') expect(registered >= '2019-01-01').toBe(true);
    }
  });

  it('card orders from 2019 to 2026, under the 2018 and the 2025 regimes; valid NISS', () => {
    const opened = population.map((p) => p.steps[0].events[0]).filter((e) => e.type === 'ParcoursOpened');
    const years = new Set(opened.map((e) => e.data.cardOrderDate?.slice(0, 4)).filter(Boolean));
    for (const year of ['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026'])
      expect(years).toContain(year);
    const regimes = new Set(opened.map((e) => e.data.regimeId));
    expect(regimes).toContain('2018');
    expect(regimes).toContain('2025');
    const niss = opened.map((e) => e.data.person.niss).filter((n): n is string => n !== null);
    expect(niss.length).toBeGreaterThan(POPULATION_SIZE * 0.8);
    const persons = opened.map((e) => e.data.person);
    for (const person of persons)
      if (person.niss !== null) expect(nissProblemFr(person.niss, 2026, person.birthDate)).toBeNull();
  });

  it('tells every kind of story: dispenses (D4, D10, D11 and recorded), extensions, suspensions, unavailability, transfers, closures, attestations, nationality dossiers', () => {
    const { byEventType } = stats();
    for (const type of [
      'ConventionSigned',
      'FrenchHoursRecorded',
      'CitizenshipHoursRecorded',
      'IspHoursRecorded',
      'FrenchLevelCertified',
      'EvaluationRecorded',
      'DispenseRecorded',
      'ExtensionGranted',
      'SuspensionStarted',
      'SuspensionEnded',
      'TrainingUnavailabilityRecorded',
      'TrainingUnavailabilityEnded',
      'AttestationIssued',
      'ParcoursTransferred',
      'ParcoursClosed',
      'NationalityDossierOpened',
      'NationalityProofAttached',
    ]) {
      expect(byEventType[type] ?? 0).toBeGreaterThan(0);
    }
    const automatic = new Set(population.flatMap((p) => p.state.obligationFacts.automaticDispenses));
    expect([...automatic].sort()).toEqual(['D10', 'D11', 'D4']);
    const exclusions = new Set(population.flatMap((p) => p.state.obligationFacts.exclusions));
    for (const code of [
      'EU_EEA_CH_NATIONAL',
      'EU_FAMILY_MEMBER',
      'LEGAL_STAY_3_YEARS',
      'NO_CARD_ORDER_DATE',
      'BELGIAN',
      'INTERNATIONAL_PROTECTION_APPLICANT',
    ]) {
      expect(exclusions).toContain(code);
    }
  });

  it('hours accumulate up to today: some cases on track, some overdue', () => {
    const statuses = new Map<string, number>();
    for (const p of population) {
      for (const d of deadlines(p.state, options.today, defaultRuleConfig)) {
        if (d.kind === 'attestation' || d.kind === 'presentation')
          statuses.set(`${d.kind}:${d.status}`, (statuses.get(`${d.kind}:${d.status}`) ?? 0) + 1);
      }
    }
    expect(statuses.get('attestation:overdue') ?? 0).toBeGreaterThan(0);
    expect(statuses.get('presentation:overdue') ?? 0).toBeGreaterThan(0);
    expect(statuses.get('attestation:on-track') ?? 0).toBeGreaterThan(0);
    expect(statuses.get('attestation:met') ?? 0).toBeGreaterThan(0);
    const { events } = stats();
    expect(events / POPULATION_SIZE).toBeGreaterThan(15);
  });
});
