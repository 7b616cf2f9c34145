import {
  CRI_LABELS,
  evaluateNationalityDossier,
  isCriCode,
  type ConditionStatus,
  type FrenchValidation,
  type IsoDate,
  type NationalityCondition,
  type NationalityProofKind,
  type Obligation,
  type ParcoursState,
} from '@app/parcours';

/**
 * The content of the official documents: plain data, built from the folded parcours only (no clock, no reader), so the
 * same facts always give the same content and the same hash. The PDF prints this content and its hash; the hash is
 * registered (doc_issued) and verifiable. Personal fields read « donnée effacée » after erasure: the content, hence the
 * hash, of a document printed after erasure differs, and the earlier hash still verifies.
 */

export type DocumentPerson = {
  readonly lastName: string | null;
  readonly firstName: string | null;
  readonly birthDate: string | null;
  readonly nationality: string | null;
};

export type Cri = { readonly code: string; readonly label: string };

export type AttestationContent = {
  readonly kind: 'attestation';
  readonly schema: 1;
  readonly parcoursId: string;
  readonly attestationNumber: string;
  readonly issuedOn: IsoDate;
  readonly cri: Cri;
  readonly person: DocumentPerson;
  readonly obligation: Obligation;
  readonly regime: { readonly id: string; readonly label: string; readonly source: string } | null;
  readonly dates: {
    readonly communeRegistration: IsoDate | null;
    readonly cardOrder: IsoDate | null;
    readonly presentation: IsoDate | null;
    readonly conventionSigned: IsoDate;
    readonly conventionLastAmended: IsoDate | null;
  };
  readonly hours: {
    readonly french: { readonly done: number; readonly required: number | null };
    readonly citizenship: { readonly done: number; readonly required: number };
    readonly isp: { readonly done: number; readonly required: number | null };
  };
  readonly frenchValidation: FrenchValidation;
  readonly frenchLevel: {
    readonly level: string;
    readonly validatedBy: 'certification' | 'positioning';
    readonly date: IsoDate;
    readonly test: string | null;
    readonly issuer: string | null;
    readonly oralOnly: boolean;
  } | null;
  readonly convention: {
    readonly includesFrench: boolean;
    readonly includesIsp: boolean;
    readonly ispRequired: boolean;
    readonly citizenshipLanguage: string | null;
  };
};

export type DossierProofContent = {
  readonly kind: NationalityProofKind;
  readonly issuer: string;
  readonly date: IsoDate;
  readonly reference: string | null;
  readonly source: 'attached' | 'parcours';
  /** What the proof states, present only when given (documents without them keep their content hash). */
  readonly since?: IsoDate;
  readonly days?: number;
  readonly quarters?: number;
};

export type NationalityDossierContent = {
  readonly kind: 'nationality-dossier';
  readonly schema: 1;
  readonly parcoursId: string;
  readonly asOf: IsoDate;
  readonly cri: Cri;
  readonly person: DocumentPerson;
  readonly basis: string;
  readonly open: boolean;
  readonly openedOn: IsoDate | null;
  readonly complete: boolean;
  readonly conditions: ReadonlyArray<{
    readonly condition: NationalityCondition;
    readonly label: string;
    readonly status: ConditionStatus;
    readonly proofs: readonly DossierProofContent[];
    readonly note: string;
  }>;
  readonly attestation: {
    readonly attestationNumber: string;
    readonly issuedOn: IsoDate;
    readonly cri: Cri;
    readonly hours: { readonly french: number; readonly citizenship: number; readonly isp: number };
    readonly frenchLevel: {
      readonly level: string;
      readonly validatedBy: 'certification' | 'positioning';
    } | null;
  } | null;
  readonly hours: { readonly french: number; readonly citizenship: number; readonly isp: number };
  readonly frenchLevel: {
    readonly level: string;
    readonly validatedBy: 'certification' | 'positioning';
    readonly date: IsoDate;
    readonly test: string | null;
    readonly issuer: string | null;
    readonly oralOnly: boolean;
  } | null;
};

export type DocumentContent = AttestationContent | NationalityDossierContent;

export const criOf = (code: string): Cri => ({ code, label: isCriCode(code) ? CRI_LABELS[code] : code });

