import { randomUUID } from 'node:crypto';
import { handleCommand } from '../command-handling';
import { ConcurrencyError } from '../errors';
import type { EventStore, ExpectedVersion, NewEvent, RecordedEvent } from '../event-store.port';

export interface ContractSubject {
  store: EventStore;
  /** Whether global positions are consecutive integers (PostgreSQL) or only increasing (KurrentDB commit positions). */
  gapless: boolean;
  dispose(): Promise<void>;
}

const actor = { userId: 'u-1', username: 'contract', role: 'accompagnateur', cri: 'CAI' };

export const newEvent = (type = 'Something', data: Record<string, unknown> = {}): NewEvent => {
  const commandId = randomUUID();
  return {
    eventId: randomUUID(),
    type,
    data: { ...data },
    metadata: {
      commandId,
      correlationId: commandId,
      causationId: null,
      actor,
      recordedAt: new Date().toISOString(),
    },
  };
};

const stream = (): string => `contract-${randomUUID()}`;

const expectConflict = async (
  promise: Promise<unknown>,
  expected: ExpectedVersion,
  actual: bigint | null,
): Promise<void> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConcurrencyError);
  expect((error as ConcurrencyError).expected).toBe(expected);
  expect((error as ConcurrencyError).actual).toBe(actual);
};

/** Reads every event after `from` until `until` returns true, following notifications, like a projection would. */
export const follow = async (
  store: EventStore,
  until: (seen: RecordedEvent[]) => boolean,
  timeoutMs = 60000,
): Promise<RecordedEvent[]> => {
  const seen: RecordedEvent[] = [];
  let after = 0n;
  let wake: (() => void) | null = null;
  const unsubscribe = store.onAppended(() => wake?.());
  const deadline = Date.now() + timeoutMs;
  try {
    while (!until(seen)) {
      if (Date.now() > deadline) throw new Error(`follow timed out after ${seen.length} events`);
      const batch = await store.readAll({ after, limit: 100 });
      if (batch.length === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
        continue;
      }
      seen.push(...batch);
      after = batch[batch.length - 1].globalPosition;
    }
    return seen;
  } finally {
    unsubscribe();
  }
};

