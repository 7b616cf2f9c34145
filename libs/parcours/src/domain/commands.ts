/**
 * The commands of a parcours, one per API command (api.md "Parcours commands"); field names are the
 * API body fields. Optional fields accept `undefined` or `null`. The stream id comes with
 * OpenParcours (`parcoursId`, made by the caller); later commands act on the loaded stream.
 */
import type { IsoDate } from '@app/calendar';
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

export type DomainCommand<Type extends string, Data> = { readonly type: Type; readonly data: Data };

type Optional<T> = T | null | undefined;

export type OpenParcours = DomainCommand<
  'OpenParcours',
  {
    readonly parcoursId: string;
    readonly person: {
      readonly lastName: string;
      readonly firstName: string;
      readonly birthDate: IsoDate;
      readonly nationality: string;
      readonly niss?: Optional<string>;
      readonly sex?: Optional<string>;
      readonly contactLanguage?: Optional<string>;
    };
    readonly criCode: string;
    readonly communeCode: string;
    readonly communeRegistrationDate: IsoDate;
    readonly cardOrderDate?: Optional<IsoDate>;
    readonly legalStaySince?: Optional<IsoDate>;
    readonly residencePermit?: Optional<{
      readonly type?: Optional<string>;
      readonly validUntil?: Optional<IsoDate>;
    }>;
    readonly flags?: Optional<{
      readonly euFamilyMember?: Optional<boolean>;
      readonly temporaryProtection?: Optional<boolean>;
      readonly internationalProtectionApplicant?: Optional<boolean>;
    }>;
    readonly accompagnateurId?: Optional<string>;
  }
>;

export type RecordPresentation = DomainCommand<'RecordPresentation', { readonly date: IsoDate }>;
export type RecordRightsAndDuties = DomainCommand<'RecordRightsAndDuties', { readonly date: IsoDate }>;
export type RecordBilanSocial = DomainCommand<
  'RecordBilanSocial',
  { readonly date: IsoDate; readonly needs?: Optional<readonly string[]> }
>;
export type RecordFrenchPositioning = DomainCommand<
  'RecordFrenchPositioning',
  { readonly date: IsoDate; readonly level: CefrLevel; readonly test?: Optional<string> }
>;
export type SignConvention = DomainCommand<
  'SignConvention',
  {
    readonly signedOn: IsoDate;
    readonly includesFrench: boolean;
    readonly includesIsp?: Optional<boolean>;
    readonly citizenshipLanguage?: Optional<string>;
  }
>;
/** `overlapConfirmed`: the user confirms that hours overlapping an entry of the same operator are not a duplicate. */
export type RecordFrenchHours = DomainCommand<
  'RecordFrenchHours',
  {
    readonly operator: string;
    readonly from: IsoDate;
    readonly to: IsoDate;
    readonly hours: number;
    readonly overlapConfirmed?: Optional<boolean>;
  }
>;
export type RecordFrenchCertification = DomainCommand<
  'RecordFrenchCertification',
  {
    readonly date: IsoDate;
    readonly level: CefrLevel;
    readonly issuer: string;
    readonly test?: Optional<string>;
    readonly oralOnly?: Optional<boolean>;
  }
>;
export type RecordCitizenshipHours = DomainCommand<
  'RecordCitizenshipHours',
  {
    readonly operator: string;
    readonly from: IsoDate;
    readonly to: IsoDate;
    readonly hours: number;
    readonly language?: Optional<string>;
    readonly overlapConfirmed?: Optional<boolean>;
  }
>;
export type RecordIspHours = DomainCommand<
  'RecordIspHours',
  {
    readonly provider: string;
    readonly date: IsoDate;
    readonly hours: number;
    readonly overlapConfirmed?: Optional<boolean>;
  }
>;
export type RecordEvaluation = DomainCommand<
  'RecordEvaluation',
  {
    readonly date: IsoDate;
    readonly convocation: ConvocationMode;
    readonly attended: boolean;
    readonly absenceJustified?: Optional<boolean>;
    readonly notes?: Optional<string>;
  }
>;
export type RecordDispense = DomainCommand<
  'RecordDispense',
  { readonly category: DispenseCategory; readonly decidedOn: IsoDate; readonly evidence: string }
>;
export type GrantExtension = DomainCommand<
  'GrantExtension',
  {
    readonly decidedOn: IsoDate;
    readonly until: IsoDate;
    readonly reason: DelayReason;
    /** Default 'cri'. */
    readonly decidedBy?: Optional<ExtensionDecider>;
    readonly evidence?: Optional<string>;
  }
