/**
 * The demo population: one synthetic parcours per index, deterministic for (seed, index, today).
 * Every event comes out of the domain's decide(), folded with evolve as the story goes; a command
 * the rules refuse is counted in `rejected` and the story goes on without it.
 *
 * Each parcours is a small discrete-event simulation: steps are put on an agenda at their business
 * date and run in date order, each with `today` = its date (nothing is ever recorded after the
 * seed's reference date). A step decides what comes next from the state decide() produced, so
 * hours accumulate until the requirements are met (then the attestation), a deadline nears (an
 * extension, sometimes) or the person stops coming (an overdue case).
 */
import {
  addMonths,
  attestationSchedule,
  communesValidAt,
  currentCommuneCode,
  decide,
  DomainError,
  evaluateRequirements,
  evolve,
  findCommune,
  fromDayNumber,
  initialParcoursState,
  ispRequiredFor,
  levelAtLeast,
  regimeFor,
  stageOf,
  toDayNumber,
  type CefrLevel,
  type ClosureReason,
  type CriCode,
  type DelayReason,
  type DispenseCategory,
  type IsoDate,
  type NationalityProofKind,
  type ParcoursCommand,
  type ParcoursEvent,
  type ParcoursState,
  type RuleConfig,
} from '../domain';
import { makeNiss } from './niss';
import { Rng, type Weighted } from './prng';
import {
  ACCOMPAGNATEURS,
  BELGIAN_ORIGINS,
  BILAN_NEEDS,
  CERTIFICATIONS,
  CLOSURE_NOTES,
  CRI_COMMUNES,
  CRI_WEIGHTS,
  DISPENSE_EVIDENCE,
  EU_ORIGINS,
  EVALUATION_NOTES,
  ISP_PROVIDERS,
  POSITIONING_TESTS,
  THIRD_COUNTRY_ORIGINS,
  TURKEY,
  UKRAINE,
  citizenshipOperators,
  frenchOperators,
  type Origin,
} from './reference';

export type SeedGeneratorOptions = {
  /** Any text: the same seed gives the same population. */
  readonly seed: string;
  /** The seed's "today": no business date after it. */
  readonly today: IsoDate;
  readonly rules: RuleConfig;
};

/** Who the person is, as drawn (the obligation itself is computed by decide). */
export type SeedProfile =
  | 'obliged'
  | 'minor'
  | 'senior'
  | 'turkish'
  | 'temporary-protection'
  | 'eu-citizen'
  | 'eu-family'
  | 'long-stay'
  | 'no-card'
  | 'belgian'
  | 'protection-applicant'
  | 'short-permit';

export type SeedStep = {
  readonly command: ParcoursCommand;
  /** The business date the command was recorded on (decide's `today`). */
  readonly today: IsoDate;
  readonly events: readonly ParcoursEvent[];
};

export type GeneratedParcours = {
  readonly index: number;
  readonly parcoursId: string;
  readonly profile: SeedProfile;
  /** Commands that produced events, in order (a command that changes nothing is not kept). */
  readonly steps: readonly SeedStep[];
  readonly state: ParcoursState;
  /** Commands decide() refused, with the error code: the story went on without them. */
  readonly rejected: readonly { readonly type: string; readonly code: string; readonly today: IsoDate }[];
};

const PROFILES: Weighted<SeedProfile> = [
  ['obliged', 40],
  ['minor', 1.5],
  ['senior', 1.5],
  ['turkish', 3],
  ['temporary-protection', 4],
  ['eu-citizen', 12],
  ['eu-family', 8],
  ['long-stay', 12],
  ['no-card', 9],
  ['belgian', 4],
  ['protection-applicant', 2.5],
  ['short-permit', 2.5],
];

/** Card orders per year (relative): COVID dip in 2020, growth since. */
const YEAR_WEIGHTS: Readonly<Record<number, number>> = {
  2019: 1,
  2020: 0.75,
  2021: 0.9,
  2022: 1.1,
  2023: 1.2,
  2024: 1.3,
  2025: 1.3,
  2026: 1.35,
};

const FIRST_CARD_DAY = toDayNumber('2019-01-02');
const TEMPORARY_PROTECTION_FROM = toDayNumber('2022-03-15');
const REGIME_2025_FROM = toDayNumber('2025-01-06');

