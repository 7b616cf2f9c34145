import { describeExpected, type ExpectedVersion } from './event-store.port';

/** The stream was not at the version the writer expected. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** Actual version of the stream, or null when it does not exist. */
    readonly actual: bigint | null,
  ) {
    super(
      `Stream ${streamId}: expected ${describeExpected(expected)}, actual ${actual === null ? 'no-stream' : actual.toString()}`,
    );
  }
}

/** Some (not all) of the event ids of an append are already stored, or stored in another stream. */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`Stream ${streamId}: event ids already stored elsewhere or partially: ${eventIds.join(', ')}`);
  }
}

/** The event store server cannot be reached (network, server down, timeout). */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
