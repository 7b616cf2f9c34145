/**
 * Nationality dossier (domain.md §8): for each condition of art. 12bis §1, 2° of the Code de la
 * nationalité belge, whether the proofs attached (and what the parcours itself recorded) cover it.
 * The content hash printed on the PDF is computed by the document layer (no crypto here).
 */
import { addYears, formatDateFr, isOnOrBefore, type IsoDate } from '@app/calendar';
import {
  levelAtLeast,
  type CefrLevel,
  type NationalityBasis,
  type NationalityProofKind,
} from './reference-data';
import { frenchLevelAt, type FrenchLevelReached } from './requirements';
import type { NationalityProof, ParcoursState } from './state';

export type NationalityCondition =
  'age' | 'legal-stay' | 'language' | 'social-integration' | 'economic-participation';
export type ConditionStatus = 'covered' | 'missing' | 'at-risk';

/** A proof as listed in the dossier; `source: 'parcours'` for what the parcours recorded itself (attestation, certificates). */
export type DossierProof = {
  readonly kind: NationalityProofKind;
  readonly issuer: string;
  readonly date: IsoDate;
  readonly reference: string | null;
  readonly source: 'attached' | 'parcours';
};

export type ConditionEvaluation = {
  readonly condition: NationalityCondition;
  readonly label: string;
  readonly status: ConditionStatus;
  readonly proofs: readonly DossierProof[];
  /** French: what is covered, or what to add. */
  readonly note: string;
};

export type NationalityDossierEvaluation = {
  readonly basis: NationalityBasis;
  readonly open: boolean;
  readonly openedOn: IsoDate | null;
  readonly asOf: IsoDate;
  readonly conditions: readonly ConditionEvaluation[];
  /** true when every condition is covered. */
  readonly complete: boolean;
  readonly attestation: {
    readonly attestationNumber: string;
    readonly issuedOn: IsoDate;
    readonly criCode: string;
    readonly hours: { readonly french: number; readonly citizenship: number; readonly isp: number };
    readonly frenchLevel: {
      readonly level: CefrLevel;
      readonly validatedBy: 'certification' | 'positioning';
    } | null;
  } | null;
  readonly hours: { readonly french: number; readonly citizenship: number; readonly isp: number };
  readonly frenchLevel: FrenchLevelReached | null;
};

const CONDITION_LABELS: Readonly<Record<NationalityCondition, string>> = {
  age: '18 ans ou plus',
  'legal-stay': '5 ans de séjour légal et séjour illimité',
  language: "Connaissance d'une langue nationale (niveau A2)",
  'social-integration': 'Intégration sociale',
  'economic-participation': 'Participation économique',
};

