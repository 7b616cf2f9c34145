/**
 * The rule regimes (domain.md §6) and every value the law leaves uncertain, as ONE configuration.
 * Rules read values from here; nothing that changes with the law is an `if` elsewhere.
 * Each value's source and confidence is repeated in docs/rules.md for the jurists.
 *
 * Size (~530 lines): it is the one place of the legal configuration — the regimes, their values
 * with source and confidence, the checks of an operator's override, the regime selection and the
 * legal defaults. Keeping them together is the point (issue 13: « every legal default in one place »).
 */
import { isAfter, isBefore, isValidDate, type IsoDate } from '@app/calendar';
import {
  DISPENSE_CATEGORIES,
  isCefrLevel,
  isDispenseCategory,
  type CefrLevel,
  type Confidence,
  type DispenseCategory,
  type ExtensionDecider,
  type NationalityBasis,
} from './reference-data';

export type RegimeId = '2016' | '2018' | 'covid' | '2025';
export const REGIME_IDS: readonly RegimeId[] = ['2016', '2018', 'covid', '2025'];

export type FineRange = { readonly min: number; readonly max: number };

/** Card order dates (inclusive) a regime applies to; `to: null` = no end. A regime with no window is never selected. */
export type CardOrderWindow = { readonly from: IsoDate; readonly to: IsoDate | null };

export type Regime = {
  readonly id: RegimeId;
  /** 'Régime 2025': shown in explanations. */
  readonly label: string;
  /** The legal text that set the regime, as shown in explanations: 'décret du 14 mars 2024'. */
  readonly source: string;
  readonly cardOrderWindow: CardOrderWindow | null;
  /** Attestation deadline: card order date + this many months (art. 152/7 §2 CWASS). */
  readonly attestationMonths: number;
  /** Presentation deadline: commune registration date + this many months. */
  readonly presentationMonths: number;
  /** Minimum French (FLE) hours when French is in the convention, unless `frenchLevelTarget` is certified. */
  readonly frenchHours: number;
  readonly frenchLevelTarget: CefrLevel;
  readonly citizenshipHours: number;
  /** Citizenship training may be given in any language the person understands (2024 decree, art. 152/5). */
  readonly citizenshipAnyLanguage: boolean;
  /** The French positioning test is part of the module d'accueil (since the 2018 decree). */
  readonly frenchPositioningInAccueil: boolean;
  /** Applicants for international protection are not primo-arrivants (2024 definition, art. 150, 4°). */
  readonly excludesInternationalProtectionApplicants: boolean;
  readonly dispenseCategories: readonly DispenseCategory[];
  /** Administrative fine range in euros (sanctions). */
  readonly fineRange: FineRange;
  readonly confidence: {
    readonly window: Confidence;
    readonly attestationMonths: Confidence;
    readonly presentationMonths: Confidence;
    readonly hours: Confidence;
    readonly fineRange: Confidence;
    readonly dispenseCategories: Confidence;
  };
};

export type D4ReferenceDate = 'cardOrderDate' | 'communeRegistrationDate' | 'openedOn';

export type RuleConfig = {
  readonly regimes: readonly Regime[];
  /** D4 (age) dispense: reference date and bounds. Reference date unverified: card order date by default. */
  readonly d4: { readonly referenceDate: D4ReferenceDate; readonly minAge: number; readonly maxAge: number };
  /** D10: Turkey and the States with an identical standstill clause (ISO alpha-2). Only Turkey is confirmed. */
  readonly standstillStates: readonly string[];
  /** A deadline is 'due-soon' when it falls within this many days of `asOf`. */
  readonly dueSoonDays: number;
  /** An evaluation interview is due this many months after the convention or the last interview. */
  readonly evaluationIntervalMonths: number;
  /** Default period (days) to answer a sanction notice. Unverified. */
  readonly noticeResponseDays: number;
  /** Extension limits; null = unlimited (the law's limits are unverified). */
  readonly extensionLimits: { readonly maxCount: number | null; readonly maxTotalMonths: number | null };
  /** Plausibility bound for recorded training hours. */
  readonly maxHoursPerDay: number;
  /** ISP orientation: required for conventions signed from this date, otherwise only when the convention includes it. */
  readonly isp: { readonly requiredForConventionsSignedFrom: IsoDate; readonly hours: number };
};

const ALL_DISPENSES = DISPENSE_CATEGORIES;
const FINE_2016_ON: FineRange = { min: 100, max: 2500 };

