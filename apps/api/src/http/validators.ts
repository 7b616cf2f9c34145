import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { belgianDate, type Clock, systemClock } from '@app/platform';
import { isValidDate, isValidNiss } from '@app/parcours';
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

/** Belgian national register number (NISS): 11 digits with a valid check (born before or from 2000); dots and dashes accepted. */
export function NissField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: String,
      example: '85073003328',
      description: '11 chiffres, clé de contrôle vérifiée',
    }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.replace(/[\s.-]/g, '') : value,
    ),
    IsString({ message: 'NISS : texte de 11 chiffres attendu' }),
    Matches(/^\d{11}$/, { message: 'NISS : 11 chiffres attendus' }),
    ValidateBy({
      name: 'isNiss',
      validator: {
        validate: (v: unknown) => isValidNiss(v),
        defaultMessage: () => 'NISS : clé de contrôle invalide',
      },
    }),
  );
}

export function CodeField(
  pattern: RegExp,
  options: { label: string; example: string; required?: boolean; hint: string },
): PropertyDecorator {
  const required = options.required ?? true;
  return applyDecorators(
    doc(required, { type: String, example: options.example, pattern: pattern.source }),
    ...optional(required),
    IsString({ message: `${options.label} : ${options.hint}` }),
    Matches(pattern, { message: `${options.label} : ${options.hint}` }),
  );
}
