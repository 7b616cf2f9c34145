/**
 * Limits every PostgreSQL session of Jalon runs with (event store writer and readers, the app's pool), so that one
 * hung session cannot stop every write: a statement waiting on a lock gives up after `lockTimeoutMs` (the command
 * is retried or answered 503), a runaway statement after `statementTimeoutMs`, and a transaction left open by a
 * client that stopped talking is ended by the server after `idleInTransactionMs`. Passed as startup options
 * (`-c name=value`), so they hold from the first statement of every connection, reconnections included.
 */
export interface PgSessionLimits {
  readonly lockTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly idleInTransactionMs: number;
}

export const PG_SESSION_LIMITS: PgSessionLimits = {
  lockTimeoutMs: 10_000,
  statementTimeoutMs: 60_000,
  idleInTransactionMs: 60_000,
};

/** The `options` startup parameter of a connection with these limits (plus any other `-c` settings). */
export function sessionOptions(limits: PgSessionLimits = PG_SESSION_LIMITS, ...others: string[]): string {
  return [
    `-c lock_timeout=${limits.lockTimeoutMs}`,
    `-c statement_timeout=${limits.statementTimeoutMs}`,
    `-c idle_in_transaction_session_timeout=${limits.idleInTransactionMs}`,
    ...others.map((o) => `-c ${o}`),
  ].join(' ');
}