export const DEFAULT_REGIMES: readonly Regime[] = [
  {
    id: '2016',
    label: 'Régime 2016',
    source: 'décret du 28 avril 2016',
    cardOrderWindow: { from: '2016-05-19', to: '2018-12-16' },
    attestationMonths: 18,
    presentationMonths: 3,
    frenchHours: 120,
    frenchLevelTarget: 'A2',
    citizenshipHours: 20,
    citizenshipAnyLanguage: false,
    frenchPositioningInAccueil: false,
    excludesInternationalProtectionApplicants: false,
    dispenseCategories: ['D1', 'D2', 'D3', 'D4', 'D6', 'D7', 'D8', 'D9', 'D10', 'D11'],
    fineRange: FINE_2016_ON,
    confidence: {
      window: 'confirmed',
      attestationMonths: 'confirmed',
      presentationMonths: 'confirmed',
      hours: 'probable',
      fineRange: 'probable',
      dispenseCategories: 'unverified',
    },
  },
  {
    id: '2018',
    label: 'Régime 2018',
    source: 'décret du 8 novembre 2018',
    cardOrderWindow: { from: '2018-12-17', to: '2024-12-31' },
    attestationMonths: 18,
    presentationMonths: 3,
    frenchHours: 400,
    frenchLevelTarget: 'A2',
    citizenshipHours: 60,
    citizenshipAnyLanguage: false,
    frenchPositioningInAccueil: true,
    excludesInternationalProtectionApplicants: false,
    dispenseCategories: ALL_DISPENSES,
    fineRange: FINE_2016_ON,
    confidence: {
      window: 'confirmed',
      attestationMonths: 'confirmed',
      presentationMonths: 'confirmed',
      hours: 'confirmed',
      fineRange: 'probable',
      dispenseCategories: 'confirmed',
    },
  },
  {
    // AGW de pouvoirs spéciaux n° 63, art. 11: 30 months for cards ordered in a window we could not read.
    // Empty by default: set `regimes.covid.cardOrderWindow` once the text is checked.
    id: 'covid',
    label: 'Régime COVID',
    source: 'AGW de pouvoirs spéciaux n° 63 du 10 décembre 2020, art. 11',
    cardOrderWindow: null,
    attestationMonths: 30,
    presentationMonths: 3,
    frenchHours: 400,
    frenchLevelTarget: 'A2',
    citizenshipHours: 60,
    citizenshipAnyLanguage: false,
    frenchPositioningInAccueil: true,
    excludesInternationalProtectionApplicants: false,
    dispenseCategories: ALL_DISPENSES,
    fineRange: FINE_2016_ON,
    confidence: {
      window: 'unverified',
      attestationMonths: 'confirmed',
      presentationMonths: 'confirmed',
      hours: 'confirmed',
      fineRange: 'probable',
      dispenseCategories: 'confirmed',
    },
  },
  {
    id: '2025',
    label: 'Régime 2025',
    source: 'décret du 14 mars 2024',
    cardOrderWindow: { from: '2025-01-01', to: null },
    attestationMonths: 36,
    presentationMonths: 3,
    frenchHours: 400,
    frenchLevelTarget: 'A2',
    citizenshipHours: 60,
    citizenshipAnyLanguage: true,
    frenchPositioningInAccueil: true,
    excludesInternationalProtectionApplicants: true,
    dispenseCategories: ALL_DISPENSES,
    fineRange: FINE_2016_ON,
    confidence: {
      window: 'probable',
      attestationMonths: 'confirmed',
      presentationMonths: 'unverified',
      hours: 'probable',
      fineRange: 'probable',
      dispenseCategories: 'unverified',
    },
  },
];

export const defaultRuleConfig: RuleConfig = {
  regimes: DEFAULT_REGIMES,
  d4: { referenceDate: 'cardOrderDate', minAge: 18, maxAge: 65 },
  standstillStates: ['TR'],
  dueSoonDays: 60,
  evaluationIntervalMonths: 6,
  noticeResponseDays: 30,
  extensionLimits: { maxCount: null, maxTotalMonths: null },
  maxHoursPerDay: 10,
  isp: { requiredForConventionsSignedFrom: '2021-05-12', hours: 4 },
};

// ---------------------------------------------------------------------------------------------
// Regime selection

const inWindow = (date: IsoDate, window: CardOrderWindow | null): window is CardOrderWindow =>
  window !== null && !isBefore(date, window.from) && (window.to === null || !isAfter(date, window.to));

/**
 * The regime whose card-order window holds `date`. When windows overlap (the COVID window lies
 * inside the 2018 one), the window that starts last is the more specific and wins.
 */
