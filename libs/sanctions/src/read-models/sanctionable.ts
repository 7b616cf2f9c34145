import {
  diffDays,
  initialParcoursState,
  sanctionFacts,
  type IsoDate,
  type ParcoursState,
  type RuleConfig,
} from '@app/parcours';
import { blockingUnavailability, isOverdueAt, type Breach } from '../domain';

/**
 * A case the sanctioning officer could report today: obliged, overdue for the breach at `asOf`, its parcours open, and
 * not covered by a training-unavailability period (art. 152/8 CWASS, read as the sanctions domain reads it). Whether a
 * procedure is already open is the caller's filter (the claim table).
 */
export type SanctionableCase = {
  readonly parcoursId: string;
  readonly criCode: string;
  readonly breach: Breach;
  /** Start of the clock: commune registration (presentation) or card order (attestation). */
  readonly anchorOn: IsoDate | null;
  readonly dueOn: IsoDate;
  readonly daysOverdue: number;
  readonly regimeId: string;
  readonly fineRange: { readonly min: number; readonly max: number };
  /** The parcours' French explanation of the deadline at `asOf` (regime, anchor, extensions, suspensions, delay). */
  readonly explanation: readonly string[];
};

/**
 * The same judgement as `decideSanction` on `OpenSanctionProcedure` (parcours open, obliged, overdue at `asOf` per
 * `isOverdueAt`), plus the art. 152/8 check the decision would make (`blockingUnavailability` over the deadline's
 * window), so that a listed case is one a fine could actually end.
 */
export function sanctionableCase(state: ParcoursState, breach: Breach, asOf: IsoDate, rules: RuleConfig): SanctionableCase | null {
  if (state.status !== 'open') return null;
  const facts = sanctionFacts(state, asOf, rules);
  if (facts.status !== 'open' || facts.obligation !== 'obliged') return null;
  const deadline = facts.deadlines[breach];
  if (deadline.dueOn === null || !isOverdueAt(deadline, asOf)) return null;
  const blocking = blockingUnavailability(breach, { from: deadline.anchorOn, to: deadline.dueOn }, facts.trainingUnavailability);
  if (blocking.length > 0) return null;
  return {
    parcoursId: facts.parcoursId,
    criCode: facts.criCode,
    breach,
    anchorOn: deadline.anchorOn,
    dueOn: deadline.dueOn,
    daysOverdue: diffDays(deadline.dueOn, asOf),
    regimeId: facts.regimeId,
    fineRange: { min: facts.fineRange.min, max: facts.fineRange.max },
    explanation: [...deadline.explanation],
  };
}

/**
 * Parts of a folded parcours state that neither the presentation nor the attestation deadline reads (hours, tests,
 * evaluations, nationality dossier, personal data). The sanctionable query drops them in SQL so that only the small
 * remainder travels; `restoreSanctionState` puts back empty values. sanctionable.spec.ts proves, over many histories and
 * dates, that the judgement on the reduced state equals the one on the full state: a domain change that starts reading
 * one of these keys fails that test.
 */
export const SANCTION_IRRELEVANT_STATE_KEYS = [
  'person',
  'residencePermit',
  'flags',
  'bilanSocial',
  'frenchPositionings',
  'frenchHours',
  'citizenshipHours',
  'ispHours',
  'frenchCertifications',
  'evaluations',
  'nationalityDossier',
  'nationalityProofs',
] as const satisfies ReadonlyArray<keyof ParcoursState>;

/** SQL: the jsonb state column without the keys above (`state - ARRAY[...]`). */
export const reducedSanctionStateSql = (column: string): string =>
  `(${column} - ARRAY[${SANCTION_IRRELEVANT_STATE_KEYS.map((k) => `'${k}'`).join(', ')}]::text[])`;

/** A reduced state (read with `reducedSanctionStateSql`, or built by `reduceSanctionState`) made whole again with empty values. */
export function restoreSanctionState(reduced: Partial<ParcoursState>): ParcoursState {
  const restored: Record<string, unknown> = { ...initialParcoursState, ...reduced };
  for (const key of SANCTION_IRRELEVANT_STATE_KEYS) restored[key] = initialParcoursState[key];
  return restored as ParcoursState;
}

/** The in-memory equivalent of `reducedSanctionStateSql` (for tests). */
export function reduceSanctionState(state: ParcoursState): Partial<ParcoursState> {
  const copy: Record<string, unknown> = { ...state };
  for (const key of SANCTION_IRRELEVANT_STATE_KEYS) delete copy[key];
  return copy as Partial<ParcoursState>;
}
