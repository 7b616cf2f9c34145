/**
 * The events of one parcours stream (`parcours-<uuid>`). The `type` string is the stored contract:
 * never rename it; change a shape by adding a new type or an upcaster.
 * Fields listed in PERSONAL_DATA_PATHS (personal-data.ts) may later read « donnée effacée »:
 * no rule reads them after opening.
 *
 * Size (~350 lines): one type per stored event, with its doc; it is a catalogue read top to bottom,
 * and splitting it would scatter the stored contract over several files.
 */
import type { IsoDate } from '@app/calendar';
import type { ObligationFacts, Obligation, ObligationReason } from './obligation.types';
import type {
  CancellationReason,
  CefrLevel,
  ClosureReason,
  CorrectionReason,
  ConvocationMode,
  DelayReason,
  DispenseCategory,
  ExtensionDecider,
  NationalityBasis,
  NationalityProofKind,
  TrainingAxis,
} from './reference-data';
import type { RegimeId } from './rules';

export type DomainEvent<Type extends string, Data> = { readonly type: Type; readonly data: Data };

export type Person = {
  readonly lastName: string;
  readonly firstName: string;
  readonly birthDate: IsoDate;
  /** ISO 3166-1 alpha-2. */
  readonly nationality: string;
  readonly niss: string | null;
  readonly sex: string | null;
  readonly contactLanguage: string | null;
};

export type ResidencePermit = { readonly type: string | null; readonly validUntil: IsoDate | null };

export type ParcoursFlags = {
  readonly euFamilyMember: boolean;
  readonly temporaryProtection: boolean;
  readonly internationalProtectionApplicant: boolean;
};

export type ParcoursOpened = DomainEvent<
  'ParcoursOpened',
  {
    readonly parcoursId: string;
    /** The day the case was opened in the system (the injected clock), not a business fact. */
    readonly openedOn: IsoDate;
    readonly person: Person;
    readonly criCode: string;
    readonly communeCode: string;
    readonly communeRegistrationDate: IsoDate;
    readonly cardOrderDate: IsoDate | null;
    readonly legalStaySince: IsoDate | null;
    readonly residencePermit: ResidencePermit | null;
    readonly flags: ParcoursFlags;
    readonly accompagnateurId: string | null;
    // Computed at opening, in clear (not personal):
    readonly obligation: Obligation;
    readonly obligationReasons: readonly ObligationReason[];
    readonly obligationFacts: ObligationFacts;
    /** 18 or older on the opening day (nationality condition "18 ans"), so the birth date need not be read again. */
    readonly adultAtOpening: boolean;
    /** Regime selected at opening, for information: rules re-select it from cardOrderDate with the current configuration. */
    readonly regimeId: RegimeId | null;
  }
>;

export type PresentationRecorded = DomainEvent<
  'PresentationRecorded',
  { readonly parcoursId: string; readonly date: IsoDate }
>;

export type RightsAndDutiesInformationGiven = DomainEvent<
  'RightsAndDutiesInformationGiven',
  { readonly parcoursId: string; readonly date: IsoDate }
>;

export type BilanSocialCompleted = DomainEvent<
  'BilanSocialCompleted',
  { readonly parcoursId: string; readonly date: IsoDate; readonly needs: readonly string[] }
>;

export type FrenchPositioningRecorded = DomainEvent<
  'FrenchPositioningRecorded',
  {
    readonly parcoursId: string;
    readonly date: IsoDate;
    readonly level: CefrLevel;
    readonly test: string | null;
  }
>;

export type ConventionSigned = DomainEvent<
  'ConventionSigned',
  {
    readonly parcoursId: string;
    readonly signedOn: IsoDate;
    readonly includesFrench: boolean;
    readonly includesIsp: boolean;
    readonly citizenshipLanguage: string | null;
    /** true when it replaces an earlier convention (programme adapted, e.g. at an evaluation). */
    readonly amendment: boolean;
  }
