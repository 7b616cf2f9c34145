import type { EventStore, NewEvent, PersonalDataPolicy } from '@app/event-store';
import { ERASED_VALUE, PERSONAL_DATA_PATHS } from '@app/parcours';
import { SANCTION_PERSONAL_DATA_PATHS } from '@app/sanctions';

const PATHS: Readonly<Record<string, readonly string[] | undefined>> = { ...PERSONAL_DATA_PATHS, ...SANCTION_PERSONAL_DATA_PATHS };
const sanctionSubjects = new Map<string, string>();

/**
 * Jalon's personal data: the paths the two domains declare, owned by the person of the parcours. A sanction
 * procedure's personal data belongs to the person of its parcours (found in the procedure's opening event).
 */
export const jalonPersonalData: PersonalDataPolicy = {
  erasedValue: ERASED_VALUE,
  paths: (eventType) => PATHS[eventType] ?? [],
  subject: async (streamId: string, event: NewEvent, store: EventStore) => {
    if (streamId.startsWith('parcours-')) return streamId.slice('parcours-'.length);
    const own = (event.data as { parcoursId?: unknown }).parcoursId;
    if (typeof own === 'string') return own;
    if (!streamId.startsWith('sanction-')) return null;
    const known = sanctionSubjects.get(streamId);
    if (known) return known;
    const [first] = await store.readStream(streamId);
    const parcoursId = (first?.data as { parcoursId?: unknown } | undefined)?.parcoursId;
    if (typeof parcoursId !== 'string') return null;
    sanctionSubjects.set(streamId, parcoursId);
    return parcoursId;
  },
};