export function regimeForDate(date: IsoDate, rules: RuleConfig): Regime | null {
  let chosen: Regime | null = null;
  for (const regime of rules.regimes) {
    if (!inWindow(date, regime.cardOrderWindow)) continue;
    if (
      chosen === null ||
      isAfter(regime.cardOrderWindow.from, (chosen.cardOrderWindow as CardOrderWindow).from)
    ) {
      chosen = regime;
    }
  }
  return chosen;
}

/** What regime selection reads from a parcours (a `ParcoursState` fits). */
export type RegimeSubject = {
  readonly cardOrderDate: IsoDate | null;
  readonly convention: { readonly firstSignedOn: IsoDate } | null;
};

/**
 * The regime of a parcours — the one place that selects it, for every rule and every screen. Selected
 * by the card order date; when that date is unknown (volunteers) or no regime covers it, the regime in
 * force on the convention's first signature (hour requirements only: such a case has no attestation
 * deadline), or on `signingOn` while the first convention is being signed; null before the convention.
 * Given a date, the regime of a card ordered that day.
 */
export function regimeFor(
  subject: RegimeSubject | IsoDate | null,
  rules: RuleConfig,
  signingOn?: IsoDate,
): Regime | null {
  if (subject === null) return null;
  if (typeof subject === 'string') return isValidDate(subject) ? regimeForDate(subject, rules) : null;
  const byCard =
    subject.cardOrderDate !== null && isValidDate(subject.cardOrderDate)
      ? regimeForDate(subject.cardOrderDate, rules)
      : null;
  if (byCard !== null) return byCard;
  const signed = subject.convention?.firstSignedOn ?? signingOn ?? null;
  return signed !== null && isValidDate(signed) ? regimeForDate(signed, rules) : null;
}

/**
 * The legal defaults of optional command fields, in one place (every handler reads them here).
 * - An extension is decided by the CRI unless the administration decided it (art. 152/5 CWASS, domain.md §5).
 * - A nationality dossier is opened on art. 12bis §1er 2° CNB, the one basis Jalon follows (domain.md §9).
 * - A convention includes the ISP orientation only when said so; a certification is written and oral
 *   unless said to be oral only; the special situations of the opening flags are false unless said.
 */
export const LEGAL_DEFAULTS = {
  extensionDecidedBy: 'cri',
  nationalityBasis: '12bis-1-2',
  conventionIncludesIsp: false,
  certificationOralOnly: false,
  openingFlag: false,
} as const satisfies {
  readonly extensionDecidedBy: ExtensionDecider;
  readonly nationalityBasis: NationalityBasis;
  readonly conventionIncludesIsp: boolean;
  readonly certificationOralOnly: boolean;
  readonly openingFlag: boolean;
};

export function regimeById(id: RegimeId, rules: RuleConfig): Regime | null {
  return rules.regimes.find((regime) => regime.id === id) ?? null;
}

/** "Régime 2025 (décret du 14 mars 2024)" */
export const regimeTitle = (regime: Regime): string => `${regime.label} (${regime.source})`;

// ---------------------------------------------------------------------------------------------
// Overrides (JSON, e.g. from an environment variable or a file): validated, unknown keys refused.

type Json = unknown;

class ConfigError extends Error {
  constructor(path: string, message: string) {
    super(`Invalid rule configuration at "${path}": ${message}`);
    this.name = 'RuleConfigError';
  }
}

const isPlainObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function expectObject(value: Json, path: string, allowedKeys: readonly string[]): Record<string, Json> {
  if (!isPlainObject(value)) throw new ConfigError(path, 'expected an object');
  for (const key of Object.keys(value)) {
    if (!allowedKeys.includes(key)) {
      throw new ConfigError(
        path ? `${path}.${key}` : key,
        `unknown key (allowed: ${allowedKeys.join(', ')})`,
      );
    }
  }
  return value;
}

function expectNumber(value: Json, path: string, opts: { integer?: boolean; min?: number } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ConfigError(path, 'expected a number');
  if (opts.integer && !Number.isInteger(value)) throw new ConfigError(path, 'expected an integer');
  if (opts.min !== undefined && value < opts.min)
    throw new ConfigError(path, `expected a number ≥ ${opts.min}`);
  return value;
}

function expectNullableNumber(
  value: Json,
  path: string,
  opts: { integer?: boolean; min?: number } = {},
): number | null {
  return value === null ? null : expectNumber(value, path, opts);
}

function expectDate(value: Json, path: string): IsoDate {
  if (!isValidDate(value)) throw new ConfigError(path, 'expected a date YYYY-MM-DD');
  return value;
}

