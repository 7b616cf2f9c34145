import type { AppealOutcome, DismissalReason } from './sanction.commands';
import type { RecordedBreachDeadline, SanctionEvent } from './sanction.events';
import type { Breach } from './parcours-facts';

export type NoSanctionProcedure = { status: 'none' };

export type SanctionDecisionState =
  | { outcome: 'fine'; decidedOn: string; amountCents: number }
  | { outcome: 'dismissed'; decidedOn: string; reason: DismissalReason };

export type SanctionAppealState = {
  lodgedOn: string;
  outcome: AppealOutcome | null;
  decidedOn: string | null;
};

/**
 * One sanction procedure (stream `sanction-<procedureId>`). Money is held in integer cents so that instalments add
 * up exactly; events carry euros. Free-text fields (defence summary, comments, reasons) are deliberately not kept:
 * no rule reads them, so erasing them can never change a decision.
 */
export type SanctionProcedure = {
  status: 'open' | 'closed';
  procedureId: string;
  parcoursId: string;
  criCode: string;
  breach: Breach;
  reportedOn: string;
  regimeId: string;
  deadline: RecordedBreachDeadline;
  /** The last notice sent (a notice may be sent again before the decision, e.g. after a returned letter). */
  notice: { sentOn: string; respondBy: string } | null;
  noticeCount: number;
  defences: { receivedOn: string; late: boolean }[];
  decision: SanctionDecisionState | null;
  appeal: SanctionAppealState | null;
  /** The fine currently owed, in cents: the decided amount, or what the appeal left (0 when annulled). */
  amountDueCents: number;
  paidCents: number;
  withdrawnOn: string | null;
  closedOn: string | null;
  /** Date of the latest step recorded: no step may be dated before it. */
  lastStepOn: string;
};

export type SanctionState = NoSanctionProcedure | SanctionProcedure;

export const initialSanctionState: SanctionState = { status: 'none' };

export const toCents = (euros: number): number => Math.round(euros * 100);
export const toEuros = (cents: number): number => cents / 100;

export type SanctionStage =
  | 'none'
  | 'reported'
  | 'notice-sent'
  | 'defence-received'
  | 'fined'
  | 'dismissed'
  | 'appealed'
  | 'appeal-decided'
  | 'paid'
  | 'withdrawn'
  | 'closed';

/** One word for where the procedure stands, for lists and filters (`GET /api/sanctions?status=`). */
export function sanctionStage(state: SanctionState): SanctionStage {
  if (state.status === 'none') return 'none';
  if (state.withdrawnOn !== null) return 'withdrawn';
  if (state.status === 'closed') return 'closed';
  const decision = state.decision;
  if (decision === null) {
    if (state.defences.length > 0) return 'defence-received';
    return state.notice ? 'notice-sent' : 'reported';
  }
  if (decision.outcome === 'dismissed') return 'dismissed';
  if (state.appeal && state.appeal.outcome === null) return 'appealed';
  if (isFullyPaid(state)) return 'paid';
  if (state.appeal) return 'appeal-decided';
  return 'fined';
}

/** A fine is owed and the payments cover it. */
export function isFullyPaid(state: SanctionProcedure): boolean {
  return state.amountDueCents > 0 && state.paidCents >= state.amountDueCents;
}

const later = (a: string, b: string): string => (b > a ? b : a);

function step(state: SanctionProcedure, date: string, patch: Partial<SanctionProcedure>): SanctionProcedure {
  return { ...state, ...patch, lastStepOn: later(state.lastStepOn, date) };
}

/**
 * Folds one event into the state. Never throws and never validates: `decide` already did. An event that does not fit
 * the state (which `decide` never produces) leaves the state unchanged, so a corrupt or future history still folds.
 */
export function evolveSanction(state: SanctionState, event: SanctionEvent): SanctionState {
  if (event.type === 'SanctionProcedureOpened') {
    if (state.status !== 'none') return state;
    const d = event.data;
    return {
      status: 'open',
      procedureId: d.procedureId,
      parcoursId: d.parcoursId,
      criCode: d.criCode,
      breach: d.breach,
      reportedOn: d.reportedOn,
      regimeId: d.regimeId,
      deadline: d.deadline,
      notice: null,
      noticeCount: 0,
      defences: [],
      decision: null,
      appeal: null,
      amountDueCents: 0,
      paidCents: 0,
      withdrawnOn: null,
      closedOn: null,
      lastStepOn: d.reportedOn,
    };
  }
  if (state.status === 'none') return state;

  switch (event.type) {
    case 'SanctionNoticeSent':
      return step(state, event.data.sentOn, {
        notice: { sentOn: event.data.sentOn, respondBy: event.data.respondBy },
        noticeCount: state.noticeCount + 1,
      });
    case 'SanctionDefenceReceived':
      return step(state, event.data.receivedOn, {
        defences: [...state.defences, { receivedOn: event.data.receivedOn, late: event.data.late }],
      });
    case 'SanctionFineImposed':
      return step(state, event.data.decidedOn, {
        decision: {
          outcome: 'fine',
          decidedOn: event.data.decidedOn,
          amountCents: toCents(event.data.amount),
        },
        amountDueCents: toCents(event.data.amount),
      });
    case 'SanctionProcedureDismissed':
      return step(state, event.data.decidedOn, {
        decision: { outcome: 'dismissed', decidedOn: event.data.decidedOn, reason: event.data.reason },
        amountDueCents: 0,
      });
    case 'SanctionFinePaid':
      return step(state, event.data.paidOn, { paidCents: state.paidCents + toCents(event.data.amount) });
    case 'SanctionAppealLodged':
      return step(state, event.data.lodgedOn, {
        appeal: { lodgedOn: event.data.lodgedOn, outcome: null, decidedOn: null },
      });
    case 'SanctionAppealDecided':
      return step(state, event.data.decidedOn, {
        appeal: {
          lodgedOn: state.appeal?.lodgedOn ?? event.data.decidedOn,
          outcome: event.data.outcome,
          decidedOn: event.data.decidedOn,
        },
        amountDueCents: toCents(event.data.amount),
      });
    case 'SanctionProcedureWithdrawn':
      return step(state, event.data.withdrawnOn, {
        status: 'closed',
        withdrawnOn: event.data.withdrawnOn,
        closedOn: event.data.withdrawnOn,
      });
    case 'SanctionProcedureClosed':
      return step(state, event.data.closedOn, { status: 'closed', closedOn: event.data.closedOn });
    default: {
      // Exhaustive: a new event type fails to compile here. At run time an unknown type is ignored.
      const unhandled: never = event;
      void unhandled;
      return state;
    }
  }
}

/** Folds a whole history, from the initial state. */
export function foldSanction(
  events: readonly SanctionEvent[],
  from: SanctionState = initialSanctionState,
): SanctionState {
  return events.reduce(evolveSanction, from);
}