function personOf(state: ParcoursState): DocumentPerson {
  const p = state.person;
  return {
    lastName: p?.lastName ?? null,
    firstName: p?.firstName ?? null,
    birthDate: p?.birthDate ?? null,
    nationality: p?.nationality ?? null,
  };
}

/** The attestation de fréquentation as issued (the AttestationIssued facts) with the person; null when none was issued. */
export function attestationContent(state: ParcoursState): AttestationContent | null {
  const a = state.attestation;
  if (state.status === 'none' || a === null) return null;
  const f = a.frenchLevel;
  return {
    kind: 'attestation',
    schema: 1,
    parcoursId: state.parcoursId,
    attestationNumber: a.attestationNumber,
    issuedOn: a.issuedOn,
    cri: criOf(a.criCode),
    person: personOf(state),
    obligation: a.obligation,
    regime: a.regime === null ? null : { id: a.regime.id, label: a.regime.label, source: a.regime.source },
    dates: {
      communeRegistration: state.communeRegistrationDate,
      cardOrder: state.cardOrderDate,
      presentation: state.presentedOn,
      conventionSigned: a.convention.firstSignedOn,
      conventionLastAmended:
        a.convention.signedOn === a.convention.firstSignedOn ? null : a.convention.signedOn,
    },
    hours: {
      french: { done: a.hours.french, required: a.requiredHours.french },
      citizenship: { done: a.hours.citizenship, required: a.requiredHours.citizenship },
      isp: { done: a.hours.isp, required: a.requiredHours.isp },
    },
    frenchValidation: a.frenchValidation,
    frenchLevel:
      f === null
        ? null
        : {
            level: f.level,
            validatedBy: f.validatedBy,
            date: f.date,
            test: f.test,
            issuer: f.issuer,
            oralOnly: f.oralOnly,
          },
    convention: {
      includesFrench: a.convention.includesFrench,
      includesIsp: a.convention.includesIsp,
      ispRequired: a.convention.ispRequired,
      citizenshipLanguage: a.convention.citizenshipLanguage,
    },
  };
}

/** The nationality dossier at `asOf` (CNB art. 12bis §1 2°), from the domain's evaluation, with the person. */
export function nationalityDossierContent(state: ParcoursState, asOf: IsoDate): NationalityDossierContent {
  const d = evaluateNationalityDossier(state, asOf);
  return {
    kind: 'nationality-dossier',
    schema: 1,
    parcoursId: state.parcoursId,
    asOf: d.asOf,
    cri: criOf(state.criCode),
    person: personOf(state),
    basis: d.basis,
    open: d.open,
    openedOn: d.openedOn,
    complete: d.complete,
    conditions: d.conditions.map((c) => ({
      condition: c.condition,
      label: c.label,
      status: c.status,
      proofs: c.proofs.map((p) => ({
        kind: p.kind,
        issuer: p.issuer,
        date: p.date,
        reference: p.reference,
        source: p.source,
        ...(p.since != null ? { since: p.since } : {}),
        ...(p.days != null ? { days: p.days } : {}),
        ...(p.quarters != null ? { quarters: p.quarters } : {}),
      })),
      note: c.note,
    })),
    attestation:
      d.attestation === null
        ? null
        : {
            attestationNumber: d.attestation.attestationNumber,
            issuedOn: d.attestation.issuedOn,
            cri: criOf(d.attestation.criCode),
            hours: { ...d.attestation.hours },
            frenchLevel: d.attestation.frenchLevel === null ? null : { ...d.attestation.frenchLevel },
          },
    hours: { ...d.hours },
    frenchLevel:
      d.frenchLevel === null
        ? null
        : {
            level: d.frenchLevel.level,
            validatedBy: d.frenchLevel.validatedBy,
            date: d.frenchLevel.date,
            test: d.frenchLevel.test,
            issuer: d.frenchLevel.issuer,
            oralOnly: d.frenchLevel.oralOnly,
          },
  };
}

/** The date a document is about: the attestation's issue date, the dossier's "as of" date. */
export const documentDate = (content: DocumentContent): IsoDate =>
  content.kind === 'attestation' ? content.issuedOn : content.asOf;
