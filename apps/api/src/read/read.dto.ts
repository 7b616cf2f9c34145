import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { CRI_CODES, DEADLINE_KINDS, DEADLINE_STATUSES } from '@app/parcours';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DateField, EnumField } from '../http/validators';
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

/** One date "as of" which statuses are computed; today (Belgian calendar) when absent. */
class AsOfQuery {
  @DateField({
    required: false,
    description: "Date de référence des statuts (AAAA-MM-JJ) ; aujourd'hui par défaut",
  })
  asOf?: string;
}

export class ParcoursDetailQuery extends AsOfQuery {}

export class ParcoursListQuery extends AsOfQuery {
  @EnumField(CRI_CODES, { required: false, label: 'Centre régional (cri)' })
  cri?: string;

  @EnumField(OBLIGATIONS, { required: false, label: 'Public (obligation)' })
  obligation?: string;

  @EnumField(DEADLINE_STATUSES, { required: false, label: "Statut d'échéance (status)" })
  status?: string;

  @EnumField(PARCOURS_STAGES, { required: false, label: 'Étape (stage)' })
  stage?: string;

  @FreeTextQueryField('Accompagnateur (accompagnateurId)', 100, 'demo-cai-aline')
  accompagnateurId?: string;

  @FreeTextQueryField('Recherche (q)', 100, 'Haddad')
  q?: string;

  @IntQueryField({ label: 'Page', min: 1, example: 1 })
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
  @IntQueryField({ label: 'Page', min: 1, example: 1 })
  page?: number;

  @IntQueryField({ label: 'Taille de page (pageSize)', min: 1, max: MAX_PAGE_SIZE, example: 50 })
  pageSize?: number;
}

export class ComplianceExportQuery extends ComplianceFilters {}
