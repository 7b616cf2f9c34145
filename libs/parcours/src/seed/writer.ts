/**
 * Writes the demo population through the event store port: one append per parcours with all its
 * events (expected 'no-stream'), many appends in flight at once so the PostgreSQL adapter can
 * group-commit them. Event ids are uuid v5 of (seed, index, position): a rerun with the same seed
 * stores nothing new (the store answers `duplicate`), and a bigger population with the same seed
 * extends the smaller one (index i is the same parcours in both).
 */
import {
  ConcurrencyError,
  DuplicateEventIdError,
  type Actor,
  type EventStore,
  type NewEvent,
} from '@app/event-store';
import { v5 as uuidv5 } from 'uuid';
import {
  addToStats,
  emptyStats,
  generateParcours,
  type GeneratedParcours,
  type PopulationStats,
  type SeedGeneratorOptions,
} from './generator';
import { Rng } from './prng';

/** Namespace of every uuid the seed makes. */
const SEED_NAMESPACE = 'd6a1c7e2-3b0f-4f5e-8a4c-1e9b7f2d5c30';

export const SEED_ACTOR: Actor = { userId: 'seed', username: 'seed', role: 'admin', cri: null };

export const seedParcoursId = (seed: string, index: number): string =>
  uuidv5(`jalon-seed/${seed}/parcours/${index}`, SEED_NAMESPACE);

/** The events of a generated parcours as the store takes them: deterministic ids, metadata dated on the business day. */
export function toNewEvents(
  seed: string,
  parcours: GeneratedParcours,
  actor: Actor = SEED_ACTOR,
): NewEvent[] {
  const clock = new Rng(`${seed}/${parcours.index}/clock`);
  const events: NewEvent[] = [];
  let previousDay = '';
  let minute = 0;
  parcours.steps.forEach((step, j) => {
    // Office hours (UTC), later on the same day for each further step of that day.
    minute =
      step.today === previousDay
        ? Math.min(minute + clock.int(1, 25), 21 * 60 + 59)
        : 7 * 60 + clock.int(0, 540);
    previousDay = step.today;
    const recordedAt = `${step.today}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:${String(clock.int(0, 59)).padStart(2, '0')}.000Z`;
    const commandId = uuidv5(`jalon-seed/${seed}/${parcours.index}/command/${j}`, SEED_NAMESPACE);
    for (const event of step.events) {
      events.push({
        eventId: uuidv5(`jalon-seed/${seed}/${parcours.index}/event/${events.length}`, SEED_NAMESPACE),
        type: event.type,
        data: event.data as unknown as Record<string, unknown>,
        metadata: {
          commandId,
          correlationId: commandId,
          causationId: null,
          actor,
          recordedAt,
          requestId: null,
        },
      });
    }
  });
  return events;
}

export type SeedRunOptions = SeedGeneratorOptions & {
  /** How many parcours. */
  readonly count: number;
  /** First index (default 0): population [from, from + count). */
  readonly from?: number;
  /** Appends in flight (default 64). */
  readonly concurrency?: number;
  readonly actor?: Actor;
  readonly onProgress?: (done: number, total: number, events: number) => void;
};

/** What the application tables beside the stream need to know (see side-tables.ts). */
export type SeedSideData = {
  /** NISS of the parcours still open, with their parcours id (one open parcours per person). */
  readonly nissClaims: Array<readonly [niss: string, parcoursId: string]>;
  /** Highest attestation sequence used per counter name (`attestation:<CRI>:<year>`). */
  readonly attestationCounters: Map<string, number>;
};

export type SeedRunResult = {
  /** Parcours appended now. */
  written: number;
  /** Parcours already stored (same seed, earlier run): nothing appended. */
  existing: number;
  /** Parcours whose stream holds other events under the same ids (e.g. seeded with another --today). */
  conflicts: number;
  /** Events appended now. */
  eventsWritten: number;
  seconds: number;
  stats: PopulationStats;
  side: SeedSideData;
};

export async function seedPopulation(store: EventStore, options: SeedRunOptions): Promise<SeedRunResult> {
  const started = process.hrtime.bigint();
  const from = options.from ?? 0;
  const concurrency = Math.max(1, options.concurrency ?? 64);
  const stats = emptyStats();
  const side: SeedSideData = { nissClaims: [], attestationCounters: new Map() };
  const result: SeedRunResult = {
    written: 0,
    existing: 0,
    conflicts: 0,
    eventsWritten: 0,
    seconds: 0,
    stats,
    side,
  };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let done = 0;

  for (let index = from; index < from + options.count && failure === null; index++) {
    const parcours = generateParcours(index, seedParcoursId(options.seed, index), options);
    addToStats(stats, parcours);
    collectSideData(side, parcours);
    const events = toNewEvents(options.seed, parcours, options.actor);
    if (events.length === 0) {
      done++;
      continue;
    }
    const append = store
      .append(`parcours-${parcours.parcoursId}`, events, 'no-stream')
      .then(
        (appended) => {
          if (appended.duplicate) result.existing++;
          else {
            result.written++;
            result.eventsWritten += events.length;
          }
        },
        (error: unknown) => {
          if (error instanceof ConcurrencyError || error instanceof DuplicateEventIdError) result.conflicts++;
          else failure ??= error;
        },
      )
      .finally(() => {
        inFlight.delete(append);
        done++;
        options.onProgress?.(done, options.count, result.eventsWritten);
      });
    inFlight.add(append);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure !== null) throw failure;
  result.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return result;
}

function collectSideData(side: SeedSideData, parcours: GeneratedParcours): void {
  const { state } = parcours;
  if (state.status === 'open' && state.person?.niss)
    side.nissClaims.push([state.person.niss, parcours.parcoursId]);
  const number = state.attestation?.attestationNumber;
  const match = number ? /^([A-Z]+)-(\d{4})-(\d{6})$/.exec(number) : null;
  if (match) {
    const name = `attestation:${match[1]}:${match[2]}`;
    side.attestationCounters.set(name, Math.max(side.attestationCounters.get(name) ?? 0, Number(match[3])));
  }
}
