/**
 * What the attestation de fréquentation requires (domain.md §4.8), evaluated at a date: the
 * accueil, the convention, and the hours (or level) of each axis of the convention and regime.
 */
import { isOnOrAfter, isOnOrBefore, type IsoDate } from '@app/calendar';
import type { MissingRequirement } from './errors';
import type { FrenchValidation } from './events';
import { levelAtLeast, CEFR_LEVELS, type CefrLevel } from './reference-data';
import { regimeFor, type Regime, type RuleConfig } from './rules';
import type { ParcoursState } from './state';

export type AxisProgress = {
  readonly required: boolean;
  readonly hoursDone: number;
  readonly hoursRequired: number | null;
  readonly levelReached: CefrLevel | null;
  readonly met: boolean;
};

export type FrenchLevelReached = {
  readonly level: CefrLevel;
  readonly validatedBy: 'certification' | 'positioning';
  readonly date: IsoDate;
  readonly test: string | null;
  readonly issuer: string | null;
  readonly oralOnly: boolean;
};

export type RequirementsEvaluation = {
  readonly asOf: IsoDate;
  readonly regime: Regime | null;
  readonly met: boolean;
  readonly missing: readonly MissingRequirement[];
  readonly accueil: {
    readonly rightsAndDuties: boolean;
    readonly bilanSocial: boolean;
    readonly frenchPositioning: boolean;
    readonly frenchPositioningRequired: boolean;
    readonly complete: boolean;
  };
  readonly conventionSigned: boolean;
  readonly ispRequired: boolean;
  readonly progress: {
    readonly french: AxisProgress;
    readonly citizenship: AxisProgress;
    readonly isp: AxisProgress;
  };
  readonly frenchValidation: FrenchValidation | null;
  readonly frenchLevel: FrenchLevelReached | null;
};

/** French decimal hours: 42.5 → « 42,5 h ». */
export const formatHours = (hours: number): string =>
  `${String(Math.round(hours * 100) / 100).replace('.', ',')} h`;

const sum = (values: readonly number[]): number => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;

/** ISP orientation is required for conventions signed from the configured date, or when the convention includes it. */
export function ispRequiredFor(
  convention: { firstSignedOn: IsoDate; includesIsp: boolean },
  rules: RuleConfig,
): boolean {
  return (
    convention.includesIsp ||
    isOnOrAfter(convention.firstSignedOn, rules.isp.requiredForConventionsSignedFrom)
  );
}

/** Highest French level known at `asOf`: the best certification, else the latest positioning test. */
export function frenchLevelAt(state: ParcoursState, asOf: IsoDate): FrenchLevelReached | null {
  const rank = (level: CefrLevel) => CEFR_LEVELS.indexOf(level);
  let best: FrenchLevelReached | null = null;
  for (const c of state.frenchCertifications) {
    if (!isOnOrBefore(c.date, asOf)) continue;
    if (
      best === null ||
      rank(c.level) > rank(best.level) ||
      (rank(c.level) === rank(best.level) && best.oralOnly && !c.oralOnly)
    ) {
      best = {
        level: c.level,
        validatedBy: 'certification',
        date: c.date,
        test: c.test,
        issuer: c.issuer,
        oralOnly: c.oralOnly,
      };
    }
  }
  if (best !== null) return best;
  for (const p of state.frenchPositionings) {
    if (isOnOrBefore(p.date, asOf)) {
      best = {
        level: p.level,
        validatedBy: 'positioning',
        date: p.date,
        test: p.test,
        issuer: null,
        oralOnly: false,
      };
    }
  }
  return best;
}

