import type { AppendResult, EventStore, ExpectedVersion, NewEvent, ReadAllOptions, RecordedEvent } from '../event-store.port';
import { aesGcmDecrypt, aesGcmEncrypt, type SubjectKeyStore } from './subject-keys';

/** Where the personal data of each event type sits, and whose it is. */
export interface PersonalDataPolicy {
  /** Dotted paths into event.data holding personal data (a path naming an object or array covers all inside). */
  paths(eventType: string): readonly string[];
  /** The person (data subject) the event's personal data belongs to; null when the stream holds none. */
  subject(streamId: string, event: NewEvent, store: EventStore): Promise<string | null>;
  /** What readers see in place of data whose key was destroyed. */
  erasedValue: unknown;
}

/** A value encrypted with its subject's key: `{ $pd: 1, s: subjectId, d: base64(iv | tag | ciphertext of the JSON value) }`. */
interface Sealed {
  $pd: 1;
  s: string;
  d: string;
}

const isSealed = (value: unknown): value is Sealed =>
  typeof value === 'object' && value !== null && (value as Sealed).$pd === 1 && typeof (value as Sealed).d === 'string';

type Json = Record<string, unknown>;

/** Visits the value at each path that exists (read-only). */
const valuesAt = (data: Json, paths: readonly string[], visit: (value: unknown) => void): void => {
  for (const path of paths) {
    let target: unknown = data;
    for (const key of path.split('.')) target = typeof target === 'object' && target !== null ? (target as Json)[key] : undefined;
    if (target !== null && target !== undefined) visit(target);
  }
};

/** Applies `fn` to the value at each path that exists; returns a copy of data (the original is never mutated). */
const mapPaths = async (data: Json, paths: readonly string[], fn: (value: unknown) => Promise<unknown> | unknown): Promise<Json> => {
  const copy = structuredClone(data);
  for (const path of paths) {
    const keys = path.split('.');
    let target: unknown = copy;
    for (const key of keys.slice(0, -1)) target = typeof target === 'object' && target !== null ? (target as Json)[key] : undefined;
    const last = keys[keys.length - 1];
    if (typeof target === 'object' && target !== null && last in (target as Json)) {
      const value = (target as Json)[last];
      if (value !== null && value !== undefined) (target as Json)[last] = await fn(value);
    }
  }
  return copy;
};

/**
 * Crypto-shredding over any event store: the personal fields of each event are encrypted (AES-256-GCM) with a key of
 * the person before they reach the store, and decrypted on read. Erasing a person destroys their key, so the events
 * (never rewritten) read « donnée effacée » at those paths from then on, for every reader and every rebuild.
 * Non-personal fields (dates, hours, codes, CRI) stay in clear for rules and statistics. Both adapters store the
 * same encrypted payload, since the encryption happens here, above them.
 */
export class EncryptingEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly keys: SubjectKeyStore,
    private readonly policy: PersonalDataPolicy,
  ) {}

  get kind(): EventStore['kind'] {
    return this.inner.kind;
  }

  get subjectKeys(): SubjectKeyStore {
    return this.keys;
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    const sealed = await Promise.all(
      events.map(async (event) => {
        const paths = this.policy.paths(event.type);
        if (paths.length === 0) return event;
        const subject = await this.policy.subject(streamId, event, this.inner);
        if (!subject) throw new Error(`No data subject for personal data of ${event.type} in ${streamId}`);
        let key: Buffer | null = null;
        const data = await mapPaths(event.data, paths, async (value) => {
          key ??= await this.keys.keyForWrite(subject);
          const sealedValue: Sealed = { $pd: 1, s: subject, d: aesGcmEncrypt(key, Buffer.from(JSON.stringify(value), 'utf8'), subject).toString('base64') };
          return sealedValue;
        });
        return { ...event, data };
      }),
    );
    return this.inner.append(streamId, sealed, expected);
  }

  async readStream(streamId: string, options?: { fromVersion?: bigint }): Promise<RecordedEvent[]> {
    return this.open(await this.inner.readStream(streamId, options));
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.open(await this.inner.readAll(options));
  }

  /** Decrypts a batch: the keys of all its subjects are fetched at once. */
  private async open(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const subjects = new Set<string>();
    const collect = (value: unknown): void => {
      if (isSealed(value)) subjects.add(value.s);
    };
    for (const event of events) {
      const paths = this.policy.paths(event.type);
      if (paths.length > 0) valuesAt(event.data, paths, collect);
    }
    if (subjects.size === 0) return events;
    const keys = await this.keys.keysForRead([...subjects]);
    return Promise.all(
      events.map(async (event) => {
        const paths = this.policy.paths(event.type);
        if (paths.length === 0) return event;
        const data = await mapPaths(event.data, paths, (value) => {
          if (!isSealed(value)) return value;
          const key = keys.get(value.s);
          if (!key) return this.policy.erasedValue;
          return JSON.parse(aesGcmDecrypt(key, Buffer.from(value.d, 'base64'), value.s).toString('utf8')) as unknown;
        });
        return { ...event, data };
      }),
    );
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  onAppended(listener: () => void): () => void {
    return this.inner.onAppended(listener);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  async close(): Promise<void> {
    await this.inner.close();
    await this.keys.close();
  }
}
