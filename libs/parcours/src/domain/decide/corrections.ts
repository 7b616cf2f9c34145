/**
 * Corrections (api.md v2): an entry recorded by mistake is cancelled by its version, never erased or overwritten;
 * every computation then ignores it (state.ts refolds the journal without it) and the history keeps both.
 */
import type { FactChanges, PersonChanges } from '../commands';
import type { CaseFactsCorrected, Changed, ParcoursEventType, Person, RecomputedOpening } from '../events';
import { DomainError } from '../errors';
import { computeOpeningObligation } from '../obligation';
import { ERASED_VALUE } from '../personal-data';
import { CANCELLABLE_ENTRY_TYPES } from '../reference-data';
import type { JournalEntry, OpenParcoursState } from '../state';
import { recordOn, type DecideContext, type Handlers } from './context';
import { communeOfCri, noAttestationYet, notFuture } from './guards';

const CANCELLABLE: ReadonlySet<string> = new Set(CANCELLABLE_ENTRY_TYPES);

const ACCUEIL_STEPS: ReadonlySet<ParcoursEventType> = new Set<ParcoursEventType>([
  'RightsAndDutiesInformationGiven',
  'BilanSocialCompleted',
  'FrenchPositioningRecorded',
]);
const NEEDS_CONVENTION: ReadonlySet<ParcoursEventType> = new Set<ParcoursEventType>([
  'FrenchHoursRecorded',
  'CitizenshipHoursRecorded',
  'IspHoursRecorded',
  'EvaluationRecorded',
]);

/**
 * The later entries in force that were recorded on the strength of this one (the rules of decide): the accueil
 * steps and the convention need the presentation; the convention needs each accueil step of its kind; training
 * hours and evaluations need a convention; the end of a suspension or of an unavailability needs its start. An
 * entry of a kind that another entry in force still provides has no dependents.
 */
function dependentsOf(target: JournalEntry, inForce: readonly JournalEntry[]): number[] {
  const later = inForce.filter((e) => e.version > target.version);
  const type = target.event.type;
  const stillProvided = inForce.some((e) => e.version !== target.version && e.event.type === type);
  const ofTypes = (types: ReadonlySet<ParcoursEventType>) =>
    stillProvided ? [] : later.filter((e) => types.has(e.event.type));
  const ends = (endType: ParcoursEventType, sameStart: (e: JournalEntry) => boolean) =>
    later.filter((e) => e.event.type === endType && sameStart(e));
  const event = target.event;
  let dependents: JournalEntry[] = [];
  if (type === 'PresentationRecorded')
    dependents = ofTypes(new Set<ParcoursEventType>([...ACCUEIL_STEPS, 'ConventionSigned']));
  else if (ACCUEIL_STEPS.has(type)) dependents = ofTypes(new Set<ParcoursEventType>(['ConventionSigned']));
  else if (type === 'ConventionSigned') dependents = ofTypes(NEEDS_CONVENTION);
  else if (event.type === 'SuspensionStarted')
    dependents = ends(
      'SuspensionEnded',
      (e) => e.event.type === 'SuspensionEnded' && e.event.data.from === event.data.from,
    );
  else if (event.type === 'TrainingUnavailabilityRecorded')
    dependents = ends(
      'TrainingUnavailabilityEnded',
      (e) =>
        e.event.type === 'TrainingUnavailabilityEnded' &&
        e.event.data.axis === event.data.axis &&
        e.event.data.from === event.data.from,
    );
  return dependents.map((e) => e.version);
}

/** Only the values that differ from the current ones, as `{from, to}`. */
function changed<T extends object>(current: T, requested: Partial<T>): { [K in keyof T]?: Changed<T[K]> } {
  const out: { [K in keyof T]?: Changed<T[K]> } = {};
  for (const key of Object.keys(requested) as Array<keyof T>) {
    const to = requested[key];
    if (to === undefined) continue;
    if (JSON.stringify(to) !== JSON.stringify(current[key]))
      out[key] = { from: current[key], to: to as T[keyof T] };
  }
  return out;
}

/**
 * The opening's computation again, on the corrected facts and person (obligation with its reasons, automatic
 * dispenses, regime, adult at opening). Like the opening, it reads the birth date and the nationality: refused once
 * they are erased.
 */
function recompute(
  state: OpenParcoursState,
  facts: Pick<
    OpenParcoursState,
    | 'communeCode'
    | 'communeRegistrationDate'
    | 'cardOrderDate'
    | 'legalStaySince'
    | 'residencePermit'
    | 'flags'
  >,
  person: Person,
  ctx: DecideContext,
): RecomputedOpening {
  if (person.birthDate === ERASED_VALUE || person.nationality === ERASED_VALUE)
    throw new DomainError('PERSONAL_DATA_ERASED');
  const opening = computeOpeningObligation(
    {
      nationality: person.nationality,
      birthDate: person.birthDate,
      communeCode: facts.communeCode,
      communeRegistrationDate: facts.communeRegistrationDate as string,
      cardOrderDate: facts.cardOrderDate,
      legalStaySince: facts.legalStaySince,
      permitValidUntil: facts.residencePermit?.validUntil ?? null,
      euFamilyMember: facts.flags?.euFamilyMember ?? false,
      temporaryProtection: facts.flags?.temporaryProtection ?? false,
      internationalProtectionApplicant: facts.flags?.internationalProtectionApplicant ?? false,
      openedOn: state.openedOn ?? ctx.today,
    },
    ctx.rules,
  );
  return {
    obligation: opening.obligation,
    obligationReasons: opening.reasons,
    obligationFacts: opening.facts,
    adultAtOpening: opening.adultAtOpening,
    regimeId: opening.regime?.id ?? null,
  };
}