function expectBoolean(value: Json, path: string): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(path, 'expected true or false');
  return value;
}

function expectFineRange(value: Json, path: string, base: FineRange): FineRange {
  const o = expectObject(value, path, ['min', 'max']);
  const min = o.min === undefined ? base.min : expectNumber(o.min, `${path}.min`, { min: 0 });
  const max = o.max === undefined ? base.max : expectNumber(o.max, `${path}.max`, { min: 0 });
  if (min > max) throw new ConfigError(path, `min (${min}) is greater than max (${max})`);
  return { min, max };
}

function expectWindow(value: Json, path: string): CardOrderWindow | null {
  if (value === null) return null;
  const o = expectObject(value, path, ['from', 'to']);
  if (o.from === undefined) throw new ConfigError(`${path}.from`, 'required');
  const from = expectDate(o.from, `${path}.from`);
  const to = o.to === undefined || o.to === null ? null : expectDate(o.to, `${path}.to`);
  if (to !== null && isBefore(to, from))
    throw new ConfigError(path, `"to" (${to}) is before "from" (${from})`);
  return { from, to };
}

const REGIME_OVERRIDABLE_KEYS = [
  'cardOrderWindow',
  'attestationMonths',
  'presentationMonths',
  'frenchHours',
  'frenchLevelTarget',
  'citizenshipHours',
  'citizenshipAnyLanguage',
  'frenchPositioningInAccueil',
  'excludesInternationalProtectionApplicants',
  'dispenseCategories',
  'fineRange',
] as const;

function overrideRegime(base: Regime, value: Json, path: string): Regime {
  const o = expectObject(value, path, REGIME_OVERRIDABLE_KEYS);
  const months = (key: 'attestationMonths' | 'presentationMonths') =>
    o[key] === undefined ? base[key] : expectNumber(o[key], `${path}.${key}`, { integer: true, min: 1 });
  const hours = (key: 'frenchHours' | 'citizenshipHours') =>
    o[key] === undefined ? base[key] : expectNumber(o[key], `${path}.${key}`, { min: 0 });
  const flag = (
    key:
      'citizenshipAnyLanguage' | 'frenchPositioningInAccueil' | 'excludesInternationalProtectionApplicants',
  ) => (o[key] === undefined ? base[key] : expectBoolean(o[key], `${path}.${key}`));
  let frenchLevelTarget = base.frenchLevelTarget;
  if (o.frenchLevelTarget !== undefined) {
    if (!isCefrLevel(o.frenchLevelTarget))
      throw new ConfigError(`${path}.frenchLevelTarget`, 'expected a CEFR level (A0…C2)');
    frenchLevelTarget = o.frenchLevelTarget;
  }
  let dispenseCategories = base.dispenseCategories;
  if (o.dispenseCategories !== undefined) {
    const list = o.dispenseCategories;
    if (!Array.isArray(list))
      throw new ConfigError(`${path}.dispenseCategories`, 'expected an array of D1…D11');
    list.forEach((category, i) => {
      if (!isDispenseCategory(category))
        throw new ConfigError(`${path}.dispenseCategories[${i}]`, 'expected one of D1…D11');
    });
    dispenseCategories = list as DispenseCategory[];
  }
  return {
    ...base,
    cardOrderWindow:
      o.cardOrderWindow === undefined
        ? base.cardOrderWindow
        : expectWindow(o.cardOrderWindow, `${path}.cardOrderWindow`),
    attestationMonths: months('attestationMonths'),
    presentationMonths: months('presentationMonths'),
    frenchHours: hours('frenchHours'),
    citizenshipHours: hours('citizenshipHours'),
    frenchLevelTarget,
    citizenshipAnyLanguage: flag('citizenshipAnyLanguage'),
    frenchPositioningInAccueil: flag('frenchPositioningInAccueil'),
    excludesInternationalProtectionApplicants: flag('excludesInternationalProtectionApplicants'),
    dispenseCategories,
    fineRange:
      o.fineRange === undefined
        ? base.fineRange
        : expectFineRange(o.fineRange, `${path}.fineRange`, base.fineRange),
  };
}

const TOP_LEVEL_KEYS = [
  'regimes',
  'd4',
  'standstillStates',
  'dueSoonDays',
  'evaluationIntervalMonths',
  'noticeResponseDays',
  'extensionLimits',
  'maxHoursPerDay',
  'isp',
] as const;

/**
 * Applies a JSON override object to the defaults, e.g.
 * `{"regimes": {"covid": {"cardOrderWindow": {"from": "2020-03-01", "to": "2021-06-30"}}}, "dueSoonDays": 45}`.
 * `null` or `undefined` → the defaults. Throws an Error naming the first bad key.
 */