type Pace = 'fast' | 'steady' | 'slow' | 'dropout';
const PACE_HOURS_PER_DAY: Readonly<Record<Pace, readonly [number, number]>> = {
  fast: [1.6, 2.6],
  steady: [0.9, 1.5],
  slow: [0.35, 0.8],
  dropout: [0.6, 1.3],
};

/** How often operators report attendance (days per reported period). */
const FRENCH_PERIOD_DAYS = [7, 7, 7, 7, 14, 14];

const iso = fromDayNumber;
const day = toDayNumber;
const CITIZENSHIP_LANGUAGES = new Set(['ar', 'en', 'fa', 'ps', 'uk', 'ru', 'tr', 'es', 'pt', 'ti', 'so']);

type AgendaItem = { readonly day: number; readonly seq: number; readonly run: (day: number) => void };

/** One parcours being simulated: the state, the agenda of future steps and what happened. */
class Story {
  state: ParcoursState = initialParcoursState;
  readonly steps: SeedStep[] = [];
  readonly rejected: { type: string; code: string; today: IsoDate }[] = [];
  private readonly agenda: AgendaItem[] = [];
  private seq = 0;
  private now = -Infinity;

  constructor(
    private readonly lastDay: number,
    private readonly rules: RuleConfig,
  ) {}

  /** Puts a step on the agenda (never in the past of the story, never after the reference date). */
  at(when: number, run: (day: number) => void): void {
    const d = Math.max(Math.round(when), this.now);
    if (d > this.lastDay) return;
    const item = { day: d, seq: this.seq++, run };
    let i = this.agenda.length;
    while (
      i > 0 &&
      (this.agenda[i - 1].day > d || (this.agenda[i - 1].day === d && this.agenda[i - 1].seq > item.seq))
    )
      i--;
    this.agenda.splice(i, 0, item);
  }

  /** decide → evolve; the events, or null when the rules refuse. */
  exec(command: ParcoursCommand, when: number): readonly ParcoursEvent[] | null {
    const today = iso(when);
    try {
      const events = decide(command, this.state, { today, rules: this.rules });
      for (const event of events) this.state = evolve(this.state, event);
      if (events.length > 0) this.steps.push({ command, today, events });
      return events;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.rejected.push({ type: command.type, code: error.code, today });
      return null;
    }
  }

  run(): void {
    while (this.agenda.length > 0) {
      const item = this.agenda.shift()!;
      if (this.state.status === 'closed') return;
      this.now = item.day;
      item.run(item.day);
    }
  }

  get open(): boolean {
    return this.state.status === 'open';
  }
}

/** The weight of a commune no demo town lists: the small communes share the rest of the newcomers. */
const OTHER_COMMUNE_WEIGHT = 0.3;
const TOWN_WEIGHTS = new Map<string, number>(
  Object.values(CRI_COMMUNES).flatMap((towns) =>
    towns.map(([code, , w]) => [currentCommuneCode(code), w] as const),
  ),
);

/**
 * A commune of the CRI's territory from the reference file, with the code valid on that date (La
 * Louvière is 55022 before 2019, Bastogne 82039 from 2025): the big towns weigh most.
 */
function drawCommune(rng: Rng, cri: CriCode, date: string): string {
  const candidates = communesValidAt(date).filter((c) => c.cri === cri);
  return rng.weighted(
    candidates.map(
      (c) => [c.code, TOWN_WEIGHTS.get(currentCommuneCode(c.code)) ?? OTHER_COMMUNE_WEIGHT] as const,
    ),
  );
}

