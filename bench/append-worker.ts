/**
 * Append benchmark, one store and one writer count per process (Emmett's driver sets process-wide pg type parsers,
 * so the two stores never share a process). Each writer appends one event at a time to its own stream with the
 * expected version, like a command; throughput counts the events appended in the measured window.
 */
import { PostgresEventStore } from '@app/event-store';
import { randomUUID } from 'node:crypto';
import { childMain } from './support/child';
import { latencyOf, type Latency } from './support/stats';

export type AppendInput = {
  store: 'jalon' | 'emmett';
  writers: number;
  url: string;
  seconds: number;
  warmupSeconds: number;
};
export type AppendOutput = {
  store: string;
  writers: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  latency: Latency;
  eventBytes: number;
};

type Appender = { append(stream: string, version: bigint): Promise<bigint>; close(): Promise<void> };

/** The same payload for both stores: a citizenship-hours event and command metadata (~0.5 kB of JSON). */
const payload = (stream: string) => ({
  data: {
    parcoursId: stream,
    operator: 'CRI — formation à la citoyenneté',
    from: '2026-10-01',
    to: '2026-10-14',
    hours: 12,
    language: 'fr',
  },
  metadata: {
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    actor: { userId: 'demo-cai-aline', username: 'cai.aline', role: 'accompagnateur', cri: 'CAI' },
    recordedAt: new Date().toISOString(),
    requestId: randomUUID(),
  },
});

async function jalon(url: string): Promise<Appender> {
  const store = new PostgresEventStore({ connectionString: url });
  return {
    append: async (stream, version) => {
      const { data, metadata } = payload(stream);
      const result = await store.append(
        stream,
        [{ eventId: randomUUID(), type: 'CitizenshipHoursRecorded', data, metadata }],
        version === 0n ? 'no-stream' : version,
      );
      return result.version;
    },
    close: () => store.close(),
  };
}

async function emmett(url: string): Promise<Appender> {
  const { getPostgreSQLEventStore } = await import('@event-driven-io/emmett-postgresql');
  const store = getPostgreSQLEventStore(url);
  return {
    append: async (stream, version) => {
      const { data, metadata } = payload(stream);
      const result = await store.appendToStream(
        stream,
        [{ type: 'CitizenshipHoursRecorded', data, metadata }],
        version === 0n ? undefined : { expectedStreamVersion: version },
      );
      return result.nextExpectedStreamVersion;
    },
    close: () => store.close(),
  };
}

void childMain<AppendInput, AppendOutput>(async ({ store, writers, url, seconds, warmupSeconds }) => {
  const appender = store === 'jalon' ? await jalon(url) : await emmett(url);
  await appender.append(`warmup-${randomUUID()}`, 0n); // schema creation (Emmett) and connections
  const start = performance.now();
  const measureFrom = start + warmupSeconds * 1000;
  const measureTo = measureFrom + seconds * 1000;
  const latencies: number[] = [];
  let events = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const stream = `bench-${w}-${randomUUID()}`;
      let version = 0n;
      while (performance.now() < measureTo) {
        const t0 = performance.now();
        version = await appender.append(stream, version);
        const t1 = performance.now();
        if (t0 >= measureFrom && t1 <= measureTo) {
          latencies.push(t1 - t0);
          events++;
        }
      }
    }),
  );
  await appender.close();
  return {
    store,
    writers,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    latency: latencyOf(latencies),
    eventBytes: JSON.stringify(payload('bench-00-00000000-0000-0000-0000-000000000000')).length,
  };
});
