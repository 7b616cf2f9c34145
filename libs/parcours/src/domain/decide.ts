/**
 * decide(command, state, ctx): every rule of the parcours. Returns the events to append, [] when the
 * command changes nothing (e.g. the same presentation date again), or throws a DomainError.
 * Time comes in `ctx.today` (the injected clock); ids and actor come with the command / metadata.
 * After opening, no rule reads a personal field (see personal-data.ts).
 */
import type {
  AttachNationalityProof,
  CloseParcours,
  EndSuspension,
  GrantExtension,
  IssueAttestation,
  OpenNationalityDossier,
  OpenParcours,
  ParcoursCommand,
  RecordBilanSocial,
  RecordCitizenshipHours,
  RecordDispense,
  RecordEvaluation,
  RecordFrenchCertification,
  RecordFrenchHours,
  RecordFrenchPositioning,
  RecordIspHours,
  RecordPresentation,
  RecordRightsAndDuties,
  RecordTrainingUnavailability,
  SignConvention,
  StartSuspension,
  TransferParcours,
} from './commands';
import {
  addMonths,
  formatDateFr,
  inclusiveDays,
  isAfter,
  isBefore,
  isValidDate,
  periodsOverlap,
  type IsoDate,
} from '@app/calendar';
import { attestationSchedule, obligationAt } from './deadlines';
import { DomainError, type MissingRequirement } from './errors';
import type { ParcoursEvent } from './events';
import { computeOpeningObligation, evaluateObligation, factsAfterMove } from './obligation';
import {
  CLOSURE_REASONS,
  CONVOCATION_MODES,
  DELAY_REASONS,
  EXTENSION_DECIDERS,
  NATIONALITY_BASES,
  NATIONALITY_PROOF_KINDS,
  TRAINING_AXES,
  isCefrLevel,
  isCriCode,
  isDispenseCategory,
  isGermanSpeakingCommune,
  isValidNiss,
  type CefrLevel,
} from './reference-data';
import { evaluateRequirements, ispRequiredFor, requirementsRegime } from './requirements';
import { regimeFor, regimeForDate, type RuleConfig } from './rules';
import type { ParcoursState } from './state';

export type DecideContext = {
  /** Today's date from the injected clock ('YYYY-MM-DD'): no business date may be after it. */
  readonly today: IsoDate;
  readonly rules: RuleConfig;
};

const fr = formatDateFr;

export function decide(command: ParcoursCommand, state: ParcoursState, ctx: DecideContext): ParcoursEvent[] {
  if (!isValidDate(ctx.today))
    throw new Error(`DecideContext.today must be a YYYY-MM-DD date, got ${JSON.stringify(ctx.today)}`);
  if (command.type === 'OpenParcours') return openParcours(command, state, ctx);
  if (state.status === 'none') throw new DomainError('PARCOURS_NOT_FOUND');
  if (state.status === 'closed') {
    const closure = state.closure;
    throw new DomainError(
      'PARCOURS_CLOSED',
      closure ? `Parcours clôturé le ${fr(closure.date)}.` : undefined,
    );
  }
  const c = new Checks(state, ctx);
  switch (command.type) {
    case 'RecordPresentation':
      return recordPresentation(command, state, c);
    case 'RecordRightsAndDuties':
      return recordRightsAndDuties(command, state, c);
    case 'RecordBilanSocial':
      return recordBilanSocial(command, state, c);
    case 'RecordFrenchPositioning':
      return recordFrenchPositioning(command, state, c);
    case 'SignConvention':
      return signConvention(command, state, c, ctx);
    case 'RecordFrenchHours':
      return recordFrenchHours(command, state, c);
    case 'RecordFrenchCertification':
      return recordFrenchCertification(command, state, c);
    case 'RecordCitizenshipHours':
      return recordCitizenshipHours(command, state, c);
    case 'RecordIspHours':
      return recordIspHours(command, state, c);
    case 'RecordEvaluation':
      return recordEvaluation(command, state, c);
    case 'RecordDispense':
      return recordDispense(command, state, c, ctx);
    case 'GrantExtension':
      return grantExtension(command, state, c, ctx);
    case 'StartSuspension':
      return startSuspension(command, state, c, ctx);
    case 'EndSuspension':
      return endSuspension(command, state, c);
    case 'RecordTrainingUnavailability':
      return recordTrainingUnavailability(command, state, c);
    case 'IssueAttestation':
      return issueAttestation(command, state, c, ctx);
    case 'TransferParcours':
      return transferParcours(command, state, c);
    case 'CloseParcours':
      return closeParcours(command, state, c);
    case 'OpenNationalityDossier':
      return openNationalityDossier(command, state, c);
    case 'AttachNationalityProof':
      return attachNationalityProof(command, state, c);
    default:
      return assertNeverCommand(command);
  }
}