/** The parcours id of index `index`: a uuid v5 is made by the writer; the generator takes it as given. */
export function generateParcours(
  index: number,
  parcoursId: string,
  options: SeedGeneratorOptions,
): GeneratedParcours {
  const rng = new Rng(`${options.seed}/${index}`);
  const T = day(options.today);
  const rules = options.rules;
  const story = new Story(T, rules);
  const profile = rng.weighted(PROFILES);

  // --- Who, where, when ------------------------------------------------------------------------
  const cri = rng.weighted(CRI_WEIGHTS);
  const origin = originFor(profile, rng);
  const sex: 'F' | 'M' = rng.chance(0.52) ? 'F' : 'M';
  const hasCard = profile !== 'no-card' && profile !== 'belgian';
  const earliest =
    profile === 'temporary-protection'
      ? TEMPORARY_PROTECTION_FROM
      : profile === 'protection-applicant'
        ? REGIME_2025_FROM
        : FIRST_CARD_DAY;
  const anchor = drawDay(rng, Math.min(earliest, T - 30), T - 7);
  const registration = hasCard ? anchor - rng.int(0, 40) : anchor;
  const card = hasCard ? anchor : null;
  const openDay = Math.min(T, Math.max(card ?? registration, registration) + rng.int(2, 50));
  const ageReference = card ?? registration;
  const age =
    profile === 'minor'
      ? rng.int(16, 17)
      : profile === 'senior'
        ? rng.int(65, 76)
        : profile === 'obliged' || profile === 'turkish' || profile === 'temporary-protection'
          ? rng.bell(18, 60)
          : rng.bell(18, 68);
  const birthDay = day(addMonths(iso(ageReference), -12 * age)) - rng.int(1, 360);
  const legalStaySince =
    profile === 'long-stay'
      ? registration - rng.int(1110, 4500)
      : profile === 'belgian' || profile === 'no-card'
        ? null
        : rng.chance(0.7)
          ? registration - rng.int(0, 420)
          : null;
  const permit = permitFor(profile, card, rng);
  const commune = drawCommune(rng, cri, iso(registration));

  const opened = story.exec(
    {
      type: 'OpenParcours',
      data: {
        parcoursId,
        person: {
          lastName: rng.pick(origin.names.last),
          firstName: rng.pick(origin.names.first[sex]),
          birthDate: iso(birthDay),
          nationality: origin.country,
          niss: profile === 'belgian' || rng.chance(0.85) ? makeNiss(birthDay, sex, index) : null,
          sex,
          contactLanguage: rng.chance(0.15)
            ? null
            : rng.chance(0.7)
              ? origin.languages[0]
              : rng.pick(origin.languages),
        },
        criCode: cri,
        communeCode: commune,
        communeRegistrationDate: iso(registration),
        cardOrderDate: card === null ? null : iso(card),
        legalStaySince: legalStaySince === null ? null : iso(legalStaySince),
        residencePermit: permit,
        flags: {
          euFamilyMember: profile === 'eu-family',
          temporaryProtection: profile === 'temporary-protection',
          internationalProtectionApplicant: profile === 'protection-applicant',
        },
        accompagnateurId: rng.chance(0.9) ? rng.pick(ACCOMPAGNATEURS[cri]) : null,
      },
    },
    openDay,
  );
  if (opened === null) return done();

  const obligedAtOpening = story.state.obligation === 'obliged';
  const voluntary = story.state.obligation === 'voluntary';
  const pace: Pace = rng.weighted([
    ['fast', 15],
    ['steady', 50],
    ['slow', 20],
    ['dropout', voluntary ? 25 : 15],
  ]);
  let stopped = false; // the person no longer comes (training, evaluations)
  let attested = false;
  let attestationPlanned = false;
  const pauses: Array<[number, number]> = [];
  const afterPauses = (d: number): number => {
    let result = d;
    for (const [from, to] of pauses) if (result >= from && result <= to) result = to + 1;
    return result;
  };

  // Life events that end or move any case, engaged or not.
  const lifeEvent = rng.weighted<ClosureReason | 'transfer' | null>([
    [null, 90.3],
    ['transfer', 4],
    ['left-belgium', 3.5],
    ['moved-out-of-region', 1.2],
    ['deceased', 0.2],
    ['other', 0.8],
  ]);
  if (lifeEvent === 'transfer') {
    story.at(openDay + rng.int(30, 700), (d) => {
      const toCri = rng.weighted(CRI_WEIGHTS.filter(([c]) => c !== story.state.criCode));
      const date = iso(d - rng.int(0, 20));
      const toCommune = drawCommune(rng, toCri, date);
      story.exec({ type: 'TransferParcours', data: { toCri, communeCode: toCommune, date } }, d);
    });
  } else if (lifeEvent !== null) {
    story.at(openDay + rng.int(60, 1300), (d) => close(lifeEvent, d));
  }

  const close = (reason: ClosureReason, d: number) => {
    story.exec(
      {
        type: 'CloseParcours',
        data: { date: iso(d), reason, note: rng.chance(0.6) ? CLOSURE_NOTES[reason] : null },
      },
      d,
    );
  };

  // --- Presentation and module d'accueil ---------------------------------------------------------
  const engaged = rng.chance(obligedAtOpening ? 0.93 : voluntary ? 0.88 : 0.5);
  if (!engaged) {
    if (!obligedAtOpening && rng.chance(0.5))
      story.at(openDay + rng.int(60, 400), (d) => close('withdrawn', d));
    return done();
  }
  const late = obligedAtOpening && rng.chance(0.1);
  const presentation = late
    ? Math.max(openDay, registration + rng.int(95, 220))
    : openDay + (voluntary ? rng.int(0, 7) : rng.int(0, 25));
  story.at(presentation, (d) => {
    if (story.exec({ type: 'RecordPresentation', data: { date: iso(d) } }, d) === null) return;
    accueil(d);
  });

  const level = positioningLevel(origin, rng);
  const accueil = (presentedOn: number) => {
    const rightsDay = presentedOn + (rng.chance(0.6) ? 0 : rng.int(1, 21));
    const bilanDay = presentedOn + rng.int(0, 30);
    const positioningDay = presentedOn + rng.int(3, 35);
    story.at(rightsDay, (d) => story.exec({ type: 'RecordRightsAndDuties', data: { date: iso(d) } }, d));
    story.at(bilanDay, (d) =>
      story.exec(
        { type: 'RecordBilanSocial', data: { date: iso(d), needs: rng.some(BILAN_NEEDS, 1, 4) } },
        d,
      ),
    );
    story.at(positioningDay, (d) =>
      story.exec(
        { type: 'RecordFrenchPositioning', data: { date: iso(d), level, test: rng.pick(POSITIONING_TESTS) } },
        d,
      ),
    );
    const continues = rng.chance(obligedAtOpening ? 0.95 : voluntary ? 0.85 : 0.75);
    if (!continues) {
      if (!obligedAtOpening && rng.chance(0.6))
        story.at(positioningDay + rng.int(60, 300), (d) => close('withdrawn', d));
      return;
    }
    story.at(Math.max(rightsDay, bilanDay, positioningDay) + rng.int(1, 35), convention);
  };

  // --- Convention and trainings -------------------------------------------------------------------
  const convention = (signedOn: number) => {
    const includesFrench = !levelAtLeast(level, 'A2') || rng.chance(0.05);
    const language = origin.languages[0];
    const citizenshipLanguage =
      origin.francophone > 0.5
        ? 'fr'
        : rng.chance(0.1)
          ? null
          : rng.chance(0.6) || !CITIZENSHIP_LANGUAGES.has(language)
            ? 'fr'
            : language;
    const signed = story.exec(
      {
        type: 'SignConvention',
        data: { signedOn: iso(signedOn), includesFrench, includesIsp: rng.chance(0.35), citizenshipLanguage },
      },
      signedOn,
    );
    if (signed === null || story.state.convention === null) return;
    const dropDay = pace === 'dropout' ? signedOn + rng.int(30, 420) : Infinity;
    const active = (d: number) => !stopped && !attested && story.open && d < dropDay;
    if (pace === 'dropout') {
      story.at(dropDay, (d) => {
        stopped = true;
        if (!obligedAtOpening && rng.chance(0.5))
          story.at(d + rng.int(30, 240), (c) => close('withdrawn', c));
      });
    }
    const [minRate, maxRate] = PACE_HOURS_PER_DAY[pace];
    const rate = minRate + rng.next() * (maxRate - minRate);

    // Training unavailability (art. 152/8): a waiting list before the French course starts.
    let frenchStart = signedOn + rng.int(7, 45);
    if (includesFrench && rng.chance(0.08)) {
      const from = signedOn + rng.int(1, 10);
      frenchStart = from + rng.int(60, 200);
      story.at(from, (d) =>
        story.exec(
          { type: 'RecordTrainingUnavailability', data: { axis: 'french', from: iso(d), to: null } },
          d,
        ),
      );
      story.at(frenchStart, (d) =>
        story.exec(
          { type: 'RecordTrainingUnavailability', data: { axis: 'french', from: iso(from), to: iso(d - 1) } },
          d,
        ),
      );
    }
    if (includesFrench) {
      const operator = rng.pick(frenchOperators(cri));
      const frenchPeriod = (start: number) => {
        const from = afterPauses(start);
        const length = rng.pick(FRENCH_PERIOD_DAYS);
        const to = from + length - 1;
        story.at(to + rng.int(0, 10), (d) => {
          if (!active(to)) return;
          const hours = Math.max(1, Math.round(length * rate * (0.75 + rng.next() * 0.5) * 2) / 2);
          if (
            story.exec(
              { type: 'RecordFrenchHours', data: { operator, from: iso(from), to: iso(to), hours } },
              d,
            ) === null
          )
            return;
          checkRequirements(d);
          const frenchDone = french().met;
          if (!frenchDone && rng.chance(certificationChance(level, pace, french().hoursDone))) {
            story.at(d + rng.int(0, 20), (c) => {
              const { issuer, test } = rng.weighted(CERTIFICATIONS);
              story.exec(
                {
                  type: 'RecordFrenchCertification',
                  data: { date: iso(c), level: 'A2', issuer, test, oralOnly: rng.chance(0.05) },
                },
                c,
              );
              checkRequirements(c);
            });
          }
          if (frenchDone) return;
          let next = to + 1 + (rng.chance(0.08) ? rng.int(20, 60) : rng.int(0, 7));
          if (iso(next).slice(5, 7) === '07' && rng.chance(0.7))
            next = day(`${iso(next).slice(0, 4)}-08-${rng.int(20, 31)}`);
          frenchPeriod(next);
        });
      };
      frenchPeriod(frenchStart);
    }

    // Citizenship: 60 h in a few sessions (sometimes fewer hours than planned: a catch-up session follows).
    const citizenshipOperator = rng.pick(citizenshipOperators(cri));
    const sessions = rng.pick([6, 8, 10, 12, 15]);
    const citizenshipSession = (start: number) => {
      const from = afterPauses(start);
      const to = from + rng.int(1, 7) - 1;
      story.at(to + rng.int(0, 7), (d) => {
        if (!active(to)) return;
        const required = regimeHours().citizenship;
        const missing = required - citizenship().hoursDone;
        if (missing <= 0) return;
        const planned = Math.min(missing, Math.ceil(required / sessions));
        const hours = rng.chance(0.2) ? Math.max(1, planned - rng.int(1, 4)) : planned;
        const language = story.state.convention?.citizenshipLanguage ?? null;
        if (
          story.exec(
            {
              type: 'RecordCitizenshipHours',
              data: { operator: citizenshipOperator, from: iso(from), to: iso(to), hours, language },
            },
            d,
          ) === null
        )
          return;
        checkRequirements(d);
        if (citizenship().hoursDone < required)
          citizenshipSession(to + 1 + (pace === 'slow' ? rng.int(20, 90) : rng.int(3, 30)));
      });
    };
    citizenshipSession(signedOn + rng.int(14, 150));

    // ISP orientation (Forem or the CRI), when the convention or its date requires it.
    if (ispRequiredFor(story.state.convention, rules) && rules.isp.hours > 0) {
      const split = rng.chance(0.25);
      const ispSession = (start: number, hours: number, last: boolean) =>
        story.at(afterPauses(start), (d) => {
          if (!active(d)) return;
          story.exec(
            { type: 'RecordIspHours', data: { provider: rng.pick(ISP_PROVIDERS), date: iso(d), hours } },
            d,
          );
          checkRequirements(d);
          if (!last) ispSession(d + rng.int(7, 40), rules.isp.hours / 2, true);
        });
      ispSession(signedOn + rng.int(20, 240), split ? rules.isp.hours / 2 : rules.isp.hours, !split);
    }

    // Evaluation interviews every six months; mostly missed once the person stopped coming (two missed in a row end the convocations).
    let missed = 0;
    const evaluation = (when: number) =>
      story.at(when, (d) => {
        if (attested || !story.open || missed >= 2 || (stopped && story.state.obligation !== 'obliged'))
          return;
        const attended = stopped ? rng.chance(0.15) : rng.chance(pace === 'slow' ? 0.8 : 0.92);
        missed = attended ? 0 : missed + 1;
        const convocation = stopped || rng.chance(0.35) ? 'registered-letter' : 'email';
        story.exec(
          {
            type: 'RecordEvaluation',
            data: {
              date: iso(d),
              convocation,
              attended,
              absenceJustified: attended ? null : rng.chance(0.45),
              notes: rng.pick(EVALUATION_NOTES),
            },
          },
          d,
        );
        evaluation(day(addMonths(iso(d), rules.evaluationIntervalMonths)) + rng.int(-10, 20));
      });
    evaluation(day(addMonths(iso(signedOn), rules.evaluationIntervalMonths)) + rng.int(-15, 20));

    // An amendment (ISP added) now and then.
    if (rng.chance(0.03)) {
      story.at(signedOn + rng.int(60, 300), (d) => {
        const c = story.state.convention;
        if (c === null || attested || attestationPlanned || c.includesIsp) return;
        story.exec(
          {
            type: 'SignConvention',
            data: {
              signedOn: iso(d),
              includesFrench: c.includesFrench,
              includesIsp: true,
              citizenshipLanguage: c.citizenshipLanguage,
            },
          },
          d,
        );
      });
    }

    if (obligedAtOpening) obligedDelays(signedOn, active);
  };

  // --- Obliged cases: dispenses, extensions, suspensions -------------------------------------------
  const obligedDelays = (signedOn: number, active: (d: number) => boolean) => {
    const base = attestationSchedule(story.state, iso(signedOn), rules);
    if (base === null) return;
    if (rng.chance(0.12)) {
      const category = rng.weighted<DispenseCategory>([
        ['D5', 45],
        ['D2', 12],
        ['D6', 15],
        ['D3', 10],
        ['D1', 8],
        ['D7', 3],
        ['D8', 4],
        ['D9', 3],
      ]);
      story.at(signedOn + rng.int(20, 500), (d) => {
        if (attested) return;
        const ok = story.exec(
          {
            type: 'RecordDispense',
            data: { category, decidedOn: iso(d), evidence: DISPENSE_EVIDENCE[category] },
          },
          d,
        );
        if (ok !== null && rng.chance(0.5)) stopped = true;
      });
    }
    if (rng.chance(0.08)) {
      const from = signedOn + rng.int(30, 400);
      const known = rng.chance(0.6);
      const to = from + rng.int(30, 180);
      pauses.push([from, to]);
      const reason: DelayReason = sex === 'F' && rng.chance(0.5) ? 'pregnancy' : 'illness';
      const evidence = reason === 'pregnancy' ? 'Certificat de grossesse' : 'Certificat médical';
      story.at(from + rng.int(0, 14), (d) => {
        if (!active(d) || story.state.obligation !== 'obliged') return;
        const schedule = attestationSchedule(story.state, iso(d), rules);
        if (schedule === null || from > day(schedule.dueOn)) return;
        const ok = story.exec(
          {
            type: 'StartSuspension',
            data: { from: iso(from), to: known ? iso(to) : null, reason, evidence },
          },
          d,
        );
        if (ok !== null && !known)
          story.at(to + rng.int(0, 20), (e) =>
            story.exec({ type: 'EndSuspension', data: { to: iso(to) } }, e),
          );
      });
    }
    // Near the deadline, a case behind schedule may get an extension (the others go overdue).
    const extensionCheck = (dueOn: number, count: number) =>
      story.at(dueOn - rng.int(15, 75), (d) => {
        if (attested || !story.open || story.state.obligation !== 'obliged') return;
        if (evaluateRequirements(story.state, iso(d), rules).met) return;
        if (!rng.chance(count === 0 ? 0.5 : 0.25)) return;
        const schedule = attestationSchedule(story.state, iso(d), rules);
        if (schedule === null) return;
        const until = day(addMonths(schedule.dueOn, rng.int(3, 12)));
        const reason = rng.weighted<DelayReason>([
          ['work-schedule', 30],
          ['illness', 20],
          ['training-unavailable', 20],
          ['pregnancy', sex === 'F' ? 10 : 0],
          ['force-majeure', 5],
          ['other', 15],
        ]);
        const ok = story.exec(
          {
            type: 'GrantExtension',
            data: {
              decidedOn: iso(d),
              until: iso(until),
              reason,
              decidedBy: rng.chance(0.8) ? 'cri' : 'administration',
              evidence: rng.chance(0.8) ? extensionEvidence(reason) : null,
            },
          },
          d,
        );
        if (ok !== null && !stopped) extensionCheck(until, count + 1);
      });
    extensionCheck(day(base.dueOn), 0);
  };

  // --- Attestation, then perhaps the nationality dossier and the closure ----------------------------
  // Cheap progress from the state (evaluateRequirements re-reads every period: it only confirms, once everything looks met).
  const sumHours = (periods: readonly { readonly hours: number }[]) =>
    periods.reduce((total, p) => total + p.hours, 0);
  // The regime depends on the card order date, or on the convention's first signature: fixed once the convention exists.
  let regimeCache: { readonly regime: ReturnType<typeof regimeFor> } | null = null;
  const regime = () => {
    if (regimeCache === null && story.state.convention !== null)
      regimeCache = { regime: regimeFor(story.state, rules) };
    return regimeCache?.regime ?? regimeFor(story.state, rules);
  };
  const french = () => {
    const hoursDone = sumHours(story.state.frenchHours);
    const target = regime();
    const convention = story.state.convention;
    const met =
      convention !== null &&
      (!convention.includesFrench ||
        (target !== null && hoursDone >= target.frenchHours) ||
        story.state.frenchCertifications.some(
          (c) => !c.oralOnly && levelAtLeast(c.level, target?.frenchLevelTarget ?? 'A2'),
        ));
    return { hoursDone, met };
  };
  const citizenship = () => ({ hoursDone: sumHours(story.state.citizenshipHours) });
  const regimeHours = () => ({ citizenship: regime()?.citizenshipHours ?? 60 });
  const looksMet = () => {
    const convention = story.state.convention;
    if (convention === null || !french().met || citizenship().hoursDone < regimeHours().citizenship)
      return false;
    return !ispRequiredFor(convention, rules) || sumHours(story.state.ispHours) >= rules.isp.hours;
  };
  const checkRequirements = (d: number) => {
    if (attestationPlanned || attested || !story.open || !looksMet()) return;
    if (!evaluateRequirements(story.state, iso(d), rules).met) return;
    attestationPlanned = true;
    story.at(d + rng.int(5, 45), (issuedOn) => {
      const number = `${story.state.criCode}-${iso(issuedOn).slice(0, 4)}-${String(index + 1).padStart(6, '0')}`;
      if (
        story.exec(
          { type: 'IssueAttestation', data: { issuedOn: iso(issuedOn), attestationNumber: number } },
          issuedOn,
        ) === null
      ) {
        attestationPlanned = false;
        return;
      }
      attested = true;
      afterAttestation(issuedOn);
    });
  };

  const afterAttestation = (issuedOn: number) => {
    let last = issuedOn;
    const dossierChance =
      profile === 'long-stay' ? 0.45 : profile === 'belgian' ? 0 : profile === 'eu-citizen' ? 0.03 : 0.08;
    if (rng.chance(dossierChance)) {
      const openedOn = issuedOn + rng.int(10, 240);
      last = openedOn;
      story.at(openedOn, (d) =>
        story.exec({ type: 'OpenNationalityDossier', data: { openedOn: iso(d), basis: '12bis-1-2' } }, d),
      );
      const proofs: Array<[NationalityProofKind, string]> = [
        ['social-integration', `${story.state.criCode} (attestation de fréquentation)`],
      ];
      const certification = story.state.frenchCertifications.find((c) => levelAtLeast(c.level, 'A2'));
      if (certification)
        proofs.push([certification.oralOnly ? 'language-a2-oral' : 'language-a2', certification.issuer]);
      else if (level === 'A0' && rng.chance(0.3))
        proofs.push(['literacy-course', rng.pick(frenchOperators(cri))]);
      if (rng.chance(0.6))
        proofs.push(['economic-participation', rng.pick(['ONSS', 'Employeur', 'SPF Finances'])]);
      if (rng.chance(0.8))
        proofs.push(['legal-stay', `Commune (${findCommune(commune)?.name ?? 'registre'})`]);
      if (rng.chance(0.6)) proofs.push(['birth-certificate', rng.pick(['Ambassade', 'Consulat', 'Commune'])]);
      for (const [kind, issuer] of proofs) {
        last += rng.int(0, 30);
        story.at(last, (d) =>
          story.exec(
            {
              type: 'AttachNationalityProof',
              data: {
                kind,
                issuer,
                date: iso(d - rng.int(0, 20)),
                reference: rng.chance(0.7) ? `Réf. ${rng.int(10000, 99999)}` : null,
              },
            },
            d,
          ),
        );
      }
    }
    if (rng.chance(0.3)) story.at(last + rng.int(15, 200), (d) => close('completed', d));
  };

  story.run();
  return done();

  function done(): GeneratedParcours {
    return { index, parcoursId, profile, steps: story.steps, state: story.state, rejected: story.rejected };
  }
}

