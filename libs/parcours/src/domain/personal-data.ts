/**
 * Where personal data sits in each event (dotted paths into `event.data`): the storage layer
 * encrypts these values with the person's key and erasure destroys the key (crypto-shredding);
 * the read side then shows ERASED_VALUE. No rule reads these fields after opening, so decide,
 * deadlines and the nationality evaluation give the same answers on an erased history.
 * A path naming an object or array covers everything inside it.
 */
import type { ParcoursEventType } from './events';

export const ERASED_VALUE = 'donnée effacée';

export const PERSONAL_DATA_PATHS: { readonly [K in ParcoursEventType]?: readonly string[] } = {
  ParcoursOpened: [
    'person.lastName',
    'person.firstName',
    'person.birthDate',
    'person.nationality',
    'person.niss',
    'person.sex',
    'person.contactLanguage',
    // Residence status and protection flags reveal the person's situation; only the opening rules read them.
    'residencePermit',
    'flags',
  ],
  BilanSocialCompleted: ['needs'],
  EvaluationRecorded: ['notes'],
  DispenseRecorded: ['evidence'],
  ExtensionGranted: ['evidence'],
  SuspensionStarted: ['evidence'],
  ParcoursClosed: ['note'],
  EntryCancelled: ['note'],
  // Free text that may name the person.
  AttestationRevoked: ['reason'],
  CaseFactsCorrected: ['changes.residencePermit', 'changes.flags', 'note'],
  PersonCorrected: ['changes', 'note'],
  NationalityProofAttached: ['reference'],
};

/** Replaces every non-null personal value of an event by ERASED_VALUE (what the read side sees after erasure). */
export function erasePersonalData<E extends { readonly type: string; readonly data: unknown }>(event: E): E {
  const paths = (PERSONAL_DATA_PATHS as Readonly<Record<string, readonly string[] | undefined>>)[event.type];
  if (!paths || paths.length === 0) return event;
  const data = structuredCloneJson(event.data);
  for (const path of paths) {
    const keys = path.split('.');
    let target: unknown = data;
    for (const key of keys.slice(0, -1)) {
      target =
        typeof target === 'object' && target !== null ? (target as Record<string, unknown>)[key] : undefined;
    }
    const last = keys[keys.length - 1];
    // As the storage does: it encrypts values, so a null stays null once the key is destroyed.
    const record = target as Record<string, unknown> | null;
    if (typeof record === 'object' && record !== null && last in record && record[last] != null) {
      record[last] = ERASED_VALUE;
    }
  }
  return { ...event, data };
}

function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
