/**
 * Erasure as the read side sees it. The storage layer (crypto-shredding) makes every non-null value at a personal
 * path (PERSONAL_DATA_PATHS) of a person's events read ERASED_VALUE once their key is destroyed, and appends
 * `PersonalDataErased` to the parcours stream. A read model holding a folded state must then hold exactly what a
 * rebuild would fold from the erased events: `erasePersonalState(fold(events))` must equal
 * `fold(events with their personal values erased)` — proved by personal-data-erasure.spec.ts for every path.
 */
import {
  ERASED_VALUE,
  erasePersonalData,
  type IsoDate,
  type ParcoursEventType,
  type ParcoursState,
} from '../domain';

/** Application event (not a domain event) recorded on the parcours stream after the person's key was destroyed. */
export const PERSONAL_DATA_ERASED = 'PersonalDataErased';
export type PersonalDataErasedData = { parcoursId: string; decidedOn: IsoDate; reason: string };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Json = Record<string, unknown>;

/** A non-null value becomes ERASED_VALUE (a null stays null: the storage layer encrypts only values). */
const erased = <T>(value: T): T =>
  value === null || value === undefined ? value : (ERASED_VALUE as unknown as T);

const eraseFields = (target: Json | null | undefined, fields: readonly string[]): Json | null | undefined => {
  if (target === null || target === undefined || typeof target !== 'object') return target;
  const copy: Json = { ...target };
  for (const field of fields) if (field in copy) copy[field] = erased(copy[field]);
  return copy;
};

/**
 * Where each personal path of an event lands in the folded state (how `evolve` copies it). Keyed by event type and
 * path, so that a personal path added to the domain without a rule here is caught by the test.
 */
export const PERSONAL_STATE_ERASERS: {
  readonly [K in ParcoursEventType]?: Readonly<Record<string, (s: Mutable<ParcoursState>) => void>>;
} = {
  ParcoursOpened: {
    'person.lastName': (s) =>
      void (s.person = eraseFields(s.person, ['lastName']) as ParcoursState['person']),
    'person.firstName': (s) =>
      void (s.person = eraseFields(s.person, ['firstName']) as ParcoursState['person']),
    'person.birthDate': (s) =>
      void (s.person = eraseFields(s.person, ['birthDate']) as ParcoursState['person']),
    'person.nationality': (s) =>
      void (s.person = eraseFields(s.person, ['nationality']) as ParcoursState['person']),
    'person.niss': (s) => void (s.person = eraseFields(s.person, ['niss']) as ParcoursState['person']),
    'person.sex': (s) => void (s.person = eraseFields(s.person, ['sex']) as ParcoursState['person']),
    'person.contactLanguage': (s) =>
      void (s.person = eraseFields(s.person, ['contactLanguage']) as ParcoursState['person']),
    residencePermit: (s) => void (s.residencePermit = erased(s.residencePermit)),
    flags: (s) => void (s.flags = erased(s.flags)),
  },
  BilanSocialCompleted: {
    needs: (s) =>
      void (s.bilanSocial = eraseFields(s.bilanSocial, ['needs']) as ParcoursState['bilanSocial']),
  },
  EvaluationRecorded: {
    notes: (s) =>
      void (s.evaluations = s.evaluations.map(
        (e) => eraseFields(e, ['notes']) as ParcoursState['evaluations'][number],
      )),
  },
  DispenseRecorded: {
    evidence: (s) =>
      void (s.dispenses = s.dispenses.map(
        (d) => eraseFields(d, ['evidence']) as ParcoursState['dispenses'][number],
      )),
  },
  ExtensionGranted: {
    evidence: (s) =>
      void (s.deadlineAdjustments = s.deadlineAdjustments.map((a) =>
        a.kind === 'extension' ? (eraseFields(a, ['evidence']) as typeof a) : a,
      )),
  },
  SuspensionStarted: {
    evidence: (s) =>
      void (s.deadlineAdjustments = s.deadlineAdjustments.map((a) =>
        a.kind === 'suspension' ? (eraseFields(a, ['evidence']) as typeof a) : a,
      )),
  },
  ParcoursClosed: {
    note: (s) => void (s.closure = eraseFields(s.closure, ['note']) as ParcoursState['closure']),
  },
  // A correction's personal values land where the opening's do (state.person, residencePermit, flags); its note is
  // not kept in the state (the history reads it from the event).
  CaseFactsCorrected: {
    'changes.residencePermit': (s) => void (s.residencePermit = erased(s.residencePermit)),
    'changes.flags': (s) => void (s.flags = erased(s.flags)),
    note: () => undefined,
  },
  PersonCorrected: {
    changes: (s) =>
      void (s.person = eraseFields(s.person, [
        'lastName',
        'firstName',
        'birthDate',
        'nationality',
        'niss',
        'sex',
        'contactLanguage',
      ]) as ParcoursState['person']),
    note: () => undefined,
  },
  AttestationRevoked: {
    reason: (s) =>
      void (s.revokedAttestations = s.revokedAttestations.map(
        (r) => eraseFields(r, ['reason']) as ParcoursState['revokedAttestations'][number],
      )),
  },
  EntryCancelled: {
    note: (s) =>
      void (s.cancelled = s.cancelled.map(
        (c) => eraseFields(c, ['note']) as ParcoursState['cancelled'][number],
      )),
  },
  NationalityProofAttached: {
    reference: (s) =>
      void (s.nationalityProofs = s.nationalityProofs.map(
        (p) => eraseFields(p, ['reference']) as ParcoursState['nationalityProofs'][number],
      )),
  },
};

/** The state with every personal value replaced by ERASED_VALUE, as if folded from the erased events. */
export function erasePersonalState(state: ParcoursState): ParcoursState {
  const copy = { ...state } as Mutable<ParcoursState>;
  for (const byPath of Object.values(PERSONAL_STATE_ERASERS)) {
    for (const erase of Object.values(byPath ?? {})) erase(copy);
  }
  // The journal holds the events themselves (a cancellation refolds it): erased as the storage erases them.
  copy.journal = state.journal.map((entry) => ({ ...entry, event: erasePersonalData(entry.event) }));
  return copy;
}
