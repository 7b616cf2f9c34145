import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  CANCELLATION_REASONS,
  CEFR_LEVELS,
  CORRECTION_REASONS,
  CLOSURE_REASONS,
  CONVOCATION_MODES,
  countryName,
  CRI_CODES,
  DELAY_REASONS,
  DISPENSE_CATEGORIES,
  EXTENSION_DECIDERS,
  languageName,
  NATIONALITY_BASES,
  NATIONALITY_PROOF_KINDS,
  TRAINING_AXES,
  type CancellationReason,
  type CefrLevel,
  type CorrectionReason,
  type ClosureReason,
  type ConvocationMode,
  type CriCode,
  type DelayReason,
  type DispenseCategory,
  type ExtensionDecider,
  type NationalityBasis,
  type NationalityProofKind,
  type TrainingAxis,
} from '@app/parcours';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import {
  BooleanField,
  CodeField,
  CommuneField,
  DateField,
  EnumField,
  HoursField,
  IntField,
  NissField,
  OnOrAfter,
  TextField,
} from '../http/validators';

const COUNTRY_CODE = /^[A-Z]{2}$/;

export class PersonDto {
  @TextField({ label: 'Nom', max: 100, example: 'Haddad' }) lastName!: string;
  @TextField({ label: 'Prénom', max: 100, example: 'Samira' }) firstName!: string;
  @DateField({ past: true, description: 'Date de naissance' }) birthDate!: string;
  @CodeField(COUNTRY_CODE, {
    label: 'Nationalité',
    example: 'SY',
    hint: 'code pays ISO 3166-1 alpha-2 en majuscules (ex. SY, MA, TR)',
    nameOf: countryName,
    list: 'GET /api/reference/countries',
  })
  nationality!: string;
  @NissField() niss?: string;
  @EnumField(['F', 'M', 'X'] as const, { label: 'Sexe', required: false }) sex?: string;
  @CodeField(/^[a-z]{2}$/, {
    label: 'Langue de contact',
    example: 'ar',
    required: false,
    hint: 'code de langue ISO 639-1 en minuscules (ex. fr, ar, uk)',
    nameOf: languageName,
    list: 'GET /api/reference/languages',
  })
  contactLanguage?: string;
}

export class ResidencePermitDto {
  @TextField({ label: 'Type de titre de séjour', max: 40, required: false, example: 'carte A' })
  type?: string;
  @DateField({ required: false, description: 'Fin de validité du titre' }) validUntil?: string;
}

export class FlagsDto {
  @BooleanField({ label: "Membre de la famille d'un citoyen UE", required: false }) euFamilyMember?: boolean;
  @BooleanField({ label: 'Protection temporaire', required: false }) temporaryProtection?: boolean;
  @BooleanField({ label: 'Demandeur de protection internationale', required: false })
  internationalProtectionApplicant?: boolean;
}

export class OpenParcoursDto {
  @ApiProperty({ type: PersonDto })
  @IsObject({ message: 'Personne : objet attendu' })
  @ValidateNested()
  @Type(() => PersonDto)
  person!: PersonDto;

  @EnumField(CRI_CODES, { label: 'CRI' }) criCode!: CriCode;
  @CommuneField('communeRegistrationDate', { example: '92094' })
  communeCode!: string;
  @DateField({ past: true, description: 'Inscription à la commune (départ du délai de présentation)' })
  communeRegistrationDate!: string;
  @DateField({
    required: false,
    past: true,
    description: 'Commande du titre de séjour (départ du délai de l’attestation)',
  })
  cardOrderDate?: string;
  @DateField({ required: false, past: true, description: 'Début du séjour légal en Belgique' })
  legalStaySince?: string;

  @ApiPropertyOptional({ type: ResidencePermitDto })
  @IsOptional()
  @IsObject({ message: 'Titre de séjour : objet attendu' })
  @ValidateNested()
  @Type(() => ResidencePermitDto)
  residencePermit?: ResidencePermitDto;

  @ApiPropertyOptional({ type: FlagsDto })
  @IsOptional()
  @IsObject({ message: 'Indicateurs : objet attendu' })
  @ValidateNested()
  @Type(() => FlagsDto)
  flags?: FlagsDto;

  @TextField({ label: 'Accompagnateur', max: 100, required: false }) accompagnateurId?: string;
}

export class DateDto {
  @DateField({ past: true }) date!: string;
}

export class BilanSocialDto {
  @DateField({ past: true }) date!: string;

  @ApiPropertyOptional({ type: [String], example: ['logement', 'emploi'] })
  @IsOptional()
  @IsArray({ message: 'Besoins : liste attendue' })
  @ArrayMaxSize(30, { message: 'Besoins : 30 au maximum' })
  @IsString({ each: true, message: 'Besoins : textes attendus' })
  @MaxLength(200, { each: true, message: 'Besoins : 200 caractères au maximum par besoin' })
  needs?: string[];
}

export class FrenchPositioningDto {
  @DateField({ past: true }) date!: string;
  @EnumField(CEFR_LEVELS, { label: 'Niveau' }) level!: CefrLevel;
  @TextField({ label: 'Test', max: 100, required: false, example: 'ELAO' }) test?: string;
}

