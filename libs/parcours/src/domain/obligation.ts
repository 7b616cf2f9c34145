/**
 * Who must follow the parcours (domain.md §3): computed once at opening from the person's data,
 * then re-evaluated from the non-personal facts recorded at opening (ObligationFacts) when a
 * dispense is recorded or the case is transferred.
 */
import {
  addMonths,
  formatDateFr,
  fullYearsBetween,
  isBefore,
  isOnOrAfter,
  type IsoDate,
} from '@app/calendar';
import type {
  AssumptionCode,
  ExclusionCode,
  Obligation,
  ObligationFacts,
  ObligationReason,
} from './obligation.types';
import {
  DISPENSE_LABELS,
  EU_EEA_CH_COUNTRIES,
  isGermanSpeakingCommune,
  type DispenseCategory,
} from './reference-data';
import { regimeForDate, type Regime, type RuleConfig } from './rules';

export const EXCLUSION_LABELS: Readonly<Record<ExclusionCode, string>> = {
  BELGIAN: 'Nationalité belge : hors du public obligé',
  EU_EEA_CH_NATIONAL: "Citoyen de l'Union européenne, de l'EEE ou de la Suisse",
  EU_FAMILY_MEMBER: "Membre de la famille d'un citoyen de l'UE, de l'EEE ou de la Suisse (directive 2004/38)",
  LEGAL_STAY_3_YEARS: 'Séjour légal en Belgique de 3 ans ou plus à la commande du titre de séjour',
  PERMIT_3_MONTHS_OR_LESS: 'Titre de séjour de 3 mois ou moins',
  GERMAN_SPEAKING_COMMUNE:
    'Domicile dans une commune de la région de langue allemande (hors parcours wallon)',
  INTERNATIONAL_PROTECTION_APPLICANT: 'Demandeur de protection internationale (exclu depuis le régime 2025)',
  NO_CARD_ORDER_DATE:
    'Pas de commande de titre de séjour de plus de 3 mois connue : aucune obligation ni échéance',
  CARD_ORDERED_BEFORE_PARCOURS: 'Titre de séjour commandé avant le parcours obligatoire (19/05/2016)',
};

export const ASSUMPTION_LABELS: Readonly<Record<AssumptionCode, string>> = {
  LEGAL_STAY_UNKNOWN: 'Début du séjour légal non renseigné : séjour considéré comme inférieur à 3 ans',
  PERMIT_VALIDITY_UNKNOWN:
    'Validité du titre non renseignée : la commande porte sur un titre de plus de 3 mois',
};

const PRIMO_ARRIVANT_LABEL =
  "Personne primo-arrivante soumise à l'obligation (art. 150, 4°, et 152/7 CWASS) : hors UE/EEE/Suisse, " +
  'séjour légal de moins de 3 ans et titre de plus de 3 mois à la commande du titre, domicile en région de langue française';

const VOLUNTARY_NOTE = 'Le parcours peut être suivi volontairement, sans échéance ni sanction';

export type ObligationResult = {
  readonly obligation: Obligation;
  readonly reasons: readonly ObligationReason[];
};

/** A dispense as re-evaluation needs it: category and, for a recorded one, its decision date. */
export type DispenseFact = { readonly category: DispenseCategory; readonly decidedOn: IsoDate | null };

function dispenseReason({ category, decidedOn }: DispenseFact): ObligationReason {
  const how = decidedOn === null ? "appliquée d'office" : `décidée le ${formatDateFr(decidedOn)}`;
  return {
    code: `DISPENSE_${category}`,
    label: `Dispense ${category} (${how}) : ${DISPENSE_LABELS[category]}`,
  };
}

/** Obligation from the recorded facts: any exclusion → voluntary; else any dispense → dispensed; else obliged. */
export function evaluateObligation(
  facts: ObligationFacts,
  recordedDispenses: readonly DispenseFact[],
): ObligationResult {
  if (facts.exclusions.length > 0) {
    return {
      obligation: 'voluntary',
      reasons: facts.exclusions.map((code) => ({
        code,
        label: `${EXCLUSION_LABELS[code]}. ${VOLUNTARY_NOTE}`,
      })),
    };
  }
  const dispenses: DispenseFact[] = [
    ...facts.automaticDispenses.map((category) => ({ category, decidedOn: null })),
    ...recordedDispenses.filter((d) => !facts.automaticDispenses.includes(d.category)),
  ];
  if (dispenses.length > 0) return { obligation: 'dispensed', reasons: dispenses.map(dispenseReason) };
  return {
    obligation: 'obliged',
    reasons: [
      { code: 'PRIMO_ARRIVANT', label: PRIMO_ARRIVANT_LABEL },
      ...facts.assumptions.map((code) => ({ code, label: ASSUMPTION_LABELS[code] })),
    ],
  };
}