function assertNeverCommand(command: never): never {
  throw new DomainError(
    'INVALID_VALUE',
    `Commande inconnue : ${JSON.stringify((command as { type?: unknown })?.type)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Input checks shared by the handlers (the HTTP layer validates too; the domain never trusts it)

class Checks {
  constructor(
    private readonly state: ParcoursState,
    private readonly ctx: DecideContext,
  ) {}

  date(value: unknown, label: string): IsoDate {
    if (!isValidDate(value))
      throw new DomainError(
        'INVALID_DATE',
        `${label} : « ${String(value)} » n'est pas une date AAAA-MM-JJ valide.`,
      );
    return value;
  }

  optionalDate(value: unknown, label: string): IsoDate | null {
    return value === undefined || value === null ? null : this.date(value, label);
  }

  notFuture(date: IsoDate, label: string): IsoDate {
    if (isAfter(date, this.ctx.today)) {
      throw new DomainError(
        'DATE_IN_FUTURE',
        `${label} (${fr(date)}) est postérieure à aujourd'hui (${fr(this.ctx.today)}).`,
      );
    }
    return date;
  }

  /** A past business date of this parcours: valid, not in the future, not before the commune registration. */
  pastDate(value: unknown, label: string): IsoDate {
    const date = this.notFuture(this.date(value, label), label);
    const registration = this.state.communeRegistrationDate;
    if (registration !== null && isValidDate(registration) && isBefore(date, registration)) {
      throw new DomainError(
        'DATE_BEFORE_REGISTRATION',
        `${label} (${fr(date)}) précède l'inscription à la commune (${fr(registration)}).`,
      );
    }
    return date;
  }

  notBefore(date: IsoDate, previous: IsoDate, label: string, previousLabel: string): void {
    if (isBefore(date, previous)) {
      throw new DomainError(
        'DATE_BEFORE_PREVIOUS_STEP',
        `${label} (${fr(date)}) précède ${previousLabel} (${fr(previous)}).`,
      );
    }
  }

  period(from: IsoDate, to: IsoDate): void {
    if (isBefore(to, from))
      throw new DomainError('INVALID_PERIOD', `Fin (${fr(to)}) avant le début (${fr(from)}).`);
  }

  text(value: unknown, label: string, maxLength = 200): string {
    if (typeof value !== 'string' || value.trim() === '')
      throw new DomainError('INVALID_VALUE', `${label} est obligatoire.`);
    if (value.length > maxLength)
      throw new DomainError('INVALID_VALUE', `${label} dépasse ${maxLength} caractères.`);
    return value.trim();
  }

  optionalText(value: unknown, label: string, maxLength = 2000): string | null {
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string') throw new DomainError('INVALID_VALUE', `${label} doit être un texte.`);
    if (value.length > maxLength)
      throw new DomainError('INVALID_VALUE', `${label} dépasse ${maxLength} caractères.`);
    return value;
  }

  boolean(value: unknown, label: string): boolean {
    if (typeof value !== 'boolean')
      throw new DomainError('INVALID_VALUE', `${label} doit valoir vrai ou faux.`);
    return value;
  }

  optionalBoolean(value: unknown, label: string, fallback: boolean): boolean {
    return value === undefined || value === null ? fallback : this.boolean(value, label);
  }

  oneOf<T extends string>(value: unknown, allowed: readonly T[], label: string): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw new DomainError('INVALID_VALUE', `${label} : valeur attendue parmi ${allowed.join(', ')}.`);
    }
    return value as T;
  }

  level(value: unknown, label: string): CefrLevel {
    if (!isCefrLevel(value)) throw new DomainError('INVALID_VALUE', `${label} : niveau attendu de A0 à C2.`);
    return value;
  }

  hours(value: unknown, label: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new DomainError('INVALID_VALUE', `${label} : un nombre d'heures supérieur à 0 est attendu.`);
    }
    return value;
  }

  plausibleHours(hours: number, from: IsoDate, to: IsoDate): void {
    const days = inclusiveDays(from, to);
    const max = days * this.ctx.rules.maxHoursPerDay;
    if (hours > max) {
      throw new DomainError(
        'HOURS_IMPLAUSIBLE',
        `${hours} h du ${fr(from)} au ${fr(to)} : au plus ${max} h possibles (${days} jour${days > 1 ? 's' : ''} × ${this.ctx.rules.maxHoursPerDay} h).`,
      );
    }
  }

  communeCode(value: unknown): string {
    if (typeof value !== 'string' || !/^\d{5}$/.test(value)) {
      throw new DomainError('INVALID_VALUE', 'Code INS de la commune : 5 chiffres attendus.');
    }
    return value;
  }

  criCode(value: unknown, label: string): string {
    if (!isCriCode(value))
      throw new DomainError('INVALID_VALUE', `${label} : centre régional d'intégration inconnu.`);
    return value;
  }

  /** Convention required for training hours and evaluations; `date` must not precede its first signature. */
  convention(date: IsoDate, label: string): NonNullable<ParcoursState['convention']> {
    const convention = this.state.convention;
    if (convention === null) throw new DomainError('CONVENTION_REQUIRED');
    this.notBefore(date, convention.firstSignedOn, label, "la signature de la convention d'accueil");
    return convention;
  }

  /** Accueil steps happen at the bureau d'accueil: the presentation comes first. */
  presented(date: IsoDate, label: string): void {
    if (this.state.presentedOn === null) throw new DomainError('PRESENTATION_REQUIRED');
    this.notBefore(date, this.state.presentedOn, label, "la présentation au bureau d'accueil");
  }

  noAttestationYet(): void {
    const attestation = this.state.attestation;
    if (attestation !== null) {
      throw new DomainError(
        'ATTESTATION_ALREADY_ISSUED',
        `Attestation ${attestation.attestationNumber} délivrée le ${fr(attestation.issuedOn)}.`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Opening

function openParcours(command: OpenParcours, state: ParcoursState, ctx: DecideContext): ParcoursEvent[] {
  if (state.status !== 'none') throw new DomainError('PARCOURS_ALREADY_EXISTS');
  const c = new Checks(state, ctx);
  const d = command.data;
  if (typeof d !== 'object' || d === null) throw new DomainError('INVALID_VALUE', 'Données manquantes.');
  const parcoursId = c.text(d.parcoursId, 'Identifiant du parcours', 100);
  const p = d.person;
  if (typeof p !== 'object' || p === null)
    throw new DomainError('INVALID_VALUE', 'La personne est obligatoire.');
  const lastName = c.text(p.lastName, 'Nom');
  const firstName = c.text(p.firstName, 'Prénom');
  const birthDate = c.notFuture(c.date(p.birthDate, 'Date de naissance'), 'Date de naissance');
  if (typeof p.nationality !== 'string' || !/^[A-Za-z]{2}$/.test(p.nationality)) {
    throw new DomainError(
      'INVALID_VALUE',
      'Nationalité : code pays ISO 3166-1 alpha-2 attendu (ex. « MA »).',
    );
  }
  const nationality = p.nationality.toUpperCase();
  const niss = c.optionalText(p.niss, 'NISS', 11);
  if (niss !== null && !isValidNiss(niss))
    throw new DomainError('INVALID_VALUE', 'NISS : 11 chiffres avec un chiffre de contrôle valide.');
  const sex = c.optionalText(p.sex, 'Sexe', 20);
  const contactLanguage = c.optionalText(p.contactLanguage, 'Langue de contact', 50);

  const criCode = c.criCode(d.criCode, 'Centre régional');
  const communeCode = c.communeCode(d.communeCode);
  const communeRegistrationDate = c.notFuture(
    c.date(d.communeRegistrationDate, "Date d'inscription à la commune"),
    "Date d'inscription à la commune",
  );
  const cardOrderDate = c.optionalDate(d.cardOrderDate, 'Date de commande du titre de séjour');
  if (cardOrderDate !== null) c.notFuture(cardOrderDate, 'Date de commande du titre de séjour');
  const legalStaySince = c.optionalDate(d.legalStaySince, 'Début du séjour légal');
  if (legalStaySince !== null) c.notFuture(legalStaySince, 'Début du séjour légal');
  let residencePermit: { type: string | null; validUntil: IsoDate | null } | null = null;
  if (d.residencePermit !== undefined && d.residencePermit !== null) {
    if (typeof d.residencePermit !== 'object')
      throw new DomainError('INVALID_VALUE', 'Titre de séjour : objet attendu.');
    residencePermit = {
      type: c.optionalText(d.residencePermit.type, 'Type de titre de séjour', 50),
      validUntil: c.optionalDate(d.residencePermit.validUntil, 'Validité du titre de séjour'),
    };
  }
  const flagsIn = d.flags ?? {};
  if (typeof flagsIn !== 'object') throw new DomainError('INVALID_VALUE', 'Indicateurs : objet attendu.');
  const flags = {
    euFamilyMember: c.optionalBoolean(
      flagsIn.euFamilyMember,
      "Membre de la famille d'un citoyen de l'UE",
      false,
    ),
    temporaryProtection: c.optionalBoolean(flagsIn.temporaryProtection, 'Protection temporaire', false),
    internationalProtectionApplicant: c.optionalBoolean(
      flagsIn.internationalProtectionApplicant,
      'Demandeur de protection internationale',
      false,
    ),
  };
  const accompagnateurId = c.optionalText(d.accompagnateurId, 'Accompagnateur', 100);

  const opening = computeOpeningObligation(
    {
      nationality,
      birthDate,
      communeCode,
      communeRegistrationDate,
      cardOrderDate,
      legalStaySince,
      permitValidUntil: residencePermit?.validUntil ?? null,
      ...flags,
      openedOn: ctx.today,
    },
    ctx.rules,
  );

  return [
    {
      type: 'ParcoursOpened',
      data: {
        parcoursId,
        openedOn: ctx.today,
        person: { lastName, firstName, birthDate, nationality, niss, sex, contactLanguage },
        criCode,
        communeCode,
        communeRegistrationDate,
        cardOrderDate,
        legalStaySince,
        residencePermit,
        flags,
        accompagnateurId,
        obligation: opening.obligation,
        obligationReasons: opening.reasons,
        obligationFacts: opening.facts,
        adultAtOpening: opening.adultAtOpening,
        regimeId: opening.regime?.id ?? null,
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Presentation and module d'accueil

function recordPresentation(command: RecordPresentation, state: ParcoursState, c: Checks): ParcoursEvent[] {
  const date = c.pastDate(command.data.date, 'Date de présentation');
  if (state.presentedOn === date) return [];
  if (state.presentedOn !== null) {
    throw new DomainError(
      'STEP_ALREADY_RECORDED',
      `Présentation déjà enregistrée le ${fr(state.presentedOn)}.`,
    );
  }
  return [{ type: 'PresentationRecorded', data: { parcoursId: state.parcoursId, date } }];
}

function recordRightsAndDuties(
  command: RecordRightsAndDuties,
  state: ParcoursState,
  c: Checks,
): ParcoursEvent[] {
  const date = c.pastDate(command.data.date, "Date de l'information droits et devoirs");
  if (state.rightsAndDutiesOn === date) return [];
  if (state.rightsAndDutiesOn !== null) {
    throw new DomainError(
      'STEP_ALREADY_RECORDED',
      `Information droits et devoirs déjà enregistrée le ${fr(state.rightsAndDutiesOn)}.`,
    );
  }
  c.presented(date, "L'information droits et devoirs");
  return [{ type: 'RightsAndDutiesInformationGiven', data: { parcoursId: state.parcoursId, date } }];
}

function recordBilanSocial(command: RecordBilanSocial, state: ParcoursState, c: Checks): ParcoursEvent[] {
  const date = c.pastDate(command.data.date, 'Date du bilan social');
  const needsIn = command.data.needs ?? [];
  if (!Array.isArray(needsIn) || needsIn.some((n) => typeof n !== 'string')) {
    throw new DomainError('INVALID_VALUE', 'Besoins du bilan social : liste de textes attendue.');
  }
  // The needs are personal and never compared: the same date again is the same bilan.
  if (state.bilanSocial?.date === date) return [];
  c.presented(date, 'Le bilan social');
  if (state.bilanSocial !== null)
    c.notBefore(date, state.bilanSocial.date, 'Le bilan social mis à jour', 'le bilan social précédent');
  return [
    { type: 'BilanSocialCompleted', data: { parcoursId: state.parcoursId, date, needs: [...needsIn] } },
  ];
}

function recordFrenchPositioning(
  command: RecordFrenchPositioning,
  state: ParcoursState,
  c: Checks,
): ParcoursEvent[] {
  const date = c.pastDate(command.data.date, 'Date du test de positionnement');
  const level = c.level(command.data.level, 'Niveau du test de positionnement');
  const test = c.optionalText(command.data.test, 'Test', 100);
  if (state.frenchPositionings.some((p) => p.date === date && p.level === level && p.test === test))
    return [];
  c.presented(date, 'Le test de positionnement');
  return [{ type: 'FrenchPositioningRecorded', data: { parcoursId: state.parcoursId, date, level, test } }];
}

// ---------------------------------------------------------------------------------------------
// Convention and trainings

function signConvention(
  command: SignConvention,
  state: ParcoursState,
  c: Checks,
  ctx: DecideContext,
): ParcoursEvent[] {
  const signedOn = c.pastDate(command.data.signedOn, 'Date de signature de la convention');
  const includesFrench = c.boolean(command.data.includesFrench, 'Formation en français incluse');
  const includesIsp = c.optionalBoolean(
    command.data.includesIsp,
    'Orientation socioprofessionnelle incluse',
    false,
  );
  const citizenshipLanguage = c.optionalText(
    command.data.citizenshipLanguage,
    'Langue de la formation à la citoyenneté',
    50,
  );
  const previous = state.convention;
  if (
    previous !== null &&
    previous.signedOn === signedOn &&
    previous.includesFrench === includesFrench &&
    previous.includesIsp === includesIsp &&
    previous.citizenshipLanguage === citizenshipLanguage
  ) {
    return [];
  }
  c.noAttestationYet();
  if (previous !== null) {
    c.notBefore(signedOn, previous.signedOn, "L'avenant à la convention", 'la convention en vigueur');
  } else {
    // The convention follows the complete module d'accueil (art. 152/3 CWASS; circulaire du 28 janvier 2019).
    const regime = regimeFor(state, ctx.rules) ?? regimeForDate(signedOn, ctx.rules);
    const missing: MissingRequirement[] = [];
    const on = (date: IsoDate | null | undefined) => date != null && !isAfter(date, signedOn);
    if (!on(state.rightsAndDutiesOn))
      missing.push({ code: 'RIGHTS_AND_DUTIES', label: 'Information sur les droits et devoirs' });
    if (!on(state.bilanSocial?.date)) missing.push({ code: 'BILAN_SOCIAL', label: 'Bilan social' });
    if ((regime?.frenchPositioningInAccueil ?? true) && !state.frenchPositionings.some((p) => on(p.date))) {
      missing.push({ code: 'FRENCH_POSITIONING', label: 'Test de positionnement en français' });
    }
    if (missing.length > 0) {
      throw new DomainError(
        'ACCUEIL_INCOMPLETE',
        `Au ${fr(signedOn)}, il manque : ${missing.map((m) => m.label.toLowerCase()).join(', ')}.`,
        missing,
      );
    }
  }
  return [
    {
      type: 'ConventionSigned',
      data: {
        parcoursId: state.parcoursId,
        signedOn,
        includesFrench,
        includesIsp,
        citizenshipLanguage,
        amendment: previous !== null,
      },
    },
  ];
}

function trainingPeriod(
  data: { from: unknown; to: unknown; hours: unknown },
  c: Checks,
  axisLabel: string,
): { from: IsoDate; to: IsoDate; hours: number } {
  const from = c.pastDate(data.from, `Début de la période de ${axisLabel}`);
  const to = c.pastDate(data.to, `Fin de la période de ${axisLabel}`);
  c.period(from, to);
  const hours = c.hours(data.hours, `Heures de ${axisLabel}`);
  c.plausibleHours(hours, from, to);
  c.convention(from, `La période de ${axisLabel}`);
  return { from, to, hours };
}

function recordFrenchHours(command: RecordFrenchHours, state: ParcoursState, c: Checks): ParcoursEvent[] {
  const operator = c.text(command.data.operator, 'Opérateur de formation');
  const { from, to, hours } = trainingPeriod(command.data, c, 'français');
  return [{ type: 'FrenchHoursRecorded', data: { parcoursId: state.parcoursId, operator, from, to, hours } }];
}

function recordCitizenshipHours(
  command: RecordCitizenshipHours,
  state: ParcoursState,
  c: Checks,
): ParcoursEvent[] {
  const operator = c.text(command.data.operator, 'Opérateur de formation');
  const language = c.optionalText(command.data.language, 'Langue de la formation', 50);
  const { from, to, hours } = trainingPeriod(command.data, c, 'citoyenneté');
  return [
    {
      type: 'CitizenshipHoursRecorded',
      data: { parcoursId: state.parcoursId, operator, from, to, hours, language },
    },
  ];
}

function recordIspHours(command: RecordIspHours, state: ParcoursState, c: Checks): ParcoursEvent[] {
  const provider = c.text(command.data.provider, 'Organisme (Forem ou CRI)');
  const date = c.pastDate(command.data.date, "Date de l'orientation socioprofessionnelle");
  const hours = c.hours(command.data.hours, "Heures d'orientation socioprofessionnelle");
  c.plausibleHours(hours, date, date);
  c.convention(date, "L'orientation socioprofessionnelle");
  return [{ type: 'IspHoursRecorded', data: { parcoursId: state.parcoursId, provider, date, hours } }];
}

function recordFrenchCertification(
  command: RecordFrenchCertification,
  state: ParcoursState,
  c: Checks,
): ParcoursEvent[] {
  // A certificate may predate the registration in the region (e.g. obtained in Brussels): no lower bound.
  const date = c.notFuture(c.date(command.data.date, 'Date de la certification'), 'Date de la certification');
  const level = c.level(command.data.level, 'Niveau certifié');
  const issuer = c.text(command.data.issuer, 'Organisme certificateur');
  const test = c.optionalText(command.data.test, 'Test', 100);
  const oralOnly = c.optionalBoolean(command.data.oralOnly, 'Oral uniquement', false);
  if (
    state.frenchCertifications.some(
      (x) =>
        x.date === date &&
        x.level === level &&
        x.issuer === issuer &&
        x.test === test &&
        x.oralOnly === oralOnly,
    )
  ) {
    return [];
  }
  return [
    {
      type: 'FrenchLevelCertified',
      data: { parcoursId: state.parcoursId, date, level, issuer, test, oralOnly },
    },
  ];
}

function recordEvaluation(command: RecordEvaluation, state: ParcoursState, c: Checks): ParcoursEvent[] {
  const date = c.pastDate(command.data.date, "Date de l'entretien d'évaluation");
  const convocation = c.oneOf(command.data.convocation, CONVOCATION_MODES, 'Mode de convocation');
  const attended = c.boolean(command.data.attended, 'Présence');
  const absenceJustified = attended
    ? null
    : command.data.absenceJustified == null
      ? null
      : c.boolean(command.data.absenceJustified, 'Absence justifiée');
  const notes = c.optionalText(command.data.notes, 'Notes', 5000);
  // Notes are personal and not compared: the same interview (date, convocation, presence) is recorded once.
  if (
    state.evaluations.some(
      (e) =>
        e.date === date &&
        e.convocation === convocation &&
        e.attended === attended &&
        e.absenceJustified === absenceJustified,
    )
  ) {
    return [];
  }
  c.convention(date, "L'entretien d'évaluation");
  return [
    {
      type: 'EvaluationRecorded',
      data: { parcoursId: state.parcoursId, date, convocation, attended, absenceJustified, notes },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Dispenses, extensions, suspensions, training unavailability

function recordDispense(
  command: RecordDispense,
  state: ParcoursState,
  c: Checks,
  ctx: DecideContext,
): ParcoursEvent[] {
  if (!isDispenseCategory(command.data.category))
    throw new DomainError('INVALID_VALUE', 'Catégorie de dispense : D1 à D11 attendu.');
  const category = command.data.category;
  const decidedOn = c.pastDate(command.data.decidedOn, 'Date de la décision de dispense');
  const evidence = c.text(command.data.evidence, 'Preuve de la dispense', 500);
  // Evidence is personal and not compared: the same category decided the same day is the same dispense.
  if (state.dispenses.some((d) => d.category === category && d.decidedOn === decidedOn)) return [];
  c.noAttestationYet();
  if (state.obligationFacts.automaticDispenses.includes(category)) {
    throw new DomainError(
      'DISPENSE_ALREADY_RECORDED',
      `Dispense ${category} appliquée d'office à l'ouverture.`,
    );
  }
  const existing = state.dispenses.find((d) => d.category === category);
  if (existing)
    throw new DomainError(
      'DISPENSE_ALREADY_RECORDED',
      `Dispense ${category} décidée le ${fr(existing.decidedOn)}.`,
    );
  const regime = requirementsRegime(state, ctx.rules);
  if (regime !== null && !regime.dispenseCategories.includes(category)) {
    throw new DomainError(
      'DISPENSE_NOT_IN_REGIME',
      `${regime.label} : catégories ${regime.dispenseCategories.join(', ')}.`,
    );
  }
  const { obligation, reasons } = evaluateObligation(state.obligationFacts, [
    ...state.dispenses.map((d) => ({ category: d.category, decidedOn: d.decidedOn })),
    { category, decidedOn },
  ]);
  return [
    {
      type: 'DispenseRecorded',
      data: {
        parcoursId: state.parcoursId,
        category,
        decidedOn,
        evidence,
        obligation,
        obligationReasons: reasons,
      },
    },
  ];
}

/** The attestation schedule as of today, for a case that has an attestation deadline (obliged, card order date known). */
function currentSchedule(state: ParcoursState, ctx: DecideContext) {
  const schedule =
    obligationAt(state, ctx.today) === 'obliged' ? attestationSchedule(state, ctx.today, ctx.rules) : null;
  if (schedule === null) {
    throw new DomainError(
      'DEADLINE_NOT_APPLICABLE',
      "Seul un parcours obligatoire, avec une date de commande du titre de séjour, a une échéance d'attestation.",
    );
  }
  return schedule;
}

function grantExtension(
  command: GrantExtension,
  state: ParcoursState,
  c: Checks,
  ctx: DecideContext,
): ParcoursEvent[] {
  const decidedOn = c.pastDate(command.data.decidedOn, 'Date de la décision de prolongation');
  const until = c.date(command.data.until, 'Nouvelle échéance');
  const reason = c.oneOf(command.data.reason, DELAY_REASONS, 'Motif de la prolongation');
  const decidedBy =
    command.data.decidedBy == null
      ? 'cri'
      : c.oneOf(command.data.decidedBy, EXTENSION_DECIDERS, 'Décidée par');
  const evidence = c.optionalText(command.data.evidence, 'Preuve', 500);
  if (
    state.deadlineAdjustments.some(
      (a) =>
        a.kind === 'extension' &&
        a.decidedOn === decidedOn &&
        a.until === until &&
        a.reason === reason &&
        a.decidedBy === decidedBy,
    )
  ) {
    return [];
  }
  c.noAttestationYet();
  const schedule = currentSchedule(state, ctx);
  if (!isAfter(until, schedule.dueOn)) {
    throw new DomainError(
      'EXTENSION_NOT_LATER',
      `Échéance actuelle : ${fr(schedule.dueOn)} ; nouvelle échéance demandée : ${fr(until)}.`,
    );
  }
  const { maxCount, maxTotalMonths } = ctx.rules.extensionLimits;
  const count = state.deadlineAdjustments.filter((a) => a.kind === 'extension').length;
  if (maxCount !== null && count >= maxCount) {
    throw new DomainError(
      'EXTENSION_LIMIT_REACHED',
      `Au plus ${maxCount} prolongation(s) ; ${count} déjà accordée(s).`,
    );
  }
  if (maxTotalMonths !== null) {
    const limit = addMonths(schedule.dueOnWithoutExtensions, maxTotalMonths);
    if (isAfter(until, limit)) {
      throw new DomainError(
        'EXTENSION_LIMIT_REACHED',
        `Au plus ${maxTotalMonths} mois de prolongation au total : échéance maximale ${fr(limit)}.`,
      );
    }
  }
  return [
    {
      type: 'ExtensionGranted',
      data: { parcoursId: state.parcoursId, decidedOn, until, reason, decidedBy, evidence },
    },
  ];
}

function startSuspension(
  command: StartSuspension,
  state: ParcoursState,
  c: Checks,
  ctx: DecideContext,
): ParcoursEvent[] {
  const from = c.pastDate(command.data.from, 'Début de la suspension');
  // A known end may lie in the future (a decided period, e.g. maternity leave).
  const to = c.optionalDate(command.data.to, 'Fin de la suspension');
  if (to !== null) c.period(from, to);
  const reason = c.oneOf(command.data.reason, DELAY_REASONS, 'Motif de la suspension');
  const evidence = c.optionalText(command.data.evidence, 'Preuve', 500);
  const suspensions = state.deadlineAdjustments.filter((a) => a.kind === 'suspension');
  if (suspensions.some((s) => s.from === from && s.to === to && s.reason === reason)) return [];
  c.noAttestationYet();
  const open = suspensions.find((s) => s.to === null);
  if (open)
    throw new DomainError('SUSPENSION_ALREADY_OPEN', `Suspension en cours depuis le ${fr(open.from)}.`);
  const overlapping = suspensions.find((s) => periodsOverlap(from, to, s.from, s.to));
  if (overlapping) {
    throw new DomainError(
      'PERIOD_OVERLAP',
      `Suspension déjà enregistrée du ${fr(overlapping.from)} au ${fr(overlapping.to ?? overlapping.from)}.`,
    );
  }
  const schedule = currentSchedule(state, ctx);
  if (isAfter(from, schedule.dueOn)) {
    throw new DomainError('SUSPENSION_AFTER_DEADLINE', `Échéance de l'attestation : ${fr(schedule.dueOn)}.`);
  }
  return [{ type: 'SuspensionStarted', data: { parcoursId: state.parcoursId, from, to, reason, evidence } }];
}

function endSuspension(command: EndSuspension, state: ParcoursState, c: Checks): ParcoursEvent[] {
  const to = c.date(command.data.to, 'Fin de la suspension');
  const open = state.deadlineAdjustments.find((a) => a.kind === 'suspension' && a.to === null);
  if (!open || open.kind !== 'suspension') throw new DomainError('NO_OPEN_SUSPENSION');
  c.period(open.from, to);
  return [{ type: 'SuspensionEnded', data: { parcoursId: state.parcoursId, from: open.from, to } }];
}

function recordTrainingUnavailability(
  command: RecordTrainingUnavailability,
  state: ParcoursState,
  c: Checks,
): ParcoursEvent[] {
  const axis = c.oneOf(command.data.axis, TRAINING_AXES, 'Formation');
  const from = c.pastDate(command.data.from, "Début de l'indisponibilité");
  const to = c.optionalDate(command.data.to, "Fin de l'indisponibilité");
  if (to !== null) c.period(from, to);
  const sameAxis = state.trainingUnavailability.filter((p) => p.axis === axis);
  if (sameAxis.some((p) => p.from === from && p.to === to)) return [];
  // The same period again with an end closes the open period.
  const open = sameAxis.find((p) => p.from === from && p.to === null);
  if (open && to !== null)
    return [{ type: 'TrainingUnavailabilityEnded', data: { parcoursId: state.parcoursId, axis, from, to } }];
  const overlapping = sameAxis.find((p) => periodsOverlap(from, to, p.from, p.to));
  if (overlapping) {
    throw new DomainError(
      'PERIOD_OVERLAP',
      `Indisponibilité déjà enregistrée depuis le ${fr(overlapping.from)}${overlapping.to ? ` jusqu'au ${fr(overlapping.to)}` : ' (en cours)'}.`,
    );
  }
  return [{ type: 'TrainingUnavailabilityRecorded', data: { parcoursId: state.parcoursId, axis, from, to } }];
}

// ---------------------------------------------------------------------------------------------
// Attestation

function issueAttestation(
  command: IssueAttestation,
  state: ParcoursState,
  c: Checks,
  ctx: DecideContext,
): ParcoursEvent[] {
  const issuedOn = c.pastDate(command.data.issuedOn, "Date de délivrance de l'attestation");
  const attestationNumber = c.text(command.data.attestationNumber, "Numéro d'attestation", 64);
  const existing = state.attestation;
  if (existing !== null && existing.issuedOn === issuedOn && existing.attestationNumber === attestationNumber)
    return [];
  c.noAttestationYet();
  const requirements = evaluateRequirements(state, issuedOn, ctx.rules);
  const convention = state.convention;
  if (!requirements.met || convention === null) {
    throw new DomainError(
      'ATTESTATION_REQUIREMENTS_UNMET',
      `Au ${fr(issuedOn)}, il manque : ${requirements.missing.map((m) => m.label).join(' ; ')}.`,
      requirements.missing,
    );
  }
  const regime = requirements.regime;
  const { progress } = requirements;
  return [
    {
      type: 'AttestationIssued',
      data: {
        parcoursId: state.parcoursId,
        issuedOn,
        attestationNumber,
        criCode: state.criCode,
        obligation: obligationAt(state, issuedOn) ?? 'voluntary',
        regime: regime === null ? null : { id: regime.id, label: regime.label, source: regime.source },
        hours: {
          french: progress.french.hoursDone,
          citizenship: progress.citizenship.hoursDone,
          isp: progress.isp.hoursDone,
        },
        requiredHours: {
          french: progress.french.hoursRequired,
          citizenship: progress.citizenship.hoursRequired ?? 0,
          isp: progress.isp.hoursRequired,
        },
        frenchLevel: requirements.frenchLevel,
        frenchValidation: requirements.frenchValidation ?? 'not-in-convention',
        convention: {
          firstSignedOn: convention.firstSignedOn,
          signedOn: convention.signedOn,
          includesFrench: convention.includesFrench,
          includesIsp: convention.includesIsp,
          ispRequired: ispRequiredFor(convention, ctx.rules),
          citizenshipLanguage: convention.citizenshipLanguage,
        },
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Transfer and closure

function transferParcours(command: TransferParcours, state: ParcoursState, c: Checks): ParcoursEvent[] {
  const toCri = c.criCode(command.data.toCri, 'Centre régional de destination');
  const communeCode = c.communeCode(command.data.communeCode);
  const date = c.pastDate(command.data.date, 'Date du transfert');
  if (toCri === state.criCode)
    throw new DomainError('TRANSFER_SAME_CRI', `Le parcours est déjà suivi par ${toCri}.`);
  if (isGermanSpeakingCommune(communeCode)) {
    throw new DomainError(
      'COMMUNE_OUT_OF_REGION',
      'Un déménagement hors de la région de langue française clôture le parcours.',
    );
  }
  const lastTransfer = state.transfers[state.transfers.length - 1];
  if (lastTransfer) c.notBefore(date, lastTransfer.date, 'Le transfert', 'le transfert précédent');
  const obligationFacts = factsAfterMove(state.obligationFacts, communeCode);
  const { obligation, reasons } = evaluateObligation(
    obligationFacts,
    state.dispenses.map((d) => ({ category: d.category, decidedOn: d.decidedOn })),
  );
  return [
    {
      type: 'ParcoursTransferred',
      data: {
        parcoursId: state.parcoursId,
        fromCri: state.criCode,
        toCri,
        communeCode,
        date,
        obligation,
        obligationReasons: reasons,
        obligationFacts,
      },
    },
  ];
}

function closeParcours(command: CloseParcours, state: ParcoursState, c: Checks): ParcoursEvent[] {
  const date = c.pastDate(command.data.date, 'Date de clôture');
  const reason = c.oneOf(command.data.reason, CLOSURE_REASONS, 'Motif de clôture');
  const note = c.optionalText(command.data.note, 'Note', 2000);
  return [{ type: 'ParcoursClosed', data: { parcoursId: state.parcoursId, date, reason, note } }];
}

// ---------------------------------------------------------------------------------------------
// Nationality dossier

function openNationalityDossier(
  command: OpenNationalityDossier,
  state: ParcoursState,
  c: Checks,
): ParcoursEvent[] {
  const openedOn = c.pastDate(command.data.openedOn, "Date d'ouverture du dossier nationalité");
  const basis =
    command.data.basis == null ? '12bis-1-2' : c.oneOf(command.data.basis, NATIONALITY_BASES, 'Base légale');
  const existing = state.nationalityDossier;
  if (existing !== null) {
    if (existing.openedOn === openedOn && existing.basis === basis) return [];
    throw new DomainError('NATIONALITY_DOSSIER_ALREADY_OPEN', `Dossier ouvert le ${fr(existing.openedOn)}.`);
  }
  return [{ type: 'NationalityDossierOpened', data: { parcoursId: state.parcoursId, openedOn, basis } }];
}

function attachNationalityProof(
  command: AttachNationalityProof,
  state: ParcoursState,
  c: Checks,
): ParcoursEvent[] {
  if (state.nationalityDossier === null) throw new DomainError('NATIONALITY_DOSSIER_NOT_OPEN');
  const kind = c.oneOf(command.data.kind, NATIONALITY_PROOF_KINDS, 'Type de preuve');
  const issuer = c.text(command.data.issuer, 'Émetteur de la preuve');
  // A proof may be older than the parcours (birth certificate, diploma): no lower bound.
  const date = c.notFuture(c.date(command.data.date, 'Date de la preuve'), 'Date de la preuve');
  const reference = c.optionalText(command.data.reference, 'Référence', 500);
  return [
    {
      type: 'NationalityProofAttached',
      data: { parcoursId: state.parcoursId, kind, issuer, date, reference },
    },
  ];
}