/** The one contract every event store adapter passes. */
export function describeEventStoreContract(name: string, create: () => Promise<ContractSubject>): void {
  describe(`${name} event store contract`, () => {
    let subject: ContractSubject;
    let store: EventStore;

    beforeAll(async () => {
      subject = await create();
      store = subject.store;
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    describe('expectations', () => {
      it('no-stream: the first append succeeds, a second one is refused with the actual version', async () => {
        const id = stream();
        const first = await store.append(id, [newEvent(), newEvent()], 'no-stream');
        expect(first.version).toBe(2n);
        expect(first.duplicate).toBe(false);
        await expectConflict(store.append(id, [newEvent()], 'no-stream'), 'no-stream', 2n);
        expect(await store.readStream(id)).toHaveLength(2);
      });

      it('exists: refused on a missing stream, accepted once it exists', async () => {
        const id = stream();
        await expectConflict(store.append(id, [newEvent()], 'exists'), 'exists', null);
        expect(await store.readStream(id)).toEqual([]);
        await store.append(id, [newEvent()], 'any');
        const result = await store.append(id, [newEvent()], 'exists');
        expect(result.version).toBe(2n);
      });

      it('any: always accepted', async () => {
        const id = stream();
        expect((await store.append(id, [newEvent()], 'any')).version).toBe(1n);
        expect((await store.append(id, [newEvent()], 'any')).version).toBe(2n);
      });

      it('exact version: accepted when equal, refused with expected and actual otherwise', async () => {
        const id = stream();
        await store.append(id, [newEvent(), newEvent(), newEvent()], 'no-stream');
        await expectConflict(store.append(id, [newEvent()], 2n), 2n, 3n);
        await expectConflict(store.append(id, [newEvent()], 4n), 4n, 3n);
        const ok = await store.append(id, [newEvent()], 3n);
        expect(ok.version).toBe(4n);
        await expectConflict(store.append(stream(), [newEvent()], 1n), 1n, null);
      });
    });

    describe('reading', () => {
      it('reads a stream in version order with data and metadata intact', async () => {
        const id = stream();
        const events = [
          newEvent('A', { n: 1, text: 'données — é' }),
          newEvent('B', { n: 2, nested: { list: [1, 2] } }),
        ];
        const result = await store.append(id, events, 'no-stream');
        const read = await store.readStream(id);
        expect(read.map((e) => [e.type, e.version, e.eventId])).toEqual([
          ['A', 1n, events[0].eventId],
          ['B', 2n, events[1].eventId],
        ]);
        expect(read[1].data).toEqual({ n: 2, nested: { list: [1, 2] } });
        expect(read[0].data).toEqual({ n: 1, text: 'données — é' });
        expect(read[0].metadata).toMatchObject({ actor, commandId: events[0].metadata.commandId });
        expect(read[1].globalPosition).toBe(result.globalPosition);
        expect(read[0].globalPosition < read[1].globalPosition).toBe(true);
        expect(typeof read[0].version).toBe('bigint');
        expect(typeof read[0].globalPosition).toBe('bigint');
        expect(await store.readStream(id, { fromVersion: 2n })).toHaveLength(1);
      });

      it('reads all events after a position, in order, page by page', async () => {
        const head = await store.headPosition();
        const id = stream();
        await store.append(id, [newEvent(), newEvent(), newEvent()], 'no-stream');
        const page1 = await store.readAll({ after: head, limit: 2 });
        expect(page1.map((e) => e.version)).toEqual([1n, 2n]);
        const page2 = await store.readAll({ after: page1[1].globalPosition, limit: 2 });
        expect(page2.map((e) => e.version)).toEqual([3n]);
        expect(await store.headPosition()).toBe(page2[0].globalPosition);
      });

      it('reads only the streams of a prefix when asked, in order, page by page, skipping the others', async () => {
        const head = await store.headPosition();
        const tag = `p${Math.random().toString(36).slice(2, 8)}`;
        const wanted = [`${tag}-wanted-1`, `${tag}-wanted-2`];
        // Wanted events separated by runs of other streams longer than a page.
        await store.append(wanted[0], [newEvent()], 'no-stream');
        for (let i = 0; i < 3; i++)
          await store.append(`${tag}-other-${i}`, [newEvent(), newEvent()], 'no-stream');
        await store.append(wanted[1], [newEvent(), newEvent()], 'no-stream');
        await store.append(`${tag}-other-9`, [newEvent()], 'no-stream');
        const seen: string[] = [];
        let after = head;
        for (let guard = 0; guard < 10; guard++) {
          const page = await store.readAll({ after, limit: 2, streamPrefix: `${tag}-wanted-` });
          if (page.length === 0) break;
          seen.push(...page.map((e) => `${e.streamId}@${e.version}`));
          after = page[page.length - 1].globalPosition;
        }
        expect(seen).toEqual([`${wanted[0]}@1`, `${wanted[1]}@1`, `${wanted[1]}@2`]);
        const all = await store.readAll({ after: head, limit: 100 });
        expect(all).toHaveLength(10);
      });
    });

    describe('idempotency', () => {
      it('appending the same event ids again writes nothing and returns the first result', async () => {
        const id = stream();
        const events = [newEvent(), newEvent()];
        const first = await store.append(id, events, 'no-stream');
        const again = await store.append(id, events, 'no-stream');
        expect(again.duplicate).toBe(true);
        expect(again.version).toBe(first.version);
        expect(again.globalPosition).toBe(first.globalPosition);
        expect(await store.readStream(id)).toHaveLength(2);
      });
    });

    describe('replay by command id (handleCommand on this adapter)', () => {
      type Opened = { type: 'Opened'; data: { by: string } } | { type: 'Noted'; data: { note: string } };
      type State = { opened: boolean; notes: number };
      const handle = (id: string, commandId: string, event: Opened) =>
        handleCommand<State, Opened>(store, {
          streamId: id,
          initialState: { opened: false, notes: 0 },
          evolve: (s, e) => (e.type === 'Opened' ? { ...s, opened: true } : { ...s, notes: s.notes + 1 }),
          // Like OpenParcours: refused once the stream exists, so only the command id can recognise a retry.
          decide: (s) => {
            if (event.type === 'Opened' && s.opened) throw new Error('ALREADY_EXISTS');
            return [event];
          },
          commandId,
          metadata: { correlationId: commandId, causationId: null, actor, recordedAt: new Date().toISOString() },
        });

      it('a command already stored answers its first outcome, even when deciding again would refuse it', async () => {
        const id = stream();
        const openId = randomUUID();
        const first = await handle(id, openId, { type: 'Opened', data: { by: 'a' } });
        expect(first).toMatchObject({ version: 1n, duplicate: false, state: { opened: true, notes: 0 } });
        await handle(id, randomUUID(), { type: 'Noted', data: { note: 'later' } });

        const retry = await handle(id, openId, { type: 'Opened', data: { by: 'a' } });
        // The same outcome, its position included (read-your-writes): the retry waits for the first append, not the later one.
        expect(retry).toEqual({
          version: 1n,
          position: first.position,
          duplicate: true,
          state: { opened: true, notes: 0 },
          events: [{ type: 'Opened', data: { by: 'a' } }],
        });
        expect(await store.readStream(id)).toHaveLength(2);
        // Another command (another id) is decided, and refused.
        await expect(handle(id, randomUUID(), { type: 'Opened', data: { by: 'b' } })).rejects.toThrow('ALREADY_EXISTS');
      });

      it('twins of one command sent at once store it once and all answer its outcome', async () => {
        const id = stream();
        const commandId = randomUUID();
        const results = await Promise.all(Array.from({ length: 6 }, () => handle(id, commandId, { type: 'Noted', data: { note: 'x' } })));
        expect(await store.readStream(id)).toHaveLength(1);
        expect(new Set(results.map((r) => r.version))).toEqual(new Set([1n]));
      });
    });

    describe('concurrency', () => {
      it('two writers racing on one stream: exactly one wins each version, nothing lost or duplicated', async () => {
        const id = stream();
        await store.append(id, [newEvent()], 'no-stream');
        const perWriter = 25;
        let conflicts = 0;
        let attempts = 0;
        const writer = async (name: string): Promise<string[]> => {
          const mine: string[] = [];
          while (mine.length < perWriter) {
            const current = BigInt((await store.readStream(id)).length);
            const event = newEvent('Raced', { writer: name });
            attempts += 1;
            try {
              await store.append(id, [event], current);
              mine.push(event.eventId);
            } catch (error) {
              if (!(error instanceof ConcurrencyError)) throw error;
              // A real conflict: the other writer moved the stream past the version this one read.
              expect(error.expected).toBe(current);
              expect(error.actual! > current).toBe(true);
              conflicts += 1;
            }
          }
          return mine;
        };
        const [a, b] = await Promise.all([writer('a'), writer('b')]);
        const read = await store.readStream(id);
        expect(read.map((e) => e.version)).toEqual(
          Array.from({ length: 1 + 2 * perWriter }, (_, i) => BigInt(i + 1)),
        );
        const ids = read.slice(1).map((e) => e.eventId);
        expect(new Set(ids).size).toBe(2 * perWriter);
        expect(ids.sort()).toEqual([...a, ...b].sort());
        // Both writers appending at the same expected version at once: exactly one wins.
        const version = BigInt(read.length);
        const outcomes = await Promise.allSettled([
          store.append(id, [newEvent()], version),
          store.append(id, [newEvent()], version),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toBeInstanceOf(ConcurrencyError);
        // Every attempt either appended once or was refused as a conflict: none lost, none counted twice.
        expect(attempts).toBe(2 * perWriter + conflicts);
      });

      it('24 concurrent writers on different streams while a reader follows: every event exactly once, in order, no position skipped', async () => {
        const writers = 24;
        const appendsPerWriter = 40;
        const start = await store.headPosition();
        const written = new Set<string>();
        const expectedTotal = writers * appendsPerWriter * 2;
        const reader = (async () => {
          const seen: RecordedEvent[] = [];
          let after = start;
          let wake: (() => void) | null = null;
          const unsubscribe = store.onAppended(() => wake?.());
          try {
            const deadline = Date.now() + 120000;
            while (seen.filter((e) => e.type === 'Load').length < expectedTotal && Date.now() < deadline) {
              const batch = await store.readAll({ after, limit: 137 });
              if (batch.length === 0) {
                await new Promise<void>((resolve) => {
                  wake = resolve;
                  setTimeout(resolve, 20);
                });
                continue;
              }
              seen.push(...batch);
              after = batch[batch.length - 1].globalPosition;
            }
          } finally {
            unsubscribe();
          }
          return seen;
        })();
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            const id = stream();
            for (let i = 0; i < appendsPerWriter; i++) {
              const events = [newEvent('Load', { w, i }), newEvent('Load', { w, i, second: true })];
              events.forEach((e) => written.add(e.eventId));
              await store.append(id, events, i === 0 ? 'no-stream' : BigInt(i * 2));
            }
          }),
        );
        const seen = (await reader).filter((e) => e.type === 'Load');
        expect(seen).toHaveLength(expectedTotal);
        const ids = seen.map((e) => e.eventId);
        expect(new Set(ids).size).toBe(expectedTotal);
        expect(ids.every((id) => written.has(id))).toBe(true);
        for (let i = 1; i < seen.length; i++) {
          expect(seen[i].globalPosition > seen[i - 1].globalPosition).toBe(true);
        }
        if (subject.gapless) {
          // No other writer runs during this test: the reader saw consecutive positions.
          const positions = seen.map((e) => e.globalPosition);
          expect(positions[positions.length - 1] - positions[0]).toBe(BigInt(positions.length - 1));
        }
        // Within each stream, versions arrive in order.
        const lastVersion = new Map<string, bigint>();
        for (const e of seen) {
          expect(e.version).toBe((lastVersion.get(e.streamId) ?? 0n) + 1n);
          lastVersion.set(e.streamId, e.version);
        }
      });
    });

    describe('notifications', () => {
      it('wakes a subscriber when events are appended', async () => {
        let woken = 0;
        const woke = new Promise<void>((resolve) => {
          const unsubscribe = store.onAppended(() => {
            woken += 1;
            unsubscribe();
            resolve();
          });
        });
        await new Promise((r) => setTimeout(r, 100));
        await store.append(stream(), [newEvent()], 'no-stream');
        await woke;
        expect(woken).toBeGreaterThan(0);
      });
    });
  });
}