/** The data of OpenParcours that the opening computation reads (already validated). */
export type OpeningFacts = {
  readonly nationality: string;
  readonly birthDate: IsoDate;
  readonly communeCode: string;
  readonly communeRegistrationDate: IsoDate;
  readonly cardOrderDate: IsoDate | null;
  readonly legalStaySince: IsoDate | null;
  readonly permitValidUntil: IsoDate | null;
  readonly euFamilyMember: boolean;
  readonly temporaryProtection: boolean;
  readonly internationalProtectionApplicant: boolean;
  readonly openedOn: IsoDate;
};

export type OpeningObligation = ObligationResult & {
  readonly facts: ObligationFacts;
  readonly regime: Regime | null;
  readonly adultAtOpening: boolean;
};

/** The only place that reads personal data (nationality, birth date, flags) to decide the obligation. */
export function computeOpeningObligation(f: OpeningFacts, rules: RuleConfig): OpeningObligation {
  const regime = f.cardOrderDate === null ? null : regimeForDate(f.cardOrderDate, rules);
  const exclusions: ExclusionCode[] = [];
  const assumptions: AssumptionCode[] = [];

  if (f.nationality === 'BE') exclusions.push('BELGIAN');
  else if (EU_EEA_CH_COUNTRIES.includes(f.nationality)) exclusions.push('EU_EEA_CH_NATIONAL');
  if (f.euFamilyMember) exclusions.push('EU_FAMILY_MEMBER');
  if (isGermanSpeakingCommune(f.communeCode)) exclusions.push('GERMAN_SPEAKING_COMMUNE');

  if (f.cardOrderDate === null) {
    exclusions.push('NO_CARD_ORDER_DATE');
  } else {
    if (regime === null) exclusions.push('CARD_ORDERED_BEFORE_PARCOURS');
    // Legal stay of 3 years or more at the card order date (counted in Belgium from legalStaySince).
    if (f.legalStaySince === null) assumptions.push('LEGAL_STAY_UNKNOWN');
    else if (!isBefore(f.cardOrderDate, addMonths(f.legalStaySince, 36)))
      exclusions.push('LEGAL_STAY_3_YEARS');
    // A permit "of more than 3 months": valid beyond card order date + 3 months.
    if (f.permitValidUntil === null) assumptions.push('PERMIT_VALIDITY_UNKNOWN');
    else if (!isBefore(addMonths(f.cardOrderDate, 3), f.permitValidUntil))
      exclusions.push('PERMIT_3_MONTHS_OR_LESS');
    if (f.internationalProtectionApplicant && regime?.excludesInternationalProtectionApplicants) {
      exclusions.push('INTERNATIONAL_PROTECTION_APPLICANT');
    }
  }

  const automaticDispenses: DispenseCategory[] = [];
  if (exclusions.length === 0 && regime !== null && f.cardOrderDate !== null) {
    const allowed = (category: DispenseCategory) => regime.dispenseCategories.includes(category);
    const referenceDate =
      rules.d4.referenceDate === 'cardOrderDate'
        ? f.cardOrderDate
        : rules.d4.referenceDate === 'communeRegistrationDate'
          ? f.communeRegistrationDate
          : f.openedOn;
    const age = fullYearsBetween(f.birthDate, referenceDate);
    if (allowed('D4') && (age < rules.d4.minAge || age >= rules.d4.maxAge)) automaticDispenses.push('D4');
    if (allowed('D10') && rules.standstillStates.includes(f.nationality)) automaticDispenses.push('D10');
    if (allowed('D11') && f.temporaryProtection) automaticDispenses.push('D11');
  }

  const facts: ObligationFacts = { exclusions, automaticDispenses, assumptions };
  return {
    ...evaluateObligation(facts, []),
    facts,
    regime,
    adultAtOpening: isOnOrAfter(f.openedOn, addMonths(f.birthDate, 18 * 12)),
  };
}

/** Facts after a move to `communeCode`: only the commune-dependent exclusion changes. */
export function factsAfterMove(facts: ObligationFacts, communeCode: string): ObligationFacts {
  const others = facts.exclusions.filter((code) => code !== 'GERMAN_SPEAKING_COMMUNE');
  return {
    ...facts,
    exclusions: isGermanSpeakingCommune(communeCode) ? [...others, 'GERMAN_SPEAKING_COMMUNE'] : others,
  };
}