>;

export type FrenchHoursRecorded = DomainEvent<
  'FrenchHoursRecorded',
  {
    readonly parcoursId: string;
    readonly operator: string;
    readonly from: IsoDate;
    readonly to: IsoDate;
    readonly hours: number;
    /** Present (true) only when the user confirmed an overlap with an entry of the same operator. */
    readonly overlapConfirmed?: true;
  }
>;

export type FrenchLevelCertified = DomainEvent<
  'FrenchLevelCertified',
  {
    readonly parcoursId: string;
    readonly date: IsoDate;
    readonly level: CefrLevel;
    readonly issuer: string;
    readonly test: string | null;
    readonly oralOnly: boolean;
  }
>;

export type CitizenshipHoursRecorded = DomainEvent<
  'CitizenshipHoursRecorded',
  {
    readonly parcoursId: string;
    readonly operator: string;
    readonly from: IsoDate;
    readonly to: IsoDate;
    readonly hours: number;
    readonly language: string | null;
    readonly overlapConfirmed?: true;
  }
>;

export type IspHoursRecorded = DomainEvent<
  'IspHoursRecorded',
  {
    readonly parcoursId: string;
    readonly provider: string;
    readonly date: IsoDate;
    readonly hours: number;
    readonly overlapConfirmed?: true;
  }
>;

export type EvaluationRecorded = DomainEvent<
  'EvaluationRecorded',
  {
    readonly parcoursId: string;
    readonly date: IsoDate;
    readonly convocation: ConvocationMode;
    readonly attended: boolean;
    readonly absenceJustified: boolean | null;
    readonly notes: string | null;
  }
>;

export type DispenseRecorded = DomainEvent<
  'DispenseRecorded',
  {
    readonly parcoursId: string;
    readonly category: DispenseCategory;
    readonly decidedOn: IsoDate;
    readonly evidence: string;
    /** Obligation re-evaluated with this dispense. */
    readonly obligation: Obligation;
    readonly obligationReasons: readonly ObligationReason[];
  }
>;

export type ExtensionGranted = DomainEvent<
  'ExtensionGranted',
  {
    readonly parcoursId: string;
    readonly decidedOn: IsoDate;
    readonly until: IsoDate;
    readonly reason: DelayReason;
    readonly decidedBy: ExtensionDecider;
    readonly evidence: string | null;
  }
>;

export type SuspensionStarted = DomainEvent<
  'SuspensionStarted',
  {
    readonly parcoursId: string;
    readonly from: IsoDate;
    /** Known end (inclusive), or null while the suspension is open. */
    readonly to: IsoDate | null;
    readonly reason: DelayReason;
    readonly evidence: string | null;
  }
>;

export type SuspensionEnded = DomainEvent<
  'SuspensionEnded',
  { readonly parcoursId: string; readonly from: IsoDate; readonly to: IsoDate }
>;

export type TrainingUnavailabilityRecorded = DomainEvent<
  'TrainingUnavailabilityRecorded',
  {
    readonly parcoursId: string;
    readonly axis: TrainingAxis;
    readonly from: IsoDate;
    readonly to: IsoDate | null;
  }
>;

export type TrainingUnavailabilityEnded = DomainEvent<
  'TrainingUnavailabilityEnded',
  { readonly parcoursId: string; readonly axis: TrainingAxis; readonly from: IsoDate; readonly to: IsoDate }
>;

export type FrenchValidation = 'hours' | 'certification' | 'not-in-convention';

