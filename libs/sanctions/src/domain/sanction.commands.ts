import type { Breach } from './parcours-facts';

/** Reasons for which a procedure ends without a fine (domain.md §7). */
export type DismissalReason = 'regularised' | 'dispensed' | 'training-unavailable' | 'other';
export const DISMISSAL_REASONS: readonly DismissalReason[] = [
  'regularised',
  'dispensed',
  'training-unavailable',
  'other',
];

export type DecisionOutcome = 'fine' | 'dismissed';

/** What the appeal authority decided about the fine. */
export type AppealOutcome = 'upheld' | 'reduced' | 'annulled';
export const APPEAL_OUTCOMES: readonly AppealOutcome[] = ['upheld', 'reduced', 'annulled'];

type Command<T extends string, D> = { type: T; data: D };

/** POST /api/sanctions — `procedureId` is made by the caller (uuid), like every id. */
export type OpenSanctionProcedure = Command<
  'OpenSanctionProcedure',
  { procedureId: string; parcoursId: string; breach: Breach; reportedOn: string }
>;

/** POST /api/sanctions/:id/notice — `respondBy` defaults to `sentOn` + `ctx.noticeResponseDays`. */
export type SendNotice = Command<'SendNotice', { sentOn: string; respondBy?: string }>;

/** POST /api/sanctions/:id/defence — a written defence or a hearing; may be recorded more than once. */
export type RecordDefence = Command<'RecordDefence', { receivedOn: string; summary?: string }>;

/**
 * POST /api/sanctions/:id/decision — `amount` (euros) for a fine; `reason` for a dismissal. `comment` is the
 * officer's free-text motivation, required when the dismissal reason is `other`.
 */
export type DecideSanction = Command<
  'DecideSanction',
  { decidedOn: string; outcome: DecisionOutcome; amount?: number; reason?: DismissalReason; comment?: string }
>;

/** POST /api/sanctions/:id/payment — `amount` defaults to the whole amount still due; instalments allowed. */
export type RecordPayment = Command<'RecordPayment', { paidOn: string; amount?: number }>;

/** POST /api/sanctions/:id/appeal — `authority`: the body seized (unverified which one); `reference`: its docket number. */
export type RecordAppeal = Command<
  'RecordAppeal',
  { lodgedOn: string; authority?: string; reference?: string }
>;

/**
 * Added (POST /api/sanctions/:id/appeal/outcome): the appeal's result. `reduced` needs the new `amount`, lower than
 * the fine; a court may go below the regime minimum, so the fine range does not apply to it.
 */
export type RecordAppealOutcome = Command<
  'RecordAppealOutcome',
  { decidedOn: string; outcome: AppealOutcome; amount?: number; comment?: string }
>;

/**
 * Added (POST /api/sanctions/:id/withdrawal): ends a procedure before any decision, e.g. opened in error. Needs a
 * reason. After a decision the way out is a dismissal or an appeal, not a withdrawal.
 */
export type WithdrawProcedure = Command<'WithdrawProcedure', { withdrawnOn: string; reason: string }>;

/** POST /api/sanctions/:id/closure — after a dismissal, a full payment, or an appeal outcome. */
export type CloseProcedure = Command<'CloseProcedure', { closedOn: string; reason?: string }>;

export type SanctionCommand =
  | OpenSanctionProcedure
  | SendNotice
  | RecordDefence
  | DecideSanction
  | RecordPayment
  | RecordAppeal
  | RecordAppealOutcome
  | WithdrawProcedure
  | CloseProcedure;

export type SanctionCommandType = SanctionCommand['type'];
