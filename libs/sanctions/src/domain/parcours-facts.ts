import { isAfter } from '@app/calendar';

export type Breach = 'presentation' | 'attestation';
export const BREACHES: readonly Breach[] = ['presentation', 'attestation'];

export type TrainingAxis = 'french' | 'citizenship' | 'isp';

/** A period during which the Region could not provide a training (art. 152/8 CWASS), both days included. */
export type TrainingUnavailabilityPeriod = { axis: TrainingAxis; from: string; to: string | null };

/**
 * One deadline of the parcours, as the parcours domain computes it (its `deadlines(state, asOf, rules)`), with
 * `asOf` = the date of the command being decided (for OpenSanctionProcedure: `reportedOn`).
 */
export type BreachDeadlineFacts = {
  /** Date the clock started: `communeRegistrationDate` (presentation) or `cardOrderDate` (attestation); null if unknown. */
  anchorOn: string | null;
  /** Due date after extensions and suspensions; null when the parcours has no such deadline (e.g. no card order date). */
  dueOn: string | null;
  /** Date the obligation was met: presentation date, or attestation `issuedOn`; null while unmet. */
  metOn: string | null;
  /** True when the parcours deadline status at `asOf` is `suspended` (an open suspension stops the clock). */
  suspended: boolean;
  /** The French explanation lines of the parcours deadline (regime, anchor, extensions, suspensions). */
  explanation: readonly string[];
};

/**
 * The facts of the parcours that the sanction rules need. The sanctions domain never imports the parcours domain:
 * the command handler reads the parcours stream, folds it, and fills this plain object. How to fill it:
 *
 * - `parcoursId`, `criCode`: from the parcours state (current CRI: a procedure follows the case after a transfer).
 * - `obligation`: the parcours' current obligation (`obliged` | `voluntary` | `dispensed`).
 * - `status`: `closed` once the parcours was closed (closure command: moved out of the region, left Belgium,
 *   deceased, withdrawn…); `open` otherwise (an attested parcours is `open` here: its attestation deadline is met).
 * - `regimeId`, `fineRange`: the rule regime of the parcours (`regimeFor(state, rules)`), fine range in euros.
 * - `deadlines.presentation` / `deadlines.attestation`: from `deadlines(state, asOf, rules)` with `asOf` = the date
 *   carried by the command (`reportedOn` for OpenSanctionProcedure). Only OpenSanctionProcedure reads them; the
 *   breach deadline is then recorded in the procedure stream, so later commands may pass deadlines computed at any date.
 * - `trainingUnavailability`: every training-unavailability period recorded on the parcours (all axes), as recorded
 *   so far: a period recorded after the report still blocks a fine (read at decision time).
 */
export type ParcoursFacts = {
  parcoursId: string;
  criCode: string;
  obligation: 'obliged' | 'voluntary' | 'dispensed';
  status: 'open' | 'closed';
  regimeId: string;
  fineRange: { min: number; max: number };
  deadlines: { presentation: BreachDeadlineFacts; attestation: BreachDeadlineFacts };
  trainingUnavailability: readonly TrainingUnavailabilityPeriod[];
};

/**
 * Overdue at `date`: a due date exists, `date` is after it, the obligation was not met on or before `date`, and the
 * clock was not stopped by an open suspension. A breach regularised before `date` is not overdue (api.md: a
 * procedure needs the parcours "overdue for that breach at reportedOn"); one regularised after `date` was overdue then.
 */
export function isOverdueAt(deadline: BreachDeadlineFacts, date: string): boolean {
  if (deadline.dueOn === null || deadline.suspended) return false;
  if (!isAfter(date, deadline.dueOn)) return false;
  return deadline.metOn === null || isAfter(deadline.metOn, date);
}

/** The window in which the obligation had to be fulfilled: [anchorOn, dueOn], both days included, either end open. */
export type BreachWindow = { from: string | null; to: string | null };

/**
 * Art. 152/8 CWASS: no fine when the Region did not provide the training. Our reading (see docs/rules-sanctions.md):
 * - `presentation`: training availability is irrelevant (presenting at the bureau d'accueil needs no training);
 * - `attestation`: a fine is blocked by any unavailability period, of any axis, that overlaps the window in which the
 *   person had to complete the parcours, [anchorOn, dueOn] (both included; a missing end is unbounded; a period
 *   with no end runs on). Any axis, because the attestation needs the whole convention.
 * Returns the blocking periods (empty: a fine is allowed as far as 152/8 goes).
 */
export function blockingUnavailability(
  breach: Breach,
  window: BreachWindow,
  periods: readonly TrainingUnavailabilityPeriod[],
): TrainingUnavailabilityPeriod[] {
  switch (breach) {
    case 'presentation':
      return [];
    case 'attestation':
      return periods.filter(
        (p) =>
          (window.to === null || !isAfter(p.from, window.to)) &&
          (window.from === null || p.to === null || !isAfter(window.from, p.to)),
      );
    default:
      return assertNever(breach);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
