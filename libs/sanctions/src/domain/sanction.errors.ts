/**
 * Every refusal of the sanction procedure: a stable code (the API contract: `422` + `code`) and the facts of
 * the refusal (dates as 'YYYY-MM-DD', euros, codes). No French here: titles and details are rendered at the
 * edge by `describeSanctionError` (libs/sanctions/src/messages/errors.fr.ts), the one catalogue users read.
 */
import type { IsoDate } from '@app/calendar';
import type { Breach, TrainingUnavailabilityPeriod } from './parcours-facts';

/** A dated field of a sanction command (the detail names it as the API does). */
export type SanctionDateField =
  | 'reportedOn'
  | 'sentOn'
  | 'receivedOn'
  | 'decidedOn'
  | 'paidOn'
  | 'lodgedOn'
  | 'withdrawnOn'
  | 'closedOn';

/** The facts each refusal carries (`void`: the code says it all). */
export interface SanctionErrorFacts {
  PROCEDURE_NOT_FOUND: void;
  PROCEDURE_ALREADY_EXISTS: void;
  PROCEDURE_CLOSED: { readonly closedOn: IsoDate };
  PARCOURS_CLOSED: void;
  PARCOURS_NOT_OBLIGED: { readonly obligation: 'voluntary' | 'dispensed' };
  /** `why`: the parcours has no such deadline, it was suspended, already met, or not yet passed. */
  BREACH_NOT_OVERDUE:
    | { readonly breach: Breach; readonly reportedOn: IsoDate; readonly why: 'no-deadline' | 'suspended' }
    | { readonly breach: Breach; readonly reportedOn: IsoDate; readonly why: 'met'; readonly metOn: IsoDate }
    | {
        readonly breach: Breach;
        readonly reportedOn: IsoDate;
        readonly why: 'not-yet-due';
        readonly dueOn: IsoDate;
      };
  DATE_IN_FUTURE: { readonly field: SanctionDateField; readonly date: IsoDate; readonly today: IsoDate };
  DATE_BEFORE_PREVIOUS_STEP: {
    readonly field: SanctionDateField;
    readonly date: IsoDate;
    readonly lastStepOn: IsoDate;
  };
  INVALID_RESPONSE_DEADLINE: { readonly sentOn: IsoDate; readonly respondBy: IsoDate };
  /** `attempted`: what cannot come before the notice. */
  NOTICE_NOT_SENT: { readonly attempted: 'defence' | 'decision' };
  /** `attempted` is set when the detail must say what remains possible after a decision. */
  ALREADY_DECIDED: { readonly attempted?: 'withdrawal' } | void;
  RESPONSE_PERIOD_NOT_ELAPSED: { readonly respondBy: IsoDate };
  /** A decision whose parts do not go together. */
  INVALID_DECISION: {
    readonly conflict: 'reason-with-fine' | 'amount-with-dismissal' | 'amount-with-appeal-outcome';
  };
  FINE_AMOUNT_REQUIRED: { readonly for: 'fine' | 'reduction' };
  FINE_OUT_OF_RANGE: {
    readonly amount: number;
    readonly min: number;
    readonly max: number;
    readonly regimeId: string;
  };
  /** A reduction on appeal must be lower than the fine it reduces. */
  INVALID_AMOUNT: { readonly amount: number; readonly reducedFrom: number };
  /** `reason`: null when none was given, 'other' when it was not explained. */
  DISMISSAL_REASON_REQUIRED: { readonly reason: null | 'other' };
  TRAINING_UNAVAILABLE: { readonly periods: readonly TrainingUnavailabilityPeriod[] };
  NOT_FINED: { readonly why: 'undecided' | 'dismissed' | 'annulled'; readonly attempted: 'payment' | 'appeal' };
  ALREADY_PAID: void;
  PAYMENT_EXCEEDS_AMOUNT_DUE: { readonly amount: number; readonly remaining: number };
  APPEAL_ALREADY_LODGED: void;
  NO_APPEAL_LODGED: void;
  APPEAL_ALREADY_DECIDED: void;
  APPEAL_PENDING: void;
  /** `remaining`: euros still owed, or null when nothing was decided yet. */
  PROCEDURE_NOT_CLOSABLE: { readonly remaining: number | null };
}

export type SanctionErrorCode = keyof SanctionErrorFacts;

type FactsArgument<C extends SanctionErrorCode> = void extends SanctionErrorFacts[C]
  ? [facts?: SanctionErrorFacts[C]]
  : [facts: SanctionErrorFacts[C]];

export class SanctionDomainError<C extends SanctionErrorCode = SanctionErrorCode> extends Error {
  readonly code: C;
  readonly facts: SanctionErrorFacts[C];

  constructor(code: C, ...[facts]: FactsArgument<C>) {
    super(facts === undefined ? code : `${code}: ${JSON.stringify(facts)}`);
    this.name = 'SanctionDomainError';
    this.code = code;
    this.facts = facts as SanctionErrorFacts[C];
  }

  /** Narrows to one code, with its facts typed. */
  is<K extends SanctionErrorCode>(code: K): this is SanctionDomainError<K> {
    return (this.code as SanctionErrorCode) === code;
  }
}

export function isSanctionDomainError(error: unknown): error is SanctionDomainError {
  return error instanceof SanctionDomainError;
}
