/**
 * What each entry of a case's history is, in French: shared by the API's messages and the web interface (import-free,
 * so the web bundle can take it as it is).
 */
export const ENTRY_LABELS: Readonly<Record<string, string>> = {
  ParcoursOpened: 'Parcours ouvert',
  PresentationRecorded: "Présentation au bureau d'accueil",
  RightsAndDutiesInformationGiven: 'Information droits et devoirs',
  BilanSocialCompleted: 'Bilan social réalisé',
  FrenchPositioningRecorded: 'Test de positionnement en français',
  ConventionSigned: "Convention d'accueil signée",
  FrenchHoursRecorded: 'Heures de français',
  FrenchLevelCertified: 'Niveau de français validé',
  CitizenshipHoursRecorded: 'Heures de citoyenneté',
  IspHoursRecorded: "Heures d'orientation socioprofessionnelle",
  EvaluationRecorded: "Entretien d'évaluation",
  DispenseRecorded: 'Dispense enregistrée',
  ExtensionGranted: 'Prolongation accordée',
  SuspensionStarted: 'Suspension',
  SuspensionEnded: 'Fin de la suspension',
  TrainingUnavailabilityRecorded: 'Formation non disponible',
  TrainingUnavailabilityEnded: 'Formation à nouveau disponible',
  AttestationIssued: 'Attestation de fréquentation délivrée',
  ParcoursTransferred: 'Transfert vers un autre CRI',
  AccompagnateurAssigned: 'Attribution à un accompagnateur',
  ParcoursClosed: 'Parcours clôturé',
  NationalityDossierOpened: 'Dossier nationalité ouvert',
  NationalityProofAttached: 'Preuve jointe au dossier nationalité',
  EntryCancelled: 'Saisie annulée',
  PersonalDataErased: 'Données personnelles effacées',
};

/** « la saisie n° 7 (Heures de français) ». */
export const entryName = (version: number, type?: string): string =>
  `la saisie n° ${version}${type ? ` (${ENTRY_LABELS[type] ?? type})` : ''}`;