export function resolveRuleConfig(overrides: unknown, base: RuleConfig = defaultRuleConfig): RuleConfig {
  if (overrides === undefined || overrides === null) return base;
  const o = expectObject(overrides, '', TOP_LEVEL_KEYS);

  let regimes = base.regimes;
  if (o.regimes !== undefined) {
    const byId = expectObject(o.regimes, 'regimes', REGIME_IDS);
    regimes = base.regimes.map((regime) =>
      byId[regime.id] === undefined
        ? regime
        : overrideRegime(regime, byId[regime.id], `regimes.${regime.id}`),
    );
  }

  let d4 = base.d4;
  if (o.d4 !== undefined) {
    const d = expectObject(o.d4, 'd4', ['referenceDate', 'minAge', 'maxAge']);
    let referenceDate = d4.referenceDate;
    if (d.referenceDate !== undefined) {
      const allowed: readonly D4ReferenceDate[] = ['cardOrderDate', 'communeRegistrationDate', 'openedOn'];
      if (!allowed.includes(d.referenceDate as D4ReferenceDate)) {
        throw new ConfigError('d4.referenceDate', `expected one of ${allowed.join(', ')}`);
      }
      referenceDate = d.referenceDate as D4ReferenceDate;
    }
    const minAge =
      d.minAge === undefined ? d4.minAge : expectNumber(d.minAge, 'd4.minAge', { integer: true, min: 0 });
    const maxAge =
      d.maxAge === undefined ? d4.maxAge : expectNumber(d.maxAge, 'd4.maxAge', { integer: true, min: 0 });
    if (minAge >= maxAge) throw new ConfigError('d4', `minAge (${minAge}) must be below maxAge (${maxAge})`);
    d4 = { referenceDate, minAge, maxAge };
  }

  let standstillStates = base.standstillStates;
  if (o.standstillStates !== undefined) {
    if (!Array.isArray(o.standstillStates))
      throw new ConfigError('standstillStates', 'expected an array of ISO 3166-1 alpha-2 codes');
    o.standstillStates.forEach((code, i) => {
      if (typeof code !== 'string' || !/^[A-Z]{2}$/.test(code)) {
        throw new ConfigError(`standstillStates[${i}]`, 'expected an ISO 3166-1 alpha-2 code such as "TR"');
      }
    });
    standstillStates = o.standstillStates as string[];
  }

  let extensionLimits = base.extensionLimits;
  if (o.extensionLimits !== undefined) {
    const e = expectObject(o.extensionLimits, 'extensionLimits', ['maxCount', 'maxTotalMonths']);
    extensionLimits = {
      maxCount:
        e.maxCount === undefined
          ? extensionLimits.maxCount
          : expectNullableNumber(e.maxCount, 'extensionLimits.maxCount', { integer: true, min: 0 }),
      maxTotalMonths:
        e.maxTotalMonths === undefined
          ? extensionLimits.maxTotalMonths
          : expectNullableNumber(e.maxTotalMonths, 'extensionLimits.maxTotalMonths', {
              integer: true,
              min: 0,
            }),
    };
  }

  let isp = base.isp;
  if (o.isp !== undefined) {
    const i = expectObject(o.isp, 'isp', ['requiredForConventionsSignedFrom', 'hours']);
    isp = {
      requiredForConventionsSignedFrom:
        i.requiredForConventionsSignedFrom === undefined
          ? isp.requiredForConventionsSignedFrom
          : expectDate(i.requiredForConventionsSignedFrom, 'isp.requiredForConventionsSignedFrom'),
      hours: i.hours === undefined ? isp.hours : expectNumber(i.hours, 'isp.hours', { min: 0 }),
    };
  }

  const positiveInteger = (
    key: 'dueSoonDays' | 'evaluationIntervalMonths' | 'noticeResponseDays',
    min: number,
  ) => (o[key] === undefined ? base[key] : expectNumber(o[key], key, { integer: true, min }));

  return {
    regimes,
    d4,
    standstillStates,
    dueSoonDays: positiveInteger('dueSoonDays', 0),
    evaluationIntervalMonths: positiveInteger('evaluationIntervalMonths', 1),
    noticeResponseDays: positiveInteger('noticeResponseDays', 1),
    extensionLimits,
    maxHoursPerDay:
      o.maxHoursPerDay === undefined
        ? base.maxHoursPerDay
        : expectNumber(o.maxHoursPerDay, 'maxHoursPerDay', { min: 1 }),
    isp,
  };
}
