/** How a command request was made: its ids and its concurrency precondition. */
export interface CommandContext {
  /** Stable per logical command: derived from the Idempotency-Key when given, so retries store nothing twice. */
  commandId: string;
  correlationId: string;
  requestId: string | null;
  /** Client's If-Match version, or null. */
  ifMatch: bigint | null;
  /** This request as the owner of the claims it takes (CommandOwners): `<instance>/<token>`. */
  owner: string;
}
