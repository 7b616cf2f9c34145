import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { belgianDate, type Clock, systemClock } from '@app/platform';
import {
  communeValidAt,
  compactNiss,
  currentCommuneCode,
  findCommune,
  formatDateFr,
  isValidDate,
  NISS_MESSAGES_FR,
  nissProblemFr,
} from '@app/parcours';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

/**
 * French, reusable field validators for the command DTOs. Shape only: the rules of the parcours (order of the steps,
 * plausible hours for a period, limits) are the domain's and answer 422.
 */

let validationClock: Clock = systemClock;
/** The api injects its clock at start so "not in the future" follows the same today as the domain. */
export const setValidationClock = (clock: Clock): void => {
  validationClock = clock;
};
export const validationToday = (): string => belgianDate(validationClock.now());

const optional = (required: boolean): PropertyDecorator[] => (required ? [] : [IsOptional()]);
const doc = (required: boolean, options: Parameters<typeof ApiProperty>[0]): PropertyDecorator =>
  required ? ApiProperty(options) : ApiPropertyOptional(options);

/** A real calendar date, YYYY-MM-DD. `past`: a fact, so not after today. */
export function DateField(
  options: { required?: boolean; past?: boolean; description?: string } = {},
): PropertyDecorator {
  const required = options.required ?? true;
  return applyDecorators(
    doc(required, { type: String, format: 'date', example: '2026-03-10', description: options.description }),
    ...optional(required),
    ValidateBy({
      name: 'isIsoDate',
      validator: {
        validate: (v: unknown) => isValidDate(v),
        defaultMessage: () => 'Date invalide : format AAAA-MM-JJ attendu (date réelle)',
      },
    }),
    ...(options.past
      ? [
          ValidateBy({
            name: 'notInFuture',
            validator: {
              validate: (v: unknown) => !isValidDate(v) || v <= validationToday(),
              defaultMessage: () => "La date ne peut pas être postérieure à aujourd'hui",
            },
          }),
        ]
      : []),
  );
}

/** This date is on or after the date in `field` of the same body. */
export function OnOrAfter(
  field: string,
  message: string,
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'onOrAfter',
      constraints: [field],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const other = (args?.object as Record<string, unknown>)[field];
          return !isValidDate(value) || !isValidDate(other) || value >= other;
        },
        defaultMessage: () => message,
      },
    },
    validationOptions,
  );
}

/** Free text, trimmed, non-empty when present. */
export function TextField(options: {
  required?: boolean;
  max?: number;
  label: string;
  example?: string;
}): PropertyDecorator {
  const required = options.required ?? true;
  const max = options.max ?? 200;
  return applyDecorators(
    doc(required, { type: String, maxLength: max, example: options.example }),
    ...optional(required),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)),
    IsString({ message: `${options.label} : texte attendu` }),
    MinLength(1, { message: `${options.label} : obligatoire` }),
    MaxLength(max, { message: `${options.label} : ${max} caractères au maximum` }),
  );
}

export function EnumField<T extends string>(
  values: readonly T[],
  options: { required?: boolean; label: string },
): PropertyDecorator {
  const required = options.required ?? true;
  return applyDecorators(
    doc(required, { enum: values as unknown as string[] }),
    ...optional(required),
    IsIn(values as unknown as string[], {
      message: `${options.label} : valeur attendue parmi ${values.join(', ')}`,
    }),
  );
}

export function BooleanField(options: { required?: boolean; label: string }): PropertyDecorator {
  const required = options.required ?? true;
  return applyDecorators(
    doc(required, { type: Boolean }),
    ...optional(required),
    IsBoolean({ message: `${options.label} : vrai ou faux attendu` }),
  );
}

/** A whole number within bounds (days, quarters…). */
export function IntField(options: {
  label: string;
  min: number;
  max: number;
  required?: boolean;
  description?: string;
}): PropertyDecorator {
  const required = options.required ?? true;
  const range = `${options.label} : nombre entier de ${options.min} à ${options.max} attendu`;
  return applyDecorators(
    doc(required, {
      type: Number,
      minimum: options.min,
      maximum: options.max,
      description: options.description,
    }),
    ...optional(required),
    IsInt({ message: range }),
    Min(options.min, { message: range }),
    Max(options.max, { message: range }),
  );
}

/** Hours attended: a positive number (quarter hours at most), physically possible. */
export function HoursField(max = 1000): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: Number, minimum: 0.25, maximum: max, example: 12 }),
    IsNumber(
      { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 },
      { message: 'Heures : nombre attendu (au plus 2 décimales)' },
    ),
    Min(0.25, { message: "Heures : le nombre d'heures doit être positif" }),
    Max(max, { message: `Heures : ${max} au maximum par enregistrement` }),
  );
}

/**
 * Belgian identification number (NISS): a possible national register or BIS number (check digits,
 * month and day ranges, the post-2000 form only for a year that has come) that agrees with the
 * `birthField` date of the same body where it encodes one. Spaces, dots and dashes are separators.
 * Rules and vectors: libs/parcours/src/reference/niss.ts.
 */
