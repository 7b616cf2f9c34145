/**
 * Reference data the rules read: stable lists, kept as data so a jurist can check them in one place
 * (each list's source and confidence are in docs/rules.md).
 */

export type Confidence = 'confirmed' | 'probable' | 'unverified';

/** The 8 Centres régionaux d'intégration (CWASS art. 153 ff.). */
export const CRI_LABELS = {
  CAI: "CAI — Centre d'Action Interculturelle de la province de Namur",
  CRIBW: "CRIBW — Centre Régional d'Intégration du Brabant wallon",
  CRIC: "CRIC — Centre Régional d'Intégration de Charleroi",
  CIMB: 'CIMB — Centre Interculturel de Mons et du Borinage',
  CERAIC: "CeRAIC — Centre Régional d'Action Interculturelle du Centre",
  CRIPEL:
    "CRIPEL — Centre Régional pour l'Intégration des personnes étrangères ou d'origine étrangère de Liège",
  CRVI: "CRVI — Centre Régional de Verviers pour l'Intégration",
  CRILUX: "CRILUX — Centre Régional d'Intégration de la province de Luxembourg",
} as const;
export type CriCode = keyof typeof CRI_LABELS;
export const CRI_CODES = Object.keys(CRI_LABELS) as readonly CriCode[];
export const isCriCode = (value: unknown): value is CriCode =>
  typeof value === 'string' && (CRI_CODES as readonly string[]).includes(value);

/**
 * Citizens of the EU (27), the EEA (Iceland, Liechtenstein, Norway) and Switzerland, ISO 3166-1
 * alpha-2 (Greece is GR, not the EU's "EL"). They and their family members are not primo-arrivants
 * (CWASS art. 150, 4°). The United Kingdom left the EU on 1 Feb 2020 and is not listed.
 */
export const EU_EEA_CH_COUNTRIES: readonly string[] = [
  // EU
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  // EEA
  'IS',
  'LI',
  'NO',
  // Switzerland
  'CH',
];

/**
 * The 9 communes of the German-speaking region (INS/REFNIS codes): outside the French-language
 * region, hence outside the Walloon parcours (the German-speaking Community has its own).
 * Codes checked against the INS 2018 list; none of these communes was merged in 2019 or 2025.
 */
export const GERMAN_SPEAKING_COMMUNES: Readonly<Record<string, string>> = {
  '63001': 'Amel / Amblève',
  '63012': 'Büllingen / Bullange',
  '63013': 'Bütgenbach / Butgenbach',
  '63023': 'Eupen',
  '63040': 'Kelmis / La Calamine',
  '63048': 'Lontzen',
  '63061': 'Raeren',
  '63067': 'Sankt Vith / Saint-Vith',
  '63087': 'Burg-Reuland',
};
export const isGermanSpeakingCommune = (communeCode: string): boolean =>
  Object.prototype.hasOwnProperty.call(GERMAN_SPEAKING_COMMUNES, communeCode);

