import { ERASED_VALUE, foldParcours, PERSONAL_DATA_PATHS, type ParcoursEvent } from '../domain';
import { erasePersonalState, PERSONAL_STATE_ERASERS } from './personal-data-erasure';
import { randomHistory } from './__tests__/histories';

/** What the storage layer returns once the person's key is destroyed: every non-null value at a personal path reads ERASED_VALUE. */
function asStoredAfterErasure(event: ParcoursEvent): ParcoursEvent {
  const paths = (PERSONAL_DATA_PATHS as Record<string, readonly string[] | undefined>)[event.type] ?? [];
  const data = structuredClone(event.data) as Record<string, unknown>;
  for (const path of paths) {
    const keys = path.split('.');
    let target: unknown = data;
    for (const key of keys.slice(0, -1))
      target =
        typeof target === 'object' && target !== null ? (target as Record<string, unknown>)[key] : undefined;
    const last = keys[keys.length - 1];
    if (typeof target === 'object' && target !== null && last in target) {
      const record = target as Record<string, unknown>;
      if (record[last] !== null && record[last] !== undefined) record[last] = ERASED_VALUE;
    }
  }
  return { ...event, data } as ParcoursEvent;
}

describe('erasure of the folded state', () => {
  it('has a rule for every personal path the domain declares (and none for others)', () => {
    const declared = Object.entries(PERSONAL_DATA_PATHS).flatMap(([type, paths]) =>
      (paths ?? []).map((p) => `${type}:${p}`),
    );
    const handled = Object.entries(PERSONAL_STATE_ERASERS).flatMap(([type, byPath]) =>
      Object.keys(byPath ?? {}).map((p) => `${type}:${p}`),
    );
    expect(handled.sort()).toEqual(declared.sort());
  });

  it('erasing the folded state equals folding the erased events (what a rebuild sees), for 400 histories', () => {
    let personalValues = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const { events } = randomHistory(seed);
      if (events.length === 0) continue;
      const incremental = erasePersonalState(foldParcours(events));
      const rebuilt = foldParcours(events.map(asStoredAfterErasure));
      expect(incremental).toEqual(rebuilt);
      personalValues += JSON.stringify(incremental).split(ERASED_VALUE).length - 1;
      // idempotent: a second erasure (or an erasure replayed over erased events) changes nothing
      expect(erasePersonalState(incremental)).toEqual(incremental);
    }
    expect(personalValues).toBeGreaterThan(2000);
  });

  it('leaves no personal value in the state', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const { events, state } = randomHistory(seed);
      if (events.length === 0 || state.person === null) continue;
      const text = JSON.stringify(erasePersonalState(state));
      for (const value of [
        state.person.lastName,
        state.person.firstName,
        state.person.birthDate,
        state.person.niss,
        'RAS',
        'certificat',
        'attestation employeur',
        'REF-1',
        'parti',
        'logement',
      ]) {
        if (value !== null) expect(text).not.toContain(`"${value}"`);
      }
    }
  });
});
