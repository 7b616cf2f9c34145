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
  /**
   * What-if (`?dryRun=true`, api.md v2): decide and show the case as it would be, or the refusal; append nothing,
   * claim nothing (no idempotency key, NISS or attestation number), audit nothing.
   */
  dryRun: boolean;
}
