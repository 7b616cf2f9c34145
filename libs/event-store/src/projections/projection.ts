import type { RecordedEvent } from '../event-store.port';

/** The transaction a projection writes its batch in; the checkpoint is written in the same transaction. */
export interface ProjectionTx {
  query<R extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Name of a read-model table in this run: the live table, or its fresh copy during a rebuild. Already quoted-safe. */
  table(name: string): string;
}

export interface Projection {
  /** Versioned name (`case_list_v1`): a new shape gets a new name, hence a new checkpoint and a full build. */
  readonly name: string;
  /** The read-model tables it owns (created by migrations); a rebuild builds fresh copies and swaps them in. */
  readonly tables: readonly string[];
  /**
   * What else the rows depend on besides the events (e.g. the rule configuration). When it differs from the one the
   * rows were built with, the runner rebuilds the projection before running it.
   */
  readonly fingerprint?: string;
  /**
   * When the projection reads only the streams whose id starts with this prefix: a rebuild then reads only those
   * (the live runner still reads every event, so that its checkpoint keeps up with the log).
   */
  readonly streamPrefix?: string;
  /**
   * Applies a batch of events, in global order, none already applied (the runner filters by checkpoint).
   * Must be deterministic: an incremental build and a rebuild give the same rows.
   */
  apply(events: readonly RecordedEvent[], tx: ProjectionTx): Promise<void>;
}

/** `retrying`: a transient error (its message in `error`), retried with backoff. */
export type ProjectionState = 'running' | 'retrying' | 'never-started';

export interface ProjectionStatus {
  name: string;
  position: bigint;
  head: bigint;
  lag: bigint;
  status: string;
  error: string | null;
  /** Events parked for their stream (oldest first): `error` null when held behind an earlier one of the stream. */
  parked: Array<{
    position: bigint;
    streamId: string;
    version: bigint;
    type: string;
    error: string | null;
    parkedAt: string;
  }>;
  updatedAt: string | null;
}
