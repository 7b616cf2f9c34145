import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { CRI_CODES, DEADLINE_KINDS, DEADLINE_STATUSES } from '@app/parcours';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { DateField, EnumField, InstantField, validationToday } from '../http/validators';
import { OBLIGATIONS, PARCOURS_STAGES } from './labels';

/** A whole number in the query string (`?page=2`); anything else is refused in French. */
function IntQueryField(options: {
  label: string;
  min: number;
  max?: number;
  example: number;
}): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: Number,
      minimum: options.min,
      maximum: options.max,
      example: options.example,
    }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value,
    ),
    IsInt({ message: `${options.label} : nombre entier attendu` }),
    Min(options.min, { message: `${options.label} : au moins ${options.min}` }),
    ...(options.max === undefined
      ? []
      : [Max(options.max, { message: `${options.label} : au plus ${options.max}` })]),
  );
}

function FreeTextQueryField(label: string, max: number, example: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, maxLength: max, example }),
    IsOptional(),
    IsString({ message: `${label} : texte attendu` }),
    MaxLength(max, { message: `${label} : ${max} caractères au maximum` }),
  );
}

export const PARCOURS_SORTS = [
  'name',
  '-name',
  'opened',
  '-opened',
  'attestationDeadline',
  '-attestationDeadline',
  'urgency',
] as const;
export type ParcoursSort = (typeof PARCOURS_SORTS)[number];

export const MAX_PAGE_SIZE = 200;
/** Far beyond any population (200 × 100,000 rows); a larger page number is a mistake or a probe (400, never 500). */
export const MAX_PAGE = 100_000;
/** Statuses are computed between these bounds: nothing happened before 2000, and 10 years ahead covers every deadline. */
export const MIN_AS_OF = '2000-01-01';
export const AS_OF_YEARS_AHEAD = 10;

const latestAsOf = (): string => {
  const today = validationToday();
  return `${Number(today.slice(0, 4)) + AS_OF_YEARS_AHEAD}${today.slice(4)}`;
};

/** A reference date within [MIN_AS_OF, today + AS_OF_YEARS_AHEAD years] (YYYY-MM-DD strings compare as dates). */
const SaneAsOf = (): PropertyDecorator =>
  ValidateBy({
    name: 'saneAsOf',
    validator: {
      validate: (value: unknown) =>
        typeof value !== 'string' ||
        !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
        (value >= MIN_AS_OF && value <= latestAsOf()),
      defaultMessage: () => `Date de référence (asOf) : entre le ${MIN_AS_OF} et le ${latestAsOf()}`,
    },
  });

/** One date "as of" which statuses are computed; today (Belgian calendar) when absent. */
class AsOfQuery {
  @DateField({
    required: false,
    description: `Date de référence des statuts (AAAA-MM-JJ) ; aujourd'hui par défaut ; au plus ${AS_OF_YEARS_AHEAD} ans dans le futur`,
  })
  @SaneAsOf()
  asOf?: string;
}

export class ParcoursDetailQuery extends AsOfQuery {
  @InstantField({
    description:
      'Le dossier tel qu’il était enregistré à cet instant (ce qui a été enregistré ensuite est ignoré) ; une date seule : la fin de ce jour. `asOf` vaut alors la date de cet instant, sauf s’il est donné',
  })
  knownAt?: string;
}

export class ParcoursListQuery extends AsOfQuery {
  @EnumField(CRI_CODES, { required: false, label: 'Centre régional (cri)' })
  cri?: string;

  @EnumField(OBLIGATIONS, { required: false, label: 'Public (obligation)' })
  obligation?: string;

  @EnumField(DEADLINE_STATUSES, { required: false, label: "Statut d'échéance (status)" })
  status?: string;

  @EnumField(PARCOURS_STAGES, { required: false, label: 'Étape (stage)' })
  stage?: string;

  @FreeTextQueryField('Accompagnateur (accompagnateurId)', 100, 'cai.aline')
  accompagnateurId?: string;

  /** `unassigned`: open cases without accompagnateur; `transferred-in`: those of them that arrived by a transfer. */
  @EnumField(['unassigned', 'transferred-in'] as const, {
    required: false,
    label: 'Attribution (assignment)',
  })
  assignment?: 'unassigned' | 'transferred-in';

  @FreeTextQueryField('Recherche (q)', 100, 'Haddad')
  q?: string;

  @IntQueryField({ label: 'Page', min: 1, max: MAX_PAGE, example: 1 })
  page?: number;

  @IntQueryField({ label: 'Taille de page (pageSize)', min: 1, max: MAX_PAGE_SIZE, example: 50 })
  pageSize?: number;

  @EnumField(PARCOURS_SORTS, { required: false, label: 'Tri (sort)' })
  sort?: ParcoursSort;
}

class ComplianceFilters extends AsOfQuery {
  @EnumField(CRI_CODES, { required: false, label: 'Centre régional (cri)' })
  cri?: string;

  @EnumField(DEADLINE_KINDS, { required: false, label: "Type d'échéance (kind)" })
  kind?: string;

  @EnumField(DEADLINE_STATUSES, { required: false, label: "Statut d'échéance (status)" })
  status?: string;
}

export class ComplianceQuery extends ComplianceFilters {
  @IntQueryField({ label: 'Page', min: 1, max: MAX_PAGE, example: 1 })
  page?: number;

  @IntQueryField({ label: 'Taille de page (pageSize)', min: 1, max: MAX_PAGE_SIZE, example: 50 })
  pageSize?: number;
}

export class ComplianceExportQuery extends ComplianceFilters {}

export class CommunesQuery {
  @FreeTextQueryField('Recherche', 100, 'louviere') q?: string;
  @EnumField(CRI_CODES, { label: 'CRI', required: false }) cri?: (typeof CRI_CODES)[number];
  @DateField({ required: false, description: 'Ne garder que les codes valides à cette date' }) at?: string;
}
