import {
  ERASED_VALUE,
  formatDateFr,
  formatHours,
  isValidDate,
  type ConditionStatus,
  type NationalityProofKind,
} from '@app/parcours';

/** French wording of the documents. */

export const DOCUMENT_KIND_LABELS = {
  attestation: 'Attestation de fréquentation',
  'nationality-dossier': 'Dossier nationalité',
} as const;
export type DocumentKind = keyof typeof DOCUMENT_KIND_LABELS;

export const CONDITION_STATUS_LABELS: Readonly<Record<ConditionStatus, string>> = {
  covered: 'Couverte',
  missing: 'Manquante',
  'at-risk': 'À risque',
};

export const PROOF_KIND_LABELS: Readonly<Record<NationalityProofKind, string>> = {
  'language-a2': 'Connaissance du français (A2)',
  'language-a2-oral': 'Connaissance du français (A2 oral)',
  'literacy-course': "Cours d'alphabétisation",
  'social-integration': 'Intégration sociale',
  'economic-participation': 'Participation économique',
  'legal-stay': 'Séjour légal',
  'birth-certificate': 'Acte de naissance',
  other: 'Autre pièce',
};

export const OBLIGATION_LABELS: Readonly<Record<string, string>> = {
  obliged: "Public obligé (soumis à l'obligation)",
  voluntary: 'Public volontaire',
  dispensed: 'Public dispensé',
};

/** How the French requirement of the attestation was met, as one sentence. */
export const FRENCH_VALIDATION_LABELS: Readonly<Record<string, string>> = {
  hours: 'Exigence de français remplie par les heures de formation suivies.',
  certification: 'Exigence de français remplie par un niveau certifié.',
  'not-in-convention': "Français non prévu dans la convention : niveau suffisant constaté à l'accueil.",
};

/** A business date as dd/mm/yyyy; an erased or unknown value is shown as it is (« donnée effacée »), null as « — ». */
export function dateFr(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return isValidDate(value) ? formatDateFr(value) : value;
}

export const hoursFr = (hours: number | null | undefined): string =>
  hours === null || hours === undefined ? '—' : formatHours(hours);

const regionNames = new Intl.DisplayNames(['fr-BE', 'fr'], { type: 'region' });
const languageNames = new Intl.DisplayNames(['fr-BE', 'fr'], { type: 'language' });

/** 'SY' → « Syrie (SY) »; an erased value stays « donnée effacée ». */
export function countryFr(code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  if (!/^[A-Z]{2}$/.test(code)) return code;
  const name = safe(() => regionNames.of(code));
  return name && name !== code ? `${name} (${code})` : code;
}

/** 'ar' → « arabe ». */
export function languageFr(code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  if (!/^[a-z]{2,3}$/.test(code)) return code;
  return safe(() => languageNames.of(code)) ?? code;
}

function safe(f: () => string | undefined): string | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

export const isErased = (value: unknown): boolean => value === ERASED_VALUE;