/** CEFR levels, in order ('A0': no level yet, used by positioning tests). */
export const CEFR_LEVELS = ['A0', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type CefrLevel = (typeof CEFR_LEVELS)[number];
export const isCefrLevel = (value: unknown): value is CefrLevel =>
  typeof value === 'string' && (CEFR_LEVELS as readonly string[]).includes(value);
export const levelAtLeast = (level: CefrLevel, threshold: CefrLevel): boolean =>
  CEFR_LEVELS.indexOf(level) >= CEFR_LEVELS.indexOf(threshold);

/** Dispense categories (art. 152/7 §3 CWASS; CRWASS art. 238/3), list in force 2018–2024. */
export const DISPENSE_LABELS = {
  D1: "Attestation d'intégration déjà obtenue (Wallonie, Flandre, Bruxelles, Communauté germanophone)",
  D2: 'Maladie ou handicap sévère (certificat médical)',
  D3: "Certificat ou diplôme de l'enseignement belge",
  D4: 'Moins de 18 ans ou 65 ans et plus',
  D5: 'Activité professionnelle au moins à mi-temps pendant plus de trois mois',
  D6: 'Étudiant régulier',
  D7: "Étudiant d'échange",
  D8: 'Boursier de doctorat',
  D9: "Enseignant collaborant avec un établissement d'enseignement supérieur de la Fédération Wallonie-Bruxelles",
  D10: "Ressortissant turc ou d'un État lié à l'UE par une clause de standstill identique",
  D11: 'Protection temporaire (et membres de la famille)',
} as const;
export type DispenseCategory = keyof typeof DISPENSE_LABELS;
export const DISPENSE_CATEGORIES = Object.keys(DISPENSE_LABELS) as readonly DispenseCategory[];
export const isDispenseCategory = (value: unknown): value is DispenseCategory =>
  typeof value === 'string' && (DISPENSE_CATEGORIES as readonly string[]).includes(value);

/** Reasons for an extension or a suspension (the legal grounds are unverified: a code and proof are recorded). */
export const DELAY_REASON_LABELS = {
  illness: 'maladie',
  pregnancy: 'grossesse',
  'work-schedule': 'horaires de travail',
  'training-unavailable': 'formation indisponible',
  'force-majeure': 'force majeure',
  other: 'autre motif',
} as const;
export type DelayReason = keyof typeof DELAY_REASON_LABELS;
export const DELAY_REASONS = Object.keys(DELAY_REASON_LABELS) as readonly DelayReason[];

export const CLOSURE_REASON_LABELS = {
  'moved-out-of-region': 'déménagement hors de la région de langue française',
  'left-belgium': 'départ de Belgique',
  deceased: 'décès',
  withdrawn: 'abandon du parcours volontaire',
  completed: 'parcours terminé',
  other: 'autre motif',
} as const;
export type ClosureReason = keyof typeof CLOSURE_REASON_LABELS;
export const CLOSURE_REASONS = Object.keys(CLOSURE_REASON_LABELS) as readonly ClosureReason[];

/** Why an entry is cancelled (api.md v2). */
export const CANCELLATION_REASON_LABELS = {
  'entry-error': 'erreur de saisie',
  duplicate: 'doublon',
  'wrong-case': 'saisie dans le mauvais dossier',
  other: 'autre motif',
} as const;
export type CancellationReason = keyof typeof CANCELLATION_REASON_LABELS;
export const CANCELLATION_REASONS = Object.keys(CANCELLATION_REASON_LABELS) as readonly CancellationReason[];

/** Why a case fact or a personal detail is corrected (api.md v2). */
export const CORRECTION_REASON_LABELS = {
  'entry-error': 'erreur de saisie',
  'new-information': 'information nouvelle',
  other: 'autre motif',
} as const;
export type CorrectionReason = keyof typeof CORRECTION_REASON_LABELS;
export const CORRECTION_REASONS = Object.keys(CORRECTION_REASON_LABELS) as readonly CorrectionReason[];

/**
 * The entries a user records as steps of the parcours, which can be cancelled (api.md v2). Not the opening, a
 * transfer, a closure, an assignment, the attestation (revoked instead) or a cancellation.
 */
export const CANCELLABLE_ENTRY_TYPES = [
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
  'NationalityProofAttached',
] as const;

export const TRAINING_AXES = ['french', 'citizenship', 'isp'] as const;
export type TrainingAxis = (typeof TRAINING_AXES)[number];
export const TRAINING_AXIS_LABELS: Readonly<Record<TrainingAxis, string>> = {
  french: 'français',
  citizenship: 'citoyenneté',
  isp: 'orientation socioprofessionnelle',
};

export const CONVOCATION_MODES = ['registered-letter', 'email'] as const;
export type ConvocationMode = (typeof CONVOCATION_MODES)[number];

export const EXTENSION_DECIDERS = ['cri', 'administration'] as const;
export type ExtensionDecider = (typeof EXTENSION_DECIDERS)[number];

export const NATIONALITY_BASES = ['12bis-1-2'] as const;
export type NationalityBasis = (typeof NATIONALITY_BASES)[number];

export const NATIONALITY_PROOF_KINDS = [
  'language-a2',
  'language-a2-oral',
  'literacy-course',
  'social-integration',
  'economic-participation',
  'legal-stay',
  'birth-certificate',
  'other',
] as const;
export type NationalityProofKind = (typeof NATIONALITY_PROOF_KINDS)[number];