// ---------------------------------------------------------------------------------------------

function originFor(profile: SeedProfile, rng: Rng): Origin {
  switch (profile) {
    case 'turkish':
      return TURKEY;
    case 'temporary-protection':
      return UKRAINE;
    case 'eu-citizen':
      return rng.weighted(EU_ORIGINS);
    case 'belgian':
      return rng.weighted(BELGIAN_ORIGINS);
    default:
      return rng.weighted(THIRD_COUNTRY_ORIGINS);
  }
}

/** A day in [from, to], years weighted by YEAR_WEIGHTS. */
function drawDay(rng: Rng, from: number, to: number): number {
  const years: Array<readonly [readonly [number, number], number]> = [];
  for (let y = Number(iso(from).slice(0, 4)); y <= Number(iso(to).slice(0, 4)); y++) {
    const start = Math.max(from, day(`${y}-01-01`));
    const end = Math.min(to, day(`${y}-12-31`));
    if (end >= start) years.push([[start, end], (end - start + 1) * (YEAR_WEIGHTS[y] ?? 1.3)]);
  }
  const [start, end] = rng.weighted(years);
  return rng.int(start, end);
}

function permitFor(
  profile: SeedProfile,
  card: number | null,
  rng: Rng,
): { type: string; validUntil: IsoDate } | null {
  if (card === null) return null;
  const months = (min: number, max: number) => addMonths(iso(card), rng.int(min, max));
  switch (profile) {
    case 'eu-citizen':
      return { type: 'carte EU', validUntil: months(60, 60) };
    case 'eu-family':
      return { type: 'carte F', validUntil: months(60, 60) };
    case 'temporary-protection':
      return { type: 'carte A (protection temporaire)', validUntil: months(6, 13) };
    case 'protection-applicant':
      return { type: "attestation d'immatriculation", validUntil: months(4, 12) };
    case 'short-permit':
      return { type: 'carte A', validUntil: iso(card + rng.int(20, 85)) };
    case 'long-stay':
      return { type: rng.pick(['carte B', 'carte K']), validUntil: months(60, 120) };
    default:
      return rng.chance(0.2)
        ? null
        : {
            type: rng.pick(['carte A', 'carte A', 'carte A', 'carte B', 'carte K']),
            validUntil: months(6, 60),
          };
  }
}

