/**
 * Nationality dossier (domain.md §8): for each condition of art. 12bis §1, 2° of the Code de la
 * nationalité belge, whether the proofs attached (and what the parcours itself recorded) cover it.
 * The content hash printed on the PDF is computed by the document layer (no crypto here).
 * Size (~330 lines): one evaluator per condition of art. 12bis, each with the note that says what is missing and
 * by when; they share the proof lookups and read best side by side.
 */
import { addYears, formatDateFr, isOnOrBefore, isValidDate, type IsoDate } from '@app/calendar';
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
  /** What an attached proof states (null for the parcours' own records). */
  readonly since?: IsoDate | null;
  readonly days?: number | null;
  readonly quarters?: number | null;
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

/** CNB art. 12bis §1 2° e): 468 days of work, or 6 quarters of self-employed activity, in the last 5 years. */
const ECONOMIC_DAYS = 468;
const ECONOMIC_QUARTERS = 6;
const earliest = (dates: readonly IsoDate[]): IsoDate | null =>
  dates.reduce<IsoDate | null>((min, d) => (min === null || isOnOrBefore(d, min) ? d : min), null);

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

  // Age: 18 at the date considered. An adult at opening is one; for a minor at opening, the 18th birthday from the
  // birth date (the one rule that reads a personal field after opening: erased, it falls back to the certificate).
  {
    const proofs = ofKind('birth-certificate');
    const birthDate = state.person?.birthDate;
    const adultOn = birthDate !== undefined && isValidDate(birthDate) ? addYears(birthDate, 18) : null;
    if (state.adultAtOpening === true)
      condition('age', 'covered', proofs, "Majeur (18 ans ou plus) à l'ouverture du parcours");
    else if (adultOn !== null && isOnOrBefore(adultOn, asOf))
      condition('age', 'covered', proofs, `18 ans depuis le ${fr(adultOn)}`);
    else if (adultOn !== null)
      condition(
        'age',
        'missing',
        proofs,
        `18 ans atteints seulement le ${fr(adultOn)} : la déclaration ne peut pas être faite avant`,
      );
    else
      condition(
        'age',
        'at-risk',
        proofs,
        'Âge à vérifier : 18 ans au moins au moment de la déclaration (date de naissance inconnue)',
      );
  }

  // Legal stay: 5 years from its start (legalStaySince, or the start a legal-stay proof states) to the date considered;
  // a proof attached before the 5 years are reached does not cover it (domain.md §10).
  {
    const proofs = ofKind('legal-stay');
    const stated = proofs.map((p) => p.since).filter((d): d is IsoDate => d != null);
    const since = earliest(stated) ?? state.legalStaySince;
    const fiveYears = since === null ? null : addYears(since, 5);
    const from = since === null ? '' : ` (séjour légal depuis le ${fr(since)})`;
    if (fiveYears === null) {
      if (proofs.length > 0)
        condition(
          'legal-stay',
          'at-risk',
          proofs,
          'Preuve jointe sans date de début du séjour légal : indiquer depuis quand le séjour est légal',
        );
      else
        condition(
          'legal-stay',
          'missing',
          [],
          'Joindre la preuve de 5 ans de séjour légal ininterrompu et du droit de séjour illimité',
        );
    } else if (isOnOrBefore(fiveYears, asOf)) {
      if (proofs.length > 0)
        condition(
          'legal-stay',
          'covered',
          proofs,
          `5 ans de séjour légal atteints le ${fr(fiveYears)}${from}`,
        );
      else
        condition(
          'legal-stay',
          'at-risk',
          [],
          `5 ans de séjour légal atteints le ${fr(fiveYears)}${from} d'après le dossier : joindre un extrait du registre (séjour ininterrompu et droit de séjour illimité)`,
        );
    } else {
      condition(
        'legal-stay',
        proofs.length > 0 ? 'at-risk' : 'missing',
        proofs,
        `5 ans de séjour légal atteints seulement le ${fr(fiveYears)}${from}`,
      );
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
    const recorded = frenchLevelAt(state, asOf);
    if (written.length > 0) condition('language', 'covered', written, 'Certificat de niveau A2 joint');
    else if (recorded !== null && levelAtLeast(recorded.level, 'A2') && oral.length === 0) {
      condition(
        'language',
        'covered',
        [],
        `Niveau ${recorded.level} enregistré dans le parcours le ${fr(recorded.date)} : joindre l'attestation de l'opérateur si le parquet la demande`,
      );
    } else if (oral.length > 0 && literacy.length > 0) {
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

  // Economic participation (never proved by the parcours): 468 days worked in the last 5 years, or 6 quarters
  // self-employed, as the proofs state them (several proofs add up per unit).
  {
    const proofs = ofKind('economic-participation');
    const days = sum(proofs.map((p) => p.days ?? 0));
    const quarters = sum(proofs.map((p) => p.quarters ?? 0));
    const stated = proofs.some((p) => p.days != null || p.quarters != null);
    const need = "468 jours de travail sur les 5 dernières années, ou 6 trimestres d'activité indépendante";
    if (proofs.length === 0)
      condition('economic-participation', 'missing', [], `Joindre la preuve de ${need}`);
    else if (days >= ECONOMIC_DAYS || quarters >= ECONOMIC_QUARTERS)
      condition(
        'economic-participation',
        'covered',
        proofs,
        days >= ECONOMIC_DAYS
          ? `${days} jours de travail prouvés (468 requis)`
          : `${quarters} trimestres d'activité indépendante prouvés (6 requis)`,
      );
    else if (!stated)
      condition(
        'economic-participation',
        'at-risk',
        proofs,
        `Preuve jointe sans nombre de jours ni de trimestres : indiquer ce qu'elle prouve (${need})`,
      );
    else
      condition(
        'economic-participation',
        'at-risk',
        proofs,
        `${[days > 0 ? `${days} jours` : null, quarters > 0 ? `${quarters} trimestres` : null].filter(Boolean).join(' et ')} prouvés : il manque ${days > 0 || quarters === 0 ? `${ECONOMIC_DAYS - days} jours (468 requis)` : `${ECONOMIC_QUARTERS - quarters} trimestres (6 requis)`}`,
      );
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
