import { HttpException } from '@nestjs/common';
import { ConcurrencyError, DuplicateEventIdError, PersonalDataErasedError } from '@app/event-store';
import { DomainError } from '@app/parcours';
import { SanctionDomainError } from '@app/sanctions';
import { AppProblem } from './problem';

/**
 * Whether a failed command certainly wrote nothing: a refusal by a rule, a malformed input, a precondition or an
 * append the store refused. Only then may the claims it took be released (the idempotency key, the NISS, the open
 * procedure, the attestation number). Anything else — a lost connection, a timeout, an unexpected error — may have
 * happened after the append committed: its claims are kept for a retry, which finds the command's events and answers
 * the stored outcome (handleCommand), or runs it if nothing was stored.
 */
export function isDefiniteRefusal(error: unknown): boolean {
  if (error instanceof DomainError || error instanceof SanctionDomainError) return true;
  if (
    error instanceof ConcurrencyError ||
    error instanceof DuplicateEventIdError ||
    error instanceof PersonalDataErasedError
  )
    return true;
  if (error instanceof AppProblem) return error.status < 500;
  if (error instanceof HttpException) return error.getStatus() < 500;
  return false;
}
