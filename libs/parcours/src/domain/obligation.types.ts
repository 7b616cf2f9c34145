import type { DispenseCategory } from './reference-data';

export type Obligation = 'obliged' | 'voluntary' | 'dispensed';

/** Why a person is outside the public obligé (CWASS art. 150, 4° and 152/7): they may follow the parcours voluntarily. */
export type ExclusionCode =
  | 'BELGIAN'
  | 'EU_EEA_CH_NATIONAL'
  | 'EU_FAMILY_MEMBER'
  | 'LEGAL_STAY_3_YEARS'
  | 'PERMIT_3_MONTHS_OR_LESS'
  | 'GERMAN_SPEAKING_COMMUNE'
  | 'INTERNATIONAL_PROTECTION_APPLICANT'
  | 'NO_CARD_ORDER_DATE'
  | 'CARD_ORDERED_BEFORE_PARCOURS';

/** Facts the system had to assume at opening because they were not given. */
export type AssumptionCode = 'LEGAL_STAY_UNKNOWN' | 'PERMIT_VALIDITY_UNKNOWN';

export type ObligationReasonCode =
  'PRIMO_ARRIVANT' | ExclusionCode | AssumptionCode | `DISPENSE_${DispenseCategory}`;

/** A reason shown with the obligation: stable code + French label. Never contains personal data. */
export type ObligationReason = { readonly code: ObligationReasonCode; readonly label: string };

/**
 * The non-personal facts computed at opening from the person's data, kept in clear so the
 * obligation can be re-evaluated later (dispense, transfer) without reading personal fields.
 */
export type ObligationFacts = {
  readonly exclusions: readonly ExclusionCode[];
  readonly automaticDispenses: readonly DispenseCategory[];
  readonly assumptions: readonly AssumptionCode[];
};