export function NissField(birthField = 'birthDate'): PropertyDecorator {
  const problem = (v: unknown, args?: ValidationArguments): string | null => {
    const birthDate = (args?.object as Record<string, unknown> | undefined)?.[birthField];
    return nissProblemFr(
      String(v),
      Number(validationToday().slice(0, 4)),
      isValidDate(birthDate) ? birthDate : null,
    );
  };
  return applyDecorators(
    ApiPropertyOptional({
      type: String,
      example: '85.07.30-033.28',
      description:
        'Numéro de registre national ou BIS (11 chiffres ; espaces, points et tirets admis), cohérent avec la date de naissance',
    }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? compactNiss(value) : value)),
    IsString({ message: 'NISS : texte de 11 chiffres attendu' }),
    ValidateBy({
      name: 'isNiss',
      validator: {
        validate: (v: unknown, args?: ValidationArguments) => problem(v, args) === null,
        defaultMessage: (args?: ValidationArguments) => problem(args?.value, args) ?? NISS_MESSAGES_FR.format,
      },
    }),
  );
}

export function CodeField(
  pattern: RegExp,
  options: {
    label: string;
    example: string;
    required?: boolean;
    hint: string;
    /** The code must be in a reference list (e.g. an ISO country): its French name, or null. */
    nameOf?: (code: string) => string | null;
    list?: string;
  },
): PropertyDecorator {
  const required = options.required ?? true;
  const nameOf = options.nameOf;
  return applyDecorators(
    doc(required, {
      type: String,
      example: options.example,
      pattern: pattern.source,
      description: options.list ? `${options.hint} ; liste : ${options.list}` : options.hint,
    }),
    ...optional(required),
    IsString({ message: `${options.label} : ${options.hint}` }),
    Matches(pattern, { message: `${options.label} : ${options.hint}` }),
    ...(nameOf
      ? [
          ValidateBy({
            name: 'isListedCode',
            validator: {
              validate: (v: unknown) => typeof v !== 'string' || !pattern.test(v) || nameOf(v) !== null,
              defaultMessage: (args?: ValidationArguments) =>
                `${options.label} : ${String(args?.value)} n'est pas un code connu (${options.hint})`,
            },
          }),
        ]
      : []),
  );
}

/**
 * A commune of Wallonia (INS/REFNIS code, domain/communes) that existed on the date in `dateField` of
 * the same body: a code of Brussels or Flanders, a made-up code, or a code merged away before that date
 * (Bastogne 82003 after 2024) is refused here, naming the code to use. Whether it is in the
 * French-language region and in the CRI's territory is a rule (422), checked by the domain.
 */
export function CommuneField(
  dateField: string,
  options: { example: string; required?: boolean },
): PropertyDecorator {
  const required = options.required ?? true;
  const problem = (value: unknown, args?: ValidationArguments): string | null => {
    if (typeof value !== 'string' || !/^\d{5}$/.test(value))
      return 'Commune : code INS à 5 chiffres attendu (ex. 92094 pour Namur)';
    const commune = findCommune(value);
    if (!commune) return `Commune : ${value} n'est pas un code INS d'une commune de Wallonie`;
    const date = (args?.object as Record<string, unknown> | undefined)?.[dateField];
    if (!isValidDate(date) || communeValidAt(value, date)) return null;
    if (date < commune.validFrom)
      return `Commune : le code ${value} (${commune.name}) n'existe que depuis le ${formatDateFr(commune.validFrom)}`;
    const current = findCommune(currentCommuneCode(value));
    return `Commune : le code ${value} (${commune.name}) n'est plus valide au ${formatDateFr(date)}${
      current && current.code !== value ? ` ; utilisez ${current.code} (${current.name})` : ''
    }`;
  };
  return applyDecorators(
    doc(required, {
      type: String,
      example: options.example,
      pattern: '^\\d{5}$',
      description: `Code INS (REFNIS) d'une commune de Wallonie valide à la date ${dateField} ; liste : GET /api/reference/communes`,
    }),
    ...optional(required),
    ValidateBy({
      name: 'isCommuneOfWallonia',
      validator: {
        validate: (v: unknown, args?: ValidationArguments) => problem(v, args) === null,
        defaultMessage: (args?: ValidationArguments) => problem(args?.value, args) ?? 'Commune invalide',
      },
    }),
  );
}

/**
 * An instant in ISO 8601 with its offset (`2026-03-01T14:30:00+01:00`, `…Z`), or a date (`2026-03-01`: the end of that
 * day in Belgium). Not in the future.
 */
export function InstantField(options: { description: string }): PropertyDecorator {
  return applyDecorators(
    doc(false, { type: String, example: '2026-03-01T14:30:00+01:00', description: options.description }),
    IsOptional(),
    ValidateBy({
      name: 'isPastInstant',
      validator: {
        validate: (v: unknown) =>
          typeof v === 'string' &&
          (isValidDate(v)
            ? v <= validationToday()
            : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) &&
              !Number.isNaN(Date.parse(v)) &&
              Date.parse(v) <= Date.now() + 60_000),
        defaultMessage: () =>
          'Instant invalide : AAAA-MM-JJ ou AAAA-MM-JJTHH:MM:SS+01:00 attendu, pas dans le futur',
      },
    }),
  );
}
