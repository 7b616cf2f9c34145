import type { AppealOutcome, DismissalReason } from './sanction.commands';
import type { Breach } from './parcours-facts';

type Event<T extends string, D> = { type: T; data: D };

/**
 * The breach as it stood when reported: the parcours deadline at `reportedOn`. Recorded so that the procedure
 * (its read model, its notice, the 152/8 check) does not depend on later changes to the parcours.
 */
export type RecordedBreachDeadline = { anchorOn: string | null; dueOn: string; explanation: string[] };

export type SanctionProcedureOpened = Event<
  'SanctionProcedureOpened',
  {
    procedureId: string;
    parcoursId: string;
    criCode: string;
    breach: Breach;
    reportedOn: string;
    regimeId: string;
    deadline: RecordedBreachDeadline;
  }
>;

export type SanctionNoticeSent = Event<
  'SanctionNoticeSent',
  { procedureId: string; sentOn: string; respondBy: string; responseDays: number }
>;

/** `late`: received after the response deadline of the last notice (recorded anyway: the officer judges). */
export type SanctionDefenceReceived = Event<
  'SanctionDefenceReceived',
  { procedureId: string; receivedOn: string; summary: string | null; late: boolean }
>;

export type SanctionFineImposed = Event<
  'SanctionFineImposed',
  {
    procedureId: string;
    decidedOn: string;
    amount: number;
    regimeId: string;
    fineRange: { min: number; max: number };
    comment: string | null;
  }
>;

export type SanctionProcedureDismissed = Event<
  'SanctionProcedureDismissed',
  { procedureId: string; decidedOn: string; reason: DismissalReason; comment: string | null }
>;

export type SanctionFinePaid = Event<
  'SanctionFinePaid',
  { procedureId: string; paidOn: string; amount: number }
>;

export type SanctionAppealLodged = Event<
  'SanctionAppealLodged',
  { procedureId: string; lodgedOn: string; authority: string | null; reference: string | null }
>;

/** `amount`: the fine after the appeal (the original for `upheld`, the new one for `reduced`, 0 for `annulled`). */
export type SanctionAppealDecided = Event<
  'SanctionAppealDecided',
  { procedureId: string; decidedOn: string; outcome: AppealOutcome; amount: number; comment: string | null }
>;

export type SanctionProcedureWithdrawn = Event<
  'SanctionProcedureWithdrawn',
  { procedureId: string; withdrawnOn: string; reason: string }
>;

export type SanctionProcedureClosed = Event<
  'SanctionProcedureClosed',
  { procedureId: string; closedOn: string; reason: string | null }
>;

export type SanctionEvent =
  | SanctionProcedureOpened
  | SanctionNoticeSent
  | SanctionDefenceReceived
  | SanctionFineImposed
  | SanctionProcedureDismissed
  | SanctionFinePaid
  | SanctionAppealLodged
  | SanctionAppealDecided
  | SanctionProcedureWithdrawn
  | SanctionProcedureClosed;

export type SanctionEventType = SanctionEvent['type'];

export const SANCTION_EVENT_TYPES: readonly SanctionEventType[] = [
  'SanctionProcedureOpened',
  'SanctionNoticeSent',
  'SanctionDefenceReceived',
  'SanctionFineImposed',
  'SanctionProcedureDismissed',
  'SanctionFinePaid',
  'SanctionAppealLodged',
  'SanctionAppealDecided',
  'SanctionProcedureWithdrawn',
  'SanctionProcedureClosed',
];

/**
 * Free-text fields that may name or describe the person, as dotted paths into `event.data`, for the layer that
 * encrypts personal data (crypto-shredding). No sanction rule reads them, so erasing them never breaks `decide`.
 */
export const SANCTION_PERSONAL_DATA_PATHS: { readonly [K in SanctionEventType]?: readonly string[] } = {
  SanctionDefenceReceived: ['summary'],
  SanctionFineImposed: ['comment'],
  SanctionProcedureDismissed: ['comment'],
  SanctionAppealDecided: ['comment'],
  SanctionProcedureWithdrawn: ['reason'],
  SanctionProcedureClosed: ['reason'],
};