function positioningLevel(origin: Origin, rng: Rng): CefrLevel {
  if (rng.chance(origin.francophone))
    return rng.weighted<CefrLevel>([
      ['A2', 40],
      ['B1', 40],
      ['B2', 15],
      ['C1', 5],
    ]);
  return rng.weighted<CefrLevel>([
    ['A0', 30],
    ['A1', 42],
    ['A2', 18],
    ['B1', 10],
  ]);
}

/** Chance, after a French period, that an A2 certificate follows. */
function certificationChance(level: CefrLevel, pace: Pace, hoursDone: number): number {
  if (pace === 'slow' || pace === 'dropout' || hoursDone < 120) return 0;
  return level === 'A0' ? 0.01 : level === 'A1' ? 0.05 : 0.12;
}

function extensionEvidence(reason: DelayReason): string {
  switch (reason) {
    case 'work-schedule':
      return "Attestation de l'employeur (horaires incompatibles)";
    case 'illness':
      return 'Certificat médical';
    case 'pregnancy':
      return 'Certificat de grossesse';
    case 'training-unavailable':
      return "Liste d'attente de l'opérateur de formation";
    default:
      return 'Pièces justificatives au dossier';
  }
}

/** Counts the population's main shares (for the summary and the tests). */
export type PopulationStats = {
  parcours: number;
  events: number;
  rejected: number;
  byObligation: Record<string, number>;
  byCri: Record<string, number>;
  byStage: Record<string, number>;
  byEventType: Record<string, number>;
};

export const emptyStats = (): PopulationStats => ({
  parcours: 0,
  events: 0,
  rejected: 0,
  byObligation: {},
  byCri: {},
  byStage: {},
  byEventType: {},
});

export function addToStats(stats: PopulationStats, parcours: GeneratedParcours): void {
  const bump = (table: Record<string, number>, key: string, n = 1) => (table[key] = (table[key] ?? 0) + n);
  stats.parcours += 1;
  stats.rejected += parcours.rejected.length;
  bump(stats.byObligation, parcours.state.obligation ?? 'none');
  bump(stats.byCri, parcours.state.criCode || 'none');
  bump(stats.byStage, stageOf(parcours.state));
  for (const step of parcours.steps) {
    stats.events += step.events.length;
    for (const event of step.events) bump(stats.byEventType, event.type);
  }
}