>;
export type StartSuspension = DomainCommand<
  'StartSuspension',
  {
    readonly from: IsoDate;
    readonly to?: Optional<IsoDate>;
    readonly reason: DelayReason;
    readonly evidence?: Optional<string>;
  }
>;
export type EndSuspension = DomainCommand<'EndSuspension', { readonly to: IsoDate }>;
export type RecordTrainingUnavailability = DomainCommand<
  'RecordTrainingUnavailability',
  { readonly axis: TrainingAxis; readonly from: IsoDate; readonly to?: Optional<IsoDate> }
>;
export type IssueAttestation = DomainCommand<
  'IssueAttestation',
  { readonly issuedOn: IsoDate; readonly attestationNumber: string }
>;
export type TransferParcours = DomainCommand<
  'TransferParcours',
  { readonly toCri: string; readonly communeCode: string; readonly date: IsoDate }
>;
/** The coordinator gives the case to an accompagnateur of its CRI (a transferred case arrives unassigned). */
export type AssignAccompagnateur = DomainCommand<
  'AssignAccompagnateur',
  { readonly accompagnateurId: string }
>;
export type CloseParcours = DomainCommand<
  'CloseParcours',
  { readonly date: IsoDate; readonly reason: ClosureReason; readonly note?: Optional<string> }
>;
export type OpenNationalityDossier = DomainCommand<
  'OpenNationalityDossier',
  { readonly openedOn: IsoDate; readonly basis?: Optional<NationalityBasis> }
>;
export type AttachNationalityProof = DomainCommand<
  'AttachNationalityProof',
  {
    readonly kind: NationalityProofKind;
    readonly issuer: string;
    readonly date: IsoDate;
    readonly reference?: Optional<string>;
    readonly since?: Optional<IsoDate>;
    readonly days?: Optional<number>;
    readonly quarters?: Optional<number>;
  }
>;

/** Cancels the entry recorded at `version` (api.md v2 « Corrections »). */
export type CancelEntry = DomainCommand<
  'CancelEntry',
  { readonly version: number; readonly reason: CancellationReason; readonly note?: Optional<string> }
>;

/** The facts recorded at opening that can be corrected; `null` clears an optional date. Absent: unchanged. */
export type FactChanges = {
  readonly cardOrderDate?: IsoDate | null;
  readonly communeRegistrationDate?: IsoDate;
  readonly legalStaySince?: IsoDate | null;
  readonly residencePermit?: {
    readonly type?: Optional<string>;
    readonly validUntil?: Optional<IsoDate>;
  } | null;
  readonly flags?: {
    readonly euFamilyMember?: Optional<boolean>;
    readonly temporaryProtection?: Optional<boolean>;
    readonly internationalProtectionApplicant?: Optional<boolean>;
  };
  readonly communeCode?: string;
};

/** Corrects the facts recorded at opening (api.md v2 `POST /api/parcours/:id/facts`). */
export type CorrectFacts = DomainCommand<
  'CorrectFacts',
  { readonly changes: FactChanges; readonly reason: CorrectionReason; readonly note?: Optional<string> }
>;

/** The personal details that can be corrected; `null` clears an optional one. Absent: unchanged. */
export type PersonChanges = {
  readonly lastName?: string;
  readonly firstName?: string;
  readonly birthDate?: IsoDate;
  readonly nationality?: string;
  readonly niss?: string | null;
  readonly sex?: string | null;
  readonly contactLanguage?: string | null;
};

/** Corrects personal data (api.md v2 `POST /api/parcours/:id/person`). */
export type CorrectPerson = DomainCommand<
  'CorrectPerson',
  { readonly changes: PersonChanges; readonly reason: CorrectionReason; readonly note?: Optional<string> }
>;

/** Revokes an attestation issued in error (api.md v2): its number stays used; a new one is issued under a new number. */
export type RevokeAttestation = DomainCommand<
  'RevokeAttestation',
  { readonly revokedOn: IsoDate; readonly reason: string }
>;

export type ParcoursCommand =
  | RevokeAttestation
  | CancelEntry
  | CorrectFacts
  | CorrectPerson
  | OpenParcours
  | RecordPresentation
  | RecordRightsAndDuties
  | RecordBilanSocial
  | RecordFrenchPositioning
  | SignConvention
  | RecordFrenchHours
  | RecordFrenchCertification
  | RecordCitizenshipHours
  | RecordIspHours
  | RecordEvaluation
  | RecordDispense
  | GrantExtension
  | StartSuspension
  | EndSuspension
  | RecordTrainingUnavailability
  | IssueAttestation
  | TransferParcours
  | AssignAccompagnateur
  | CloseParcours
  | OpenNationalityDossier
  | AttachNationalityProof;

export type ParcoursCommandType = ParcoursCommand['type'];