export class ConventionDto {
  @DateField({ past: true }) signedOn!: string;
  @BooleanField({ label: 'Français inclus' }) includesFrench!: boolean;
  @BooleanField({ label: 'ISP incluse', required: false }) includesIsp?: boolean;
  @CodeField(/^[a-z]{2,3}$/, {
    label: 'Langue de la citoyenneté',
    example: 'fr',
    required: false,
    hint: 'code de langue ISO 639',
  })
  citizenshipLanguage?: string;
}

export class TrainingHoursDto {
  @TextField({ label: 'Opérateur', max: 150, example: 'Lire et Écrire Namur' }) operator!: string;
  @DateField({ past: true }) from!: string;
  @DateField({ past: true })
  @OnOrAfter('from', 'La date de fin doit être égale ou postérieure à la date de début')
  to!: string;
  @HoursField() hours!: number;
  @BooleanField({ label: 'Chevauchement confirmé', required: false }) overlapConfirmed?: boolean;
}

export class CitizenshipHoursDto extends TrainingHoursDto {
  @CodeField(/^[a-z]{2,3}$/, {
    label: 'Langue',
    example: 'fr',
    required: false,
    hint: 'code de langue ISO 639',
  })
  language?: string;
}

export class FrenchCertificationDto {
  @DateField({ past: true }) date!: string;
  @EnumField(CEFR_LEVELS, { label: 'Niveau' }) level!: CefrLevel;
  @TextField({ label: 'Organisme', max: 150, example: 'Promotion sociale Namur' }) issuer!: string;
  @TextField({ label: 'Test', max: 100, required: false }) test?: string;
  @BooleanField({ label: 'Oral uniquement', required: false }) oralOnly?: boolean;
}

export class IspHoursDto {
  @TextField({ label: 'Prestataire', max: 150, example: 'Forem' }) provider!: string;
  @DateField({ past: true }) date!: string;
  @HoursField(24) hours!: number;
  @BooleanField({ label: 'Chevauchement confirmé', required: false }) overlapConfirmed?: boolean;
}

export class EvaluationDto {
  @DateField({ past: true }) date!: string;
  @EnumField(CONVOCATION_MODES, { label: 'Convocation' }) convocation!: ConvocationMode;
  @BooleanField({ label: 'Présent' }) attended!: boolean;
  @BooleanField({ label: 'Absence justifiée', required: false }) absenceJustified?: boolean;
  @TextField({ label: 'Notes', max: 2000, required: false }) notes?: string;
}

export class DispenseDto {
  @EnumField(DISPENSE_CATEGORIES, { label: 'Catégorie de dispense' }) category!: DispenseCategory;
  @DateField({ past: true }) decidedOn!: string;
  @TextField({ label: 'Preuve', max: 300, example: 'Certificat médical du 02/02/2026' }) evidence!: string;
}

export class ExtensionDto {
  @DateField({ past: true }) decidedOn!: string;
  @DateField() @OnOrAfter('decidedOn', 'La nouvelle échéance doit suivre la date de décision') until!: string;
  @EnumField(DELAY_REASONS, { label: 'Motif' }) reason!: DelayReason;
  @EnumField(EXTENSION_DECIDERS, { label: 'Décidée par', required: false }) decidedBy?: ExtensionDecider;
  @TextField({ label: 'Preuve', max: 300, required: false }) evidence?: string;
}

export class SuspensionDto {
  @DateField({ past: true }) from!: string;
  @DateField({ required: false })
  @OnOrAfter('from', 'La date de fin doit être égale ou postérieure à la date de début')
  to?: string;
  @EnumField(DELAY_REASONS, { label: 'Motif' }) reason!: DelayReason;
  @TextField({ label: 'Preuve', max: 300, required: false }) evidence?: string;
}

export class EndSuspensionDto {
  @DateField({ past: true }) to!: string;
}

export class TrainingUnavailabilityDto {
  @EnumField(TRAINING_AXES, { label: 'Formation' }) axis!: TrainingAxis;
  @DateField({ past: true }) from!: string;
  @DateField({ required: false })
  @OnOrAfter('from', 'La date de fin doit être égale ou postérieure à la date de début')
  to?: string;
}

export class AttestationDto {
  @DateField({ past: true }) issuedOn!: string;
}

export class TransferDto {
  @EnumField(CRI_CODES, { label: 'CRI de destination' }) toCri!: CriCode;
  @CommuneField('date', { example: '62063' })
  communeCode!: string;
  @DateField({ past: true }) date!: string;
}

export class ReassignmentDto {
  @TextField({ label: 'Accompagnateur', max: 100, example: 'cripel.marc' }) accompagnateurId!: string;
}

export class ClosureDto {
  @DateField({ past: true }) date!: string;
  @EnumField(CLOSURE_REASONS, { label: 'Motif de clôture' }) reason!: ClosureReason;
  @TextField({ label: 'Note', max: 1000, required: false }) note?: string;
}

