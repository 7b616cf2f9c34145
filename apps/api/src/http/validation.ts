import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/** Flattens nested class-validator errors into `{field: 'person.birthDate', message}` pairs: every invalid field. */
/** French messages for the checks whose message class-validator writes itself. */
const FRENCH: Record<string, string> = {
  whitelistValidation: 'Champ non reconnu : retirez-le de la requête',
  nestedValidation: 'Objet attendu',
  isObject: 'Objet attendu',
  isArray: 'Liste attendue',
  arrayMaxSize: 'Liste trop longue',
  isUuid: 'Identifiant invalide (UUID attendu)',
  isInt: 'Nombre entier attendu',
  min: 'Valeur trop petite',
  max: 'Valeur trop grande',
};

export const flattenValidationErrors = (errors: ValidationError[], prefix = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      // class-validator's own English messages start with the property name ("x should …", "property x should not exist").
      message:
        FRENCH[constraint] &&
        /^(property |each value in |nested property |)\S+ (should|must|has)/.test(message)
          ? FRENCH[constraint]
          : message,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });

export class InvalidInput extends BadRequestException {
  constructor(readonly fieldErrors: FieldError[]) {
    super({ errors: fieldErrors });
  }
}

/** Strict validation: unknown fields refused, types transformed, every invalid field listed. */
export const validationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidInput(flattenValidationErrors(errors)),
  });
