/**
 * Every refusal of the parcours domain: a stable code (the API contract, `422` unless said otherwise) and
 * the facts of the refusal (dates as 'YYYY-MM-DD', numbers, codes, stable keys of fields and steps).
 * No French here: titles and details are rendered at the edge by `describeDomainError`
 * (libs/parcours/src/messages/errors.fr.ts), the one catalogue of what users read.
 */
import type { IsoDate } from '@app/calendar';
import type { CriCode, DispenseCategory, NationalityProofKind, TrainingAxis } from './reference-data';

/** A business date of a command, named by what it dates (the catalogue gives its French label). */
export type DateSubject =
  | 'birthDate'
  | 'communeRegistrationDate'
  | 'cardOrderDate'
  | 'legalStaySince'
  | 'presentationDate'
  | 'rightsAndDutiesDate'
  | 'bilanSocialDate'
  | 'positioningDate'
  | 'conventionSignedOn'
  | 'frenchFrom'
  | 'frenchTo'
  | 'citizenshipFrom'
  | 'citizenshipTo'
  | 'ispDate'
  | 'certificationDate'
  | 'evaluationDate'
  | 'dispenseDecidedOn'
  | 'extensionDecidedOn'
  | 'suspensionFrom'
  | 'unavailabilityFrom'
  | 'attestationIssuedOn'
  | 'transferDate'
  | 'closureDate'
  | 'attestationRevokedOn'
  | 'nationalityDossierOpenedOn'
  | 'nationalityProofDate';

/** A step of the parcours, as the subject or the reference of an order rule. */
export type StepSubject =
  | 'presentation'
  | 'rightsAndDuties'
  | 'bilanSocial'
  | 'bilanSocialUpdate'
  | 'previousBilanSocial'
  | 'positioning'
  | 'convention'
  | 'conventionAmendment'
  | 'conventionInForce'
  | 'frenchPeriod'
  | 'citizenshipPeriod'
  | 'ispSession'
  | 'evaluation'
  | 'transfer'
  | 'previousTransfer'
  | 'attestationRevocation'
  | 'attestation';