export class NationalityDossierDto {
  @DateField({ past: true }) openedOn!: string;
  @EnumField(NATIONALITY_BASES, { label: 'Base légale', required: false }) basis?: NationalityBasis;
}

export class NationalityProofDto {
  @EnumField(NATIONALITY_PROOF_KINDS, { label: 'Type de preuve' }) kind!: NationalityProofKind;
  @TextField({ label: 'Émetteur', max: 150 }) issuer!: string;
  @DateField({ past: true }) date!: string;
  @TextField({ label: 'Référence', max: 200, required: false }) reference?: string;
  /** legal-stay: the start of the legal stay the proof states (5 years are counted from it). */
  @DateField({
    required: false,
    past: true,
    description: 'Preuve de séjour légal : début du séjour légal attesté',
  })
  since?: string;
  @IntField({
    label: 'Jours de travail',
    min: 0,
    max: 1830,
    required: false,
    description: 'Participation économique : jours de travail attestés (468 requis sur 5 ans)',
  })
  days?: number;
  @IntField({
    label: "Trimestres d'activité indépendante",
    min: 0,
    max: 20,
    required: false,
    description: 'Participation économique : trimestres attestés (6 requis)',
  })
  quarters?: number;
}

export class CommandResultDto {
  @ApiProperty({ format: 'uuid' }) parcoursId!: string;
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({
    example: '1042',
    description:
      'Position globale du dernier événement de la commande : passez-la en `minPosition` pour lire ce que vous venez d’écrire',
  })
  position!: string;
}

export class CancellationDto {
  @EnumField(CANCELLATION_REASONS, { label: "Motif de l'annulation" }) reason!: CancellationReason;
  @TextField({ label: 'Note', max: 1000, required: false, example: 'Heures saisies deux fois' })
  note?: string;
}

/** At least one of the fields to correct, besides the reason and the note. */
function SomethingToCorrect(fields: readonly string[], what: string): PropertyDecorator {
  return ValidateBy({
    name: 'somethingToCorrect',
    validator: {
      validate: (_: unknown, args?: ValidationArguments) =>
        fields.some((f) => (args?.object as Record<string, unknown>)[f] !== undefined),
      defaultMessage: () => `Rien à corriger : indiquez au moins ${what}`,
    },
  });
}

const FACT_FIELDS = [
  'cardOrderDate',
  'communeRegistrationDate',
  'legalStaySince',
  'residencePermit',
  'flags',
  'communeCode',
];

/** api.md v2 `POST /api/parcours/:id/facts`: the facts recorded at opening, corrected (null clears an optional date). */
export class CorrectFactsDto {
  @DateField({
    required: false,
    past: true,
    description: 'Commande du titre de séjour (null : non renseignée)',
  })
  cardOrderDate?: string | null;
  @DateField({ required: false, past: true, description: 'Inscription à la commune' })
  communeRegistrationDate?: string;
  @DateField({ required: false, past: true, description: 'Début du séjour légal (null : non renseigné)' })
  legalStaySince?: string | null;

  @ApiPropertyOptional({ type: ResidencePermitDto, nullable: true })
  @IsOptional()
  @IsObject({ message: 'Titre de séjour : objet attendu' })
  @ValidateNested()
  @Type(() => ResidencePermitDto)
  residencePermit?: ResidencePermitDto | null;

  @ApiPropertyOptional({ type: FlagsDto })
  @IsOptional()
  @IsObject({ message: 'Indicateurs : objet attendu' })
  @ValidateNested()
  @Type(() => FlagsDto)
  flags?: FlagsDto;

  @CommuneField('communeRegistrationDate', { example: '92094', required: false })
  communeCode?: string;

  @EnumField(CORRECTION_REASONS, { label: 'Motif de la correction' })
  @SomethingToCorrect(FACT_FIELDS, 'un fait : ' + FACT_FIELDS.join(', '))
  reason!: CorrectionReason;
  @TextField({ label: 'Note', max: 1000, required: false }) note?: string;
}

const PERSON_FIELDS = ['lastName', 'firstName', 'birthDate', 'nationality', 'niss', 'sex', 'contactLanguage'];

/**
 * api.md v2 `POST /api/parcours/:id/person`: personal data corrected (encrypted like the original). The fields of
 * the opening's person, each optional; the NISS is checked against `birthDate` when both are given, else against the
 * recorded birth date (the controller).
 */
export class CorrectPersonDto extends PartialType(PersonDto) {
  @EnumField(CORRECTION_REASONS, { label: 'Motif de la correction' })
  @SomethingToCorrect(PERSON_FIELDS, 'une donnée : ' + PERSON_FIELDS.join(', '))
  reason!: CorrectionReason;
  @TextField({ label: 'Note', max: 1000, required: false }) note?: string;
}

/** api.md v2 `POST /api/parcours/:id/attestation/revocation`. */
export class RevocationDto {
  @DateField({ past: true, description: 'Date de la révocation' }) revokedOn!: string;
  @TextField({
    label: 'Motif de la révocation',
    max: 1000,
    example: 'Délivrée par erreur : heures d’un autre dossier',
  })
  reason!: string;
}