export type AttestationIssued = DomainEvent<
  'AttestationIssued',
  {
    readonly parcoursId: string;
    readonly issuedOn: IsoDate;
    readonly attestationNumber: string;
    readonly criCode: string;
    readonly obligation: Obligation;
    readonly regime: { readonly id: RegimeId; readonly label: string; readonly source: string } | null;
    readonly hours: { readonly french: number; readonly citizenship: number; readonly isp: number };
    readonly requiredHours: {
      readonly french: number | null;
      readonly citizenship: number;
      readonly isp: number | null;
    };
    /** Highest French level known at issue, and how it was established (certification beats positioning). */
    readonly frenchLevel: {
      readonly level: CefrLevel;
      readonly validatedBy: 'certification' | 'positioning';
      readonly date: IsoDate;
      readonly test: string | null;
      readonly issuer: string | null;
      readonly oralOnly: boolean;
    } | null;
    /** How the French requirement was met. */
    readonly frenchValidation: FrenchValidation;
    readonly convention: {
      readonly firstSignedOn: IsoDate;
      readonly signedOn: IsoDate;
      readonly includesFrench: boolean;
      readonly includesIsp: boolean;
      readonly ispRequired: boolean;
      readonly citizenshipLanguage: string | null;
    };
  }
>;

export type ParcoursTransferred = DomainEvent<
  'ParcoursTransferred',
  {
    readonly parcoursId: string;
    readonly fromCri: string;
    readonly toCri: string;
    readonly communeCode: string;
    readonly date: IsoDate;
    /** Obligation re-evaluated in the new commune. */
    readonly obligation: Obligation;
    readonly obligationReasons: readonly ObligationReason[];
    readonly obligationFacts: ObligationFacts;
  }
>;

export type AccompagnateurAssigned = DomainEvent<
  'AccompagnateurAssigned',
  {
    readonly parcoursId: string;
    readonly accompagnateurId: string;
    readonly previousAccompagnateurId: string | null;
  }
>;

export type ParcoursClosed = DomainEvent<
  'ParcoursClosed',
  {
    readonly parcoursId: string;
    readonly date: IsoDate;
    readonly reason: ClosureReason;
    readonly note: string | null;
  }
>;

export type NationalityDossierOpened = DomainEvent<
  'NationalityDossierOpened',
  { readonly parcoursId: string; readonly openedOn: IsoDate; readonly basis: NationalityBasis }
>;

export type NationalityProofAttached = DomainEvent<
  'NationalityProofAttached',
  {
    readonly parcoursId: string;
    readonly kind: NationalityProofKind;
    readonly issuer: string;
    readonly date: IsoDate;
    readonly reference: string | null;
    /** What the proof states (present only when given): the start of the legal stay, days worked, quarters self-employed. */
    readonly since?: IsoDate;
    readonly days?: number;
    readonly quarters?: number;
  }
>;

/**
 * An entry cancelled by its stream version (api.md v2): every computation then ignores the event recorded at
 * `version`, as if it had never been recorded; the history keeps both. `note` is personal (free text).
 */
export type EntryCancelled = DomainEvent<
  'EntryCancelled',
  {
    readonly parcoursId: string;
    readonly version: number;
    /** The type of the event cancelled, for the history. */
    readonly entryType: string;
    readonly reason: CancellationReason;
    readonly note: string | null;
    readonly cancelledOn: IsoDate;
  }
>;

/** A value before and after a correction. */
export type Changed<T> = { readonly from: T; readonly to: T };

/** The opening's computation again, on the corrected facts (what ParcoursOpened carries). */
export type RecomputedOpening = {
  readonly obligation: Obligation;
  readonly obligationReasons: readonly ObligationReason[];
  readonly obligationFacts: ObligationFacts;
  readonly adultAtOpening: boolean;
  readonly regimeId: RegimeId | null;
};

/**
 * Facts recorded at opening corrected (api.md v2): the case is computed again as if they had been recorded so from
 * the start. `changes.residencePermit`, `changes.flags` and `note` are personal.
 */
