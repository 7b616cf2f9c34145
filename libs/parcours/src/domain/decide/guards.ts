/**
 * The rule checks shared by the handlers: dates against today and against earlier steps, plausible hours,
 * the steps a command needs first. Input shape (a real date, a known code, a non-empty text) is checked at
 * the boundary (the API's DTOs), never here: a handler receives a typed command.
 */
import { inclusiveDays, isAfter, isBefore, isValidDate, periodsOverlap, type IsoDate } from '@app/calendar';
import { attestationSchedule, obligationAt } from '../deadlines';
import { DomainError, type DateSubject, type StepSubject } from '../errors';
import { findCommune } from '../communes/communes';
import type { TrainingAxis } from '../reference-data';
import type { Convention, OpenParcoursState } from '../state';
import type { DecideContext } from './context';

/** A fact already happened: not after today. */
export function notFuture(date: IsoDate, subject: DateSubject, ctx: DecideContext): IsoDate {
  if (isAfter(date, ctx.today)) throw new DomainError('DATE_IN_FUTURE', { subject, date, today: ctx.today });
  return date;
}

/** A past business date of this parcours: not in the future, not before the commune registration. */
export function pastDate(
  date: IsoDate,
  subject: DateSubject,
  state: OpenParcoursState,
  ctx: DecideContext,
): IsoDate {
  notFuture(date, subject, ctx);
  const registeredOn = state.communeRegistrationDate;
  // An erased or malformed registration date (old history) sets no lower bound.
  if (registeredOn !== null && isValidDate(registeredOn) && isBefore(date, registeredOn))
    throw new DomainError('DATE_BEFORE_REGISTRATION', { subject, date, registeredOn });
  return date;
}

/** A step is not dated before the step it follows. */
export function notBefore(
  date: IsoDate,
  step: StepSubject,
  previousDate: IsoDate,
  previousStep: StepSubject,
): void {
  if (isBefore(date, previousDate))
    throw new DomainError('DATE_BEFORE_PREVIOUS_STEP', { step, date, previousStep, previousDate });
}

/** An end is not before its start. */
export function period(from: IsoDate, to: IsoDate): void {
  if (isBefore(to, from)) throw new DomainError('INVALID_PERIOD', { from, to });
}

/** No more hours than the period's days allow (`maxHoursPerDay` a day). */
export function plausibleHours(hours: number, from: IsoDate, to: IsoDate, ctx: DecideContext): void {
  const days = inclusiveDays(from, to);
  const maxHoursPerDay = ctx.rules.maxHoursPerDay;
  if (hours > days * maxHoursPerDay)
    throw new DomainError('HOURS_IMPLAUSIBLE', { hours, from, to, days, maxHoursPerDay });
}

/** Operators are compared as people type them: without case, accents or repeated spaces. */
const sameOperator = (a: string, b: string): boolean => {
  const norm = (v: string) =>
    v.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();
  return norm(a) === norm(b);
};

/**
 * Hours of one axis and operator over a period that overlaps an entry already recorded are most often the same
 * hours entered twice (api.md v2): refused unless the user confirms; the event then carries the confirmation.
 */
export function noHoursOverlap(
  axis: TrainingAxis,
  entry: { readonly operator: string; readonly from: IsoDate; readonly to: IsoDate },
  recorded: readonly {
    readonly operator: string;
    readonly from: IsoDate;
    readonly to: IsoDate;
    readonly hours: number;
    readonly version: number;
  }[],
  confirmed: boolean | null | undefined,
): { overlapConfirmed?: true } {
  const existing = recorded.find(
    (r) => sameOperator(r.operator, entry.operator) && periodsOverlap(r.from, r.to, entry.from, entry.to),
  );
  if (existing === undefined) return {};
  if (confirmed === true) return { overlapConfirmed: true };
  const { operator, from, to, hours, version } = existing;
  throw new DomainError('HOURS_OVERLAP', { axis, existing: { operator, from, to, hours, version } });
}

/** Training hours and evaluations need the convention, and do not precede its first signature. */
export function conventionFor(date: IsoDate, step: StepSubject, state: OpenParcoursState): Convention {
  const convention = state.convention;
  if (convention === null) throw new DomainError('CONVENTION_REQUIRED');
  notBefore(date, step, convention.firstSignedOn, 'convention');
  return convention;
}

/** Accueil steps happen at the bureau d'accueil: the presentation comes first. */
export function presented(date: IsoDate, step: StepSubject, state: OpenParcoursState): void {
  if (state.presentedOn === null) throw new DomainError('PRESENTATION_REQUIRED');
  notBefore(date, step, state.presentedOn, 'presentation');
}

/** Once the attestation is issued, the parcours' content is final. */
export function noAttestationYet(state: OpenParcoursState): void {
  const attestation = state.attestation;
  if (attestation !== null) {
    const { attestationNumber, issuedOn } = attestation;
    throw new DomainError('ATTESTATION_ALREADY_ISSUED', { attestationNumber, issuedOn });
  }
}

/** The attestation schedule as of today, for a case that has an attestation deadline (obliged, card order date known). */
export function currentSchedule(state: OpenParcoursState, ctx: DecideContext) {
  const schedule =
    obligationAt(state, ctx.today) === 'obliged' ? attestationSchedule(state, ctx.today, ctx.rules) : null;
  if (schedule === null) throw new DomainError('DEADLINE_NOT_APPLICABLE');
  return schedule;
}

/** `entry` has every one of `fields`' values: the same content, for the "same command again" checks. */
export function matches<T extends object>(fields: Partial<T>): (entry: T) => boolean {
  const pairs = Object.entries(fields) as [keyof T, unknown][];
  return (entry) => pairs.every(([key, value]) => entry[key] === value);
}

/** A step recorded once (presentation, rights and duties): refused when already there with another date. */
export function notRecordedYet(step: 'presentation' | 'rightsAndDuties', recordedOn: IsoDate | null): void {
  if (recordedOn !== null) throw new DomainError('STEP_ALREADY_RECORDED', { step, recordedOn });
}

/** A new period does not overlap one already recorded (suspensions; unavailability on one axis). */
export function noOverlap(
  kind: 'suspension' | 'unavailability',
  from: IsoDate,
  to: IsoDate | null,
  recorded: readonly { readonly from: IsoDate; readonly to: IsoDate | null }[],
): void {
  const overlapping = recorded.find((p) => periodsOverlap(from, to, p.from, p.to));
  if (overlapping)
    throw new DomainError('PERIOD_OVERLAP', { kind, from: overlapping.from, to: overlapping.to });
}

/**
 * The commune is in the French-language region of Wallonia and in the territory of `cri` (the file of
 * communes: domain/communes). Whether the code exists at the date was checked at the boundary (400).
 */
export function communeOfCri(communeCode: string, cri: string, step: 'opening' | 'transfer'): void {
  const commune = findCommune(communeCode);
  if (!commune || commune.cri === null)
    throw new DomainError('COMMUNE_OUT_OF_REGION', { step, communeCode, communeName: commune?.name ?? null });
  if (commune.cri !== cri)
    throw new DomainError('COMMUNE_NOT_IN_CRI_TERRITORY', {
      step,
      communeCode,
      communeName: commune.name,
      criCode: cri,
      expectedCri: commune.cri,
    });
}