export function evaluateRequirements(
  state: ParcoursState,
  asOf: IsoDate,
  rules: RuleConfig,
): RequirementsEvaluation {
  const regime = regimeFor(state, rules);
  const missing: MissingRequirement[] = [];
  const done = (date: IsoDate | null | undefined) => date != null && isOnOrBefore(date, asOf);

  const rightsAndDuties = done(state.rightsAndDutiesOn);
  const bilanSocial = done(state.bilanSocial?.date);
  const frenchPositioning = state.frenchPositionings.some((p) => done(p.date));
  const frenchPositioningRequired = regime?.frenchPositioningInAccueil ?? true;
  if (!rightsAndDuties)
    missing.push({
      code: 'RIGHTS_AND_DUTIES',
      label: "Module d'accueil : information sur les droits et devoirs",
    });
  if (!bilanSocial) missing.push({ code: 'BILAN_SOCIAL', label: "Module d'accueil : bilan social" });
  if (frenchPositioningRequired && !frenchPositioning) {
    missing.push({
      code: 'FRENCH_POSITIONING',
      label: "Module d'accueil : test de positionnement en français",
    });
  }
  const accueilComplete = rightsAndDuties && bilanSocial && (frenchPositioning || !frenchPositioningRequired);

  const convention =
    state.convention !== null && done(state.convention.firstSignedOn) ? state.convention : null;
  if (convention === null) missing.push({ code: 'CONVENTION', label: "Convention d'accueil signée" });
  if (regime === null)
    missing.push({
      code: 'REGIME',
      label: 'Régime applicable inconnu (date de commande du titre ou de la convention)',
    });

  const frenchHours = sum(state.frenchHours.filter((p) => done(p.to)).map((p) => p.hours));
  const citizenshipHours = sum(state.citizenshipHours.filter((p) => done(p.to)).map((p) => p.hours));
  const ispHours = sum(state.ispHours.filter((s) => done(s.date)).map((s) => s.hours));
  const frenchLevel = frenchLevelAt(state, asOf);
  const target = regime?.frenchLevelTarget ?? 'A2';
  // The parcours asks for a certified level; an oral-only certificate (illiteracy, nationality law) does not end the French requirement.
  const certified = state.frenchCertifications.some(
    (c) => done(c.date) && !c.oralOnly && levelAtLeast(c.level, target),
  );

  const citizenshipRequired = regime?.citizenshipHours ?? null;
  const citizenshipMet = citizenshipRequired !== null && citizenshipHours >= citizenshipRequired;
  if (!citizenshipMet) {
    missing.push({
      code: 'CITIZENSHIP_HOURS',
      label: `Formation à la citoyenneté : ${formatHours(citizenshipHours)} sur ${citizenshipRequired === null ? '?' : formatHours(citizenshipRequired)}`,
    });
  }

  const frenchRequired = convention?.includesFrench ?? false;
  const frenchHoursRequired = regime?.frenchHours ?? null;
  const frenchByHours = frenchHoursRequired !== null && frenchHours >= frenchHoursRequired;
  const frenchMet = convention !== null && (!frenchRequired || certified || frenchByHours);
  if (convention !== null && frenchRequired && !frenchMet) {
    missing.push({
      code: 'FRENCH_HOURS_OR_LEVEL',
      label: `Français : ${formatHours(frenchHours)} sur ${frenchHoursRequired === null ? '?' : formatHours(frenchHoursRequired)}, ou niveau ${target} certifié`,
    });
  }
  const frenchValidation: FrenchValidation | null =
    convention === null
      ? null
      : !frenchRequired
        ? 'not-in-convention'
        : certified
          ? 'certification'
          : frenchByHours
            ? 'hours'
            : null;

  const ispRequired = convention !== null && ispRequiredFor(convention, rules);
  const ispMet = convention !== null && (!ispRequired || ispHours >= rules.isp.hours);
  if (convention !== null && ispRequired && !ispMet) {
    missing.push({
      code: 'ISP_HOURS',
      label: `Orientation socioprofessionnelle : ${formatHours(ispHours)} sur ${formatHours(rules.isp.hours)}`,
    });
  }

  return {
    asOf,
    regime,
    met: missing.length === 0,
    missing,
    accueil: {
      rightsAndDuties,
      bilanSocial,
      frenchPositioning,
      frenchPositioningRequired,
      complete: accueilComplete,
    },
    conventionSigned: convention !== null,
    ispRequired,
    progress: {
      french: {
        required: frenchRequired,
        hoursDone: frenchHours,
        hoursRequired: frenchRequired ? frenchHoursRequired : null,
        levelReached: frenchLevel?.level ?? null,
        met: frenchMet,
      },
      citizenship: {
        required: true,
        hoursDone: citizenshipHours,
        hoursRequired: citizenshipRequired,
        levelReached: null,
        met: citizenshipMet,
      },
      isp: {
        required: ispRequired,
        hoursDone: ispHours,
        hoursRequired: ispRequired ? rules.isp.hours : null,
        levelReached: null,
        met: ispMet,
      },
    },
    frenchValidation,
    frenchLevel,
  };
}