const sum = (values: readonly number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;

export function evaluateNationalityDossier(
  state: ParcoursState,
  asOf: IsoDate,
): NationalityDossierEvaluation {
  const fr = formatDateFr;
  const attached: DossierProof[] = state.nationalityProofs
    .filter((p) => isOnOrBefore(p.date, asOf))
    .map((p: NationalityProof) => ({ ...p, source: 'attached' as const }));
  const ofKind = (...kinds: NationalityProofKind[]) => attached.filter((p) => kinds.includes(p.kind));
  const attestation =
    state.attestation !== null && isOnOrBefore(state.attestation.issuedOn, asOf) ? state.attestation : null;
  const conditions: ConditionEvaluation[] = [];
  const condition = (
    c: NationalityCondition,
    status: ConditionStatus,
    proofs: DossierProof[],
    note: string,
  ) => conditions.push({ condition: c, label: CONDITION_LABELS[c], status, proofs, note });

  // Age: from the fact recorded at opening (the birth date is personal and is not read again), or a birth certificate.
  {
    const proofs = ofKind('birth-certificate');
    if (proofs.length > 0) condition('age', 'covered', proofs, 'Acte de naissance joint');
    else if (state.adultAtOpening === true)
      condition('age', 'covered', [], "Majeur (18 ans ou plus) à l'ouverture du parcours");
    else
      condition(
        'age',
        'at-risk',
        [],
        "Âge à vérifier : 18 ans au moins au moment de la déclaration ; joindre l'acte de naissance",
      );
  }

  // Legal stay: 5 years' legal stay and unlimited right of stay; the register extract is the proof.
  {
    const proofs = ofKind('legal-stay');
    const fiveYears = state.legalStaySince === null ? null : addYears(state.legalStaySince, 5);
    if (proofs.length > 0) condition('legal-stay', 'covered', proofs, 'Preuve du séjour légal jointe');
    else if (fiveYears === null) {
      condition(
        'legal-stay',
        'missing',
        [],
        'Joindre la preuve de 5 ans de séjour légal ininterrompu et du droit de séjour illimité',
      );
    } else if (isOnOrBefore(fiveYears, asOf)) {
      condition(
        'legal-stay',
        'at-risk',
        [],
        `5 ans de séjour légal atteints le ${fr(fiveYears)} d'après le dossier : joindre un extrait du registre (séjour ininterrompu et droit de séjour illimité)`,
      );
    } else {
      condition('legal-stay', 'missing', [], `5 ans de séjour légal atteints seulement le ${fr(fiveYears)}`);
    }
  }

  // Language: A2 (written); oral A2 + literacy course for an illiterate person (loi du 27 mars 2024).
  {
    const certificates: DossierProof[] = state.frenchCertifications
      .filter((c) => isOnOrBefore(c.date, asOf) && levelAtLeast(c.level, 'A2'))
      .map((c) => ({
        kind: c.oralOnly ? ('language-a2-oral' as const) : ('language-a2' as const),
        issuer: c.issuer,
        date: c.date,
        reference: c.test === null ? `Niveau ${c.level}` : `${c.test} — niveau ${c.level}`,
        source: 'parcours' as const,
      }));
    const written = [...ofKind('language-a2'), ...certificates.filter((p) => p.kind === 'language-a2')];
    const oral = [
      ...ofKind('language-a2-oral'),
      ...certificates.filter((p) => p.kind === 'language-a2-oral'),
    ];
    const literacy = ofKind('literacy-course');
    if (written.length > 0) condition('language', 'covered', written, 'Certificat de niveau A2 joint');
    else if (oral.length > 0 && literacy.length > 0) {
      condition(
        'language',
        'covered',
        [...oral, ...literacy],
        "Personne analphabète : A2 oral et attestation de cours d'alphabétisation (loi du 27 mars 2024)",
      );
    } else if (oral.length > 0) {
      condition(
        'language',
        'at-risk',
        oral,
        "A2 oral seulement : ajouter une attestation de cours d'alphabétisation (personne analphabète) ou un certificat A2 écrit",
      );
    } else if (attestation !== null) {
      condition(
        'language',
        'at-risk',
        [attestationProof(attestation, 'language-a2')],
        'Attestation de fréquentation sans A2 validé : ajouter un certificat A2 (promotion sociale, Forem ou test)',
      );
    } else {
      condition(
        'language',
        'missing',
        literacy,
        'Ajouter une preuve de connaissance du français au niveau A2 (certificat de promotion sociale, Forem ou test)',
      );
    }
  }

  // Social integration: the attestation de fréquentation (or another proof: diploma, 400 h training, 5 years' work).
  {
    const proofs = ofKind('social-integration');
    if (attestation !== null) {
      condition(
        'social-integration',
        'covered',
        [attestationProof(attestation, 'social-integration'), ...proofs],
        "Attestation de fréquentation du parcours d'intégration",
      );
    } else if (proofs.length > 0)
      condition('social-integration', 'covered', proofs, "Preuve d'intégration sociale jointe");
    else {
      condition(
        'social-integration',
        'missing',
        [],
        "Terminer le parcours d'intégration (attestation de fréquentation) ou joindre un diplôme, une formation professionnelle de 400 h ou la preuve de 5 ans de travail",
      );
    }
  }

  // Economic participation: never proved by the parcours.
  {
    const proofs = ofKind('economic-participation');
    if (proofs.length > 0)
      condition('economic-participation', 'covered', proofs, 'Preuve de participation économique jointe');
    else {
      condition(
        'economic-participation',
        'missing',
        [],
        "Joindre la preuve de 468 jours de travail sur les 5 dernières années, ou de 6 trimestres d'activité indépendante",
      );
    }
  }

  const level = frenchLevelAt(state, asOf);
  return {
    basis: state.nationalityDossier?.basis ?? '12bis-1-2',
    open: state.nationalityDossier !== null && isOnOrBefore(state.nationalityDossier.openedOn, asOf),
    openedOn: state.nationalityDossier?.openedOn ?? null,
    asOf,
    conditions,
    complete: conditions.every((c) => c.status === 'covered'),
    attestation:
      attestation === null
        ? null
        : {
            attestationNumber: attestation.attestationNumber,
            issuedOn: attestation.issuedOn,
            criCode: attestation.criCode,
            hours: attestation.hours,
            frenchLevel:
              attestation.frenchLevel === null
                ? null
                : { level: attestation.frenchLevel.level, validatedBy: attestation.frenchLevel.validatedBy },
          },
    hours: {
      french: sum(state.frenchHours.filter((p) => isOnOrBefore(p.to, asOf)).map((p) => p.hours)),
      citizenship: sum(state.citizenshipHours.filter((p) => isOnOrBefore(p.to, asOf)).map((p) => p.hours)),
      isp: sum(state.ispHours.filter((s) => isOnOrBefore(s.date, asOf)).map((s) => s.hours)),
    },
    frenchLevel: level,
  };
}

function attestationProof(
  attestation: NonNullable<ParcoursState['attestation']>,
  kind: NationalityProofKind,
): DossierProof {
  return {
    kind,
    issuer: attestation.criCode,
    date: attestation.issuedOn,
    reference: `Attestation de fréquentation ${attestation.attestationNumber}`,
    source: 'parcours',
  };
}