/** The facts as the correction asks them (checked: past dates, a commune of the case's CRI, never moved). */
function correctedFacts(state: OpenParcoursState, requested: FactChanges, ctx: DecideContext) {
  const dates = ['cardOrderDate', 'communeRegistrationDate', 'legalStaySince'] as const;
  for (const field of dates) {
    const date = requested[field];
    if (date) notFuture(date, field, ctx);
  }
  if (requested.communeCode !== undefined && requested.communeCode !== state.communeCode) {
    // The commune of a transferred case is the transfer's: a move is not a correction of the opening.
    if (state.transfers.length > 0) throw new DomainError('COMMUNE_CORRECTION_AFTER_TRANSFER');
    communeOfCri(requested.communeCode, state.criCode, 'opening');
  }
  const current = {
    communeCode: state.communeCode,
    communeRegistrationDate: state.communeRegistrationDate,
    cardOrderDate: state.cardOrderDate,
    legalStaySince: state.legalStaySince,
    residencePermit: state.residencePermit,
    flags: state.flags,
  };
  const residencePermit =
    requested.residencePermit === undefined
      ? undefined
      : requested.residencePermit === null
        ? null
        : {
            type: requested.residencePermit.type ?? null,
            validUntil: requested.residencePermit.validUntil ?? null,
          };
  const flags =
    requested.flags === undefined
      ? undefined
      : {
          euFamilyMember: requested.flags.euFamilyMember ?? current.flags?.euFamilyMember ?? false,
          temporaryProtection:
            requested.flags.temporaryProtection ?? current.flags?.temporaryProtection ?? false,
          internationalProtectionApplicant:
            requested.flags.internationalProtectionApplicant ??
            current.flags?.internationalProtectionApplicant ??
            false,
        };
  const changes = changed(current, { ...requested, residencePermit, flags } as Partial<typeof current>);
  return {
    changes,
    facts: { ...current, ...Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v?.to])) },
  };
}

export const correctionHandlers: Handlers<'CancelEntry' | 'CorrectFacts' | 'CorrectPerson'> = {
  CorrectFacts: {
    decide(command, state, ctx) {
      noAttestationYet(state);
      const { changes, facts } = correctedFacts(state, command.data.changes, ctx);
      // The same correction again (or no change at all) records nothing.
      if (Object.keys(changes).length === 0) return [];
      return recordOn(state, 'CaseFactsCorrected', {
        correctedOn: ctx.today,
        reason: command.data.reason,
        note: command.data.note ?? null,
        changes: changes as CaseFactsCorrected['data']['changes'],
        ...recompute(state, facts as typeof state, state.person as Person, ctx),
      });
    },
  },

  CorrectPerson: {
    decide(command, state, ctx) {
      const requested: PersonChanges = command.data.changes;
      if (requested.birthDate) notFuture(requested.birthDate, 'birthDate', ctx);
      const current = state.person as Person;
      if (Object.values(current).some((value) => value === ERASED_VALUE))
        throw new DomainError('PERSONAL_DATA_ERASED');
      const changes = changed(current, requested as Partial<Person>);
      if (Object.keys(changes).length === 0) return [];
      const person = {
        ...current,
        ...Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v?.to])),
      } as Person;
      return recordOn(state, 'PersonCorrected', {
        correctedOn: ctx.today,
        reason: command.data.reason,
        note: command.data.note ?? null,
        changes,
        fields: Object.fromEntries(
          Object.entries(changes).map(([k, v]) => [k, v?.to === null ? 'cleared' : 'set']),
        ),
        ...recompute(state, state, person, ctx),
      });
    },
  },

  CancelEntry: {
    decide(command, state: OpenParcoursState, ctx) {
      const { version, reason } = command.data;
      const already = state.cancelled.find((c) => c.version === version);
      if (already)
        throw new DomainError('ENTRY_ALREADY_CANCELLED', { version, cancelledOn: already.cancelledOn });
      const target = state.journal.find((e) => e.version === version);
      if (target === undefined) throw new DomainError('ENTRY_NOT_FOUND', { version });
      if (!CANCELLABLE.has(target.event.type))
        throw new DomainError('ENTRY_NOT_CANCELLABLE', { version, entryType: target.event.type });
      // Once the attestation is issued the content is final (a revocation comes first).
      noAttestationYet(state);
      const cancelled = new Set(state.cancelled.map((c) => c.version));
      const dependents = dependentsOf(
        target,
        state.journal.filter((e) => !cancelled.has(e.version)),
      );
      if (dependents.length > 0) throw new DomainError('ENTRY_HAS_DEPENDENTS', { version, dependents });
      return recordOn(state, 'EntryCancelled', {
        version,
        entryType: target.event.type,
        reason,
        note: command.data.note ?? null,
        cancelledOn: ctx.today,
      });
    },
  },
};