export type CaseFactsCorrected = DomainEvent<
  'CaseFactsCorrected',
  {
    readonly parcoursId: string;
    readonly correctedOn: IsoDate;
    readonly reason: CorrectionReason;
    readonly note: string | null;
    readonly changes: {
      readonly cardOrderDate?: Changed<IsoDate | null>;
      readonly communeRegistrationDate?: Changed<IsoDate>;
      readonly legalStaySince?: Changed<IsoDate | null>;
      readonly residencePermit?: Changed<ResidencePermit | null>;
      readonly flags?: Changed<ParcoursFlags>;
      readonly communeCode?: Changed<string>;
    };
  } & RecomputedOpening
>;

/**
 * Personal data corrected (api.md v2): `changes` and `note` are personal as a whole; a new birth date or
 * nationality computes the opening again (automatic dispenses), which the event carries.
 */
export type PersonCorrected = DomainEvent<
  'PersonCorrected',
  {
    readonly parcoursId: string;
    readonly correctedOn: IsoDate;
    readonly reason: CorrectionReason;
    readonly note: string | null;
    readonly changes: { readonly [K in keyof Person]?: Changed<Person[K]> };
    /** Which fields changed (not personal): `cleared` when set to null. What a fold applies once `changes` is erased. */
    readonly fields: { readonly [K in keyof Person]?: 'set' | 'cleared' };
  } & RecomputedOpening
>;

/** An attestation revoked (api.md v2): its hash then verifies as revoked; the case's content may be corrected again. */
export type AttestationRevoked = DomainEvent<
  'AttestationRevoked',
  {
    readonly parcoursId: string;
    readonly attestationNumber: string;
    readonly issuedOn: IsoDate;
    readonly revokedOn: IsoDate;
    readonly reason: string;
  }
>;

export type ParcoursEvent =
  | AttestationRevoked
  | EntryCancelled
  | CaseFactsCorrected
  | PersonCorrected
  | ParcoursOpened
  | PresentationRecorded
  | RightsAndDutiesInformationGiven
  | BilanSocialCompleted
  | FrenchPositioningRecorded
  | ConventionSigned
  | FrenchHoursRecorded
  | FrenchLevelCertified
  | CitizenshipHoursRecorded
  | IspHoursRecorded
  | EvaluationRecorded
  | DispenseRecorded
  | ExtensionGranted
  | SuspensionStarted
  | SuspensionEnded
  | TrainingUnavailabilityRecorded
  | TrainingUnavailabilityEnded
  | AttestationIssued
  | ParcoursTransferred
  | AccompagnateurAssigned
  | ParcoursClosed
  | NationalityDossierOpened
  | NationalityProofAttached;

export type ParcoursEventType = ParcoursEvent['type'];

/** Every event type, e.g. for a projection's subscription filter. */
export const PARCOURS_EVENT_TYPES = [
  'AttestationRevoked',
  'EntryCancelled',
  'CaseFactsCorrected',
  'PersonCorrected',
  'ParcoursOpened',
  'PresentationRecorded',
  'RightsAndDutiesInformationGiven',
  'BilanSocialCompleted',
  'FrenchPositioningRecorded',
  'ConventionSigned',
  'FrenchHoursRecorded',
  'FrenchLevelCertified',
  'CitizenshipHoursRecorded',
  'IspHoursRecorded',
  'EvaluationRecorded',
  'DispenseRecorded',
  'ExtensionGranted',
  'SuspensionStarted',
  'SuspensionEnded',
  'TrainingUnavailabilityRecorded',
  'TrainingUnavailabilityEnded',
  'AttestationIssued',
  'ParcoursTransferred',
  'AccompagnateurAssigned',
  'ParcoursClosed',
  'NationalityDossierOpened',
  'NationalityProofAttached',
] as const satisfies readonly ParcoursEventType[];

type MissingEventTypes = Exclude<ParcoursEventType, (typeof PARCOURS_EVENT_TYPES)[number]>;
// Compile-time check that the list above is complete.
const _allEventTypesListed: MissingEventTypes extends never ? true : never = true;
void _allEventTypesListed;