/** The facts each refusal carries (`void`: the code says it all). */
export interface DomainErrorFacts {
  // Existence and lifecycle
  PARCOURS_NOT_FOUND: void;
  PARCOURS_ALREADY_EXISTS: void;
  /** Raised by the application layer (it needs the niss index of all parcours), never by `decide`. */
  PARCOURS_ALREADY_OPEN: void;
  PARCOURS_CLOSED: { readonly closedOn: IsoDate };
  INVALID_PERIOD: { readonly from: IsoDate; readonly to: IsoDate };
  // Dates
  DATE_IN_FUTURE: { readonly subject: DateSubject; readonly date: IsoDate; readonly today: IsoDate };
  DATE_BEFORE_REGISTRATION: {
    readonly subject: DateSubject;
    readonly date: IsoDate;
    readonly registeredOn: IsoDate;
  };
  DATE_BEFORE_PREVIOUS_STEP: {
    readonly step: StepSubject;
    readonly date: IsoDate;
    readonly previousStep: StepSubject;
    readonly previousDate: IsoDate;
  };
  // Steps and their order
  STEP_ALREADY_RECORDED: { readonly step: 'presentation' | 'rightsAndDuties'; readonly recordedOn: IsoDate };
  PRESENTATION_REQUIRED: void;
  ACCUEIL_INCOMPLETE: { readonly on: IsoDate };
  CONVENTION_REQUIRED: void;
  HOURS_IMPLAUSIBLE: {
    readonly hours: number;
    readonly from: IsoDate;
    readonly to: IsoDate;
    readonly days: number;
    readonly maxHoursPerDay: number;
  };
  /** Hours of the same axis and operator over a period that overlaps an entry already recorded. */
  HOURS_OVERLAP: {
    readonly axis: TrainingAxis;
    readonly existing: {
      readonly operator: string;
      readonly from: IsoDate;
      readonly to: IsoDate;
      readonly hours: number;
      readonly version: number;
    };
  };
  // Dispenses, deadlines
  DISPENSE_ALREADY_RECORDED: {
    readonly category: DispenseCategory;
    /** null: applied automatically at opening. */
    readonly decidedOn: IsoDate | null;
  };
  DISPENSE_NOT_IN_REGIME: { readonly regimeLabel: string; readonly categories: readonly DispenseCategory[] };
  DEADLINE_NOT_APPLICABLE: void;
  EXTENSION_NOT_LATER: { readonly dueOn: IsoDate; readonly requested: IsoDate };
  EXTENSION_LIMIT_REACHED:
    | { readonly limit: 'count'; readonly maxCount: number; readonly count: number }
    | { readonly limit: 'months'; readonly maxTotalMonths: number; readonly latestUntil: IsoDate };
  SUSPENSION_ALREADY_OPEN: { readonly since: IsoDate };
  NO_OPEN_SUSPENSION: void;
  SUSPENSION_AFTER_DEADLINE: { readonly dueOn: IsoDate };
  PERIOD_OVERLAP: {
    readonly kind: 'suspension' | 'unavailability';
    readonly from: IsoDate;
    readonly to: IsoDate | null;
  };
  // Attestation
  ATTESTATION_REQUIREMENTS_UNMET: { readonly on: IsoDate };
  ATTESTATION_ALREADY_ISSUED: { readonly attestationNumber: string; readonly issuedOn: IsoDate };
  /** Nothing to revoke: no attestation is in force. */
  NO_ATTESTATION: void;
  // Transfer
  TRANSFER_SAME_CRI: { readonly criCode: string };
  /** A commune of the German-speaking region (or not of Wallonia at all): outside the Walloon parcours. */
  COMMUNE_OUT_OF_REGION: {
    readonly step: 'opening' | 'transfer';
    readonly communeCode: string;
    readonly communeName: string | null;
  };
  /** The commune is covered by another CRI than the one opening or receiving the parcours. */
  COMMUNE_NOT_IN_CRI_TERRITORY: {
    readonly step: 'opening' | 'transfer';
    readonly communeCode: string;
    readonly communeName: string;
    readonly criCode: string;
    readonly expectedCri: CriCode;
  };
  // Cancellation of an entry (api.md v2)
  /** No entry was recorded at that version of the stream. */
  ENTRY_NOT_FOUND: { readonly version: number };
  /** The opening, a transfer, a closure, an attestation, an assignment, a correction: not an entry to cancel. */
  ENTRY_NOT_CANCELLABLE: { readonly version: number; readonly entryType: string };
  ENTRY_ALREADY_CANCELLED: { readonly version: number; readonly cancelledOn: IsoDate };
  /** Later entries need this one (the accueil steps need the presentation…): cancel them first. */
  ENTRY_HAS_DEPENDENTS: { readonly version: number; readonly dependents: readonly number[] };
  // Corrections of facts and of the person (api.md v2)
  /** The birth date and nationality the opening's computation needs were erased. */
  PERSONAL_DATA_ERASED: void;
  /** The commune of a transferred case is the transfer's: correct it by a transfer, not at opening. */
  COMMUNE_CORRECTION_AFTER_TRANSFER: void;
  // Nationality dossier
  NATIONALITY_DOSSIER_NOT_OPEN: void;
  NATIONALITY_DOSSIER_ALREADY_OPEN: { readonly openedOn: IsoDate };
  /** `since` only on a legal-stay proof; `days` / `quarters` only on an economic-participation proof. */
  PROOF_FIELD_NOT_APPLICABLE: { readonly kind: NationalityProofKind };
}

export type DomainErrorCode = keyof DomainErrorFacts;

/** One unmet requirement: a stable key for programs and a French label for people. */
export type MissingRequirement = { readonly code: string; readonly label: string };

type FactsArgument<C extends DomainErrorCode> = DomainErrorFacts[C] extends void
  ? [facts?: undefined, missing?: readonly MissingRequirement[]]
  : [facts: DomainErrorFacts[C], missing?: readonly MissingRequirement[]];

export class DomainError<C extends DomainErrorCode = DomainErrorCode> extends Error {
  readonly code: C;
  readonly facts: DomainErrorFacts[C];
  readonly missing?: readonly MissingRequirement[];

  constructor(code: C, ...[facts, missing]: FactsArgument<C>) {
    super(facts === undefined ? code : `${code}: ${JSON.stringify(facts)}`);
    this.name = 'DomainError';
    this.code = code;
    this.facts = facts as DomainErrorFacts[C];
    if (missing !== undefined) this.missing = missing;
  }

  /** Narrows to one code, with its facts typed. */
  is<K extends DomainErrorCode>(code: K): this is DomainError<K> {
    return (this.code as DomainErrorCode) === code;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
