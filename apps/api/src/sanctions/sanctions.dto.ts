import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CRI_CODES } from '@app/parcours';
import {
  APPEAL_OUTCOMES,
  BREACHES,
  DISMISSAL_REASONS,
  type AppealOutcome,
  type Breach,
  type DismissalReason,
} from '@app/sanctions';
import { Transform } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsPositive, IsUUID, Max, Min } from 'class-validator';
import { DateField, EnumField, TextField } from '../http/validators';
import { SANCTION_LIST_STATUSES } from './sanction-labels';

/**
 * An amount in euros: a positive number with at most two decimals (cents). Its rules — the regime's range, a
 * reduction below the fine, a payment within what is due — are the domain's (422).
 */
function AmountField(required: boolean): PropertyDecorator {
  return applyDecorators(
    required
      ? ApiProperty({ type: Number, example: 250, minimum: 0.01 })
      : ApiPropertyOptional({ type: Number, example: 250, minimum: 0.01 }),
    ...(required ? [] : [IsOptional()]),
    IsNumber(
      { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 },
      { message: 'Montant : nombre d’euros attendu, au plus deux décimales' },
    ),
    IsPositive({ message: 'Montant : doit être positif' }),
    Max(1_000_000_000, { message: 'Montant : valeur trop grande' }),
  );
}

export class OpenSanctionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'Parcours : identifiant invalide (UUID attendu)' })
  parcoursId!: string;

  @EnumField(BREACHES, { label: 'Manquement (breach)' }) breach!: Breach;
  @DateField({ past: true, description: 'Date du signalement' }) reportedOn!: string;
}

export class NoticeDto {
  @DateField({ past: true, description: "Date d'envoi de la notification" }) sentOn!: string;
  @DateField({ required: false, description: 'Date limite de réponse (par défaut : envoi + 30 jours)' })
  respondBy?: string;
}

export class DefenceDto {
  @DateField({ past: true, description: 'Date de réception de la défense ou de l’audition' })
  receivedOn!: string;
  @TextField({ label: 'Résumé de la défense', max: 4000, required: false }) summary?: string;
}

export class DecisionDto {
  @DateField({ past: true, description: 'Date de la décision' }) decidedOn!: string;
  @EnumField(['fine', 'dismissed'] as const, { label: 'Décision (outcome)' }) outcome!: 'fine' | 'dismissed';
  @AmountField(false) amount?: number;
  @EnumField(DISMISSAL_REASONS, { label: 'Motif du classement (reason)', required: false })
  reason?: DismissalReason;
  @TextField({ label: 'Motivation', max: 4000, required: false }) comment?: string;
}

export class PaymentDto {
  @DateField({ past: true, description: 'Date du paiement' }) paidOn!: string;
  @AmountField(false) amount?: number;
}

export class AppealDto {
  @DateField({ past: true, description: 'Date du recours' }) lodgedOn!: string;
  @TextField({ label: 'Juridiction saisie', max: 200, required: false }) authority?: string;
  @TextField({ label: 'Référence du recours', max: 100, required: false }) reference?: string;
}

export class AppealOutcomeDto {
  @DateField({ past: true, description: 'Date de la décision sur recours' }) decidedOn!: string;
  @EnumField(APPEAL_OUTCOMES, { label: 'Issue du recours (outcome)' }) outcome!: AppealOutcome;
  @AmountField(false) amount?: number;
  @TextField({ label: 'Commentaire', max: 4000, required: false }) comment?: string;
}

export class WithdrawalDto {
  @DateField({ past: true, description: 'Date du retrait' }) withdrawnOn!: string;
  @TextField({ label: 'Motif du retrait', max: 1000 }) reason!: string;
}

export class SanctionClosureDto {
  @DateField({ past: true, description: 'Date de clôture' }) closedOn!: string;
  @TextField({ label: 'Motif de clôture', max: 1000, required: false }) reason?: string;
}

export class SanctionCommandResultDto {
  @ApiProperty({ format: 'uuid' }) procedureId!: string;
  @ApiProperty({ example: 2 }) version!: number;
  @ApiProperty({ example: 'notice-sent' }) stage!: string;
  @ApiProperty({
    example: '1042',
    description:
      'Position globale du dernier événement de la commande : passez-la en `minPosition` pour lire ce que vous venez d’écrire',
  })
  position!: string;
}

/** A whole number in the query string (`?page=2`). */
function IntQuery(label: string, min: number, max: number): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: Number, minimum: min, maximum: max }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value,
    ),
    IsInt({ message: `${label} : nombre entier attendu` }),
    Min(min, { message: `${label} : au moins ${min}` }),
    Max(max, { message: `${label} : au plus ${max}` }),
  );
}

export const MAX_PAGE_SIZE = 200;

export class SanctionListQuery {
  @EnumField(SANCTION_LIST_STATUSES, { required: false, label: 'Statut (status)' })
  status?: (typeof SANCTION_LIST_STATUSES)[number];
  @EnumField(CRI_CODES, { required: false, label: 'Centre régional (cri)' }) cri?: string;
  @EnumField(BREACHES, { required: false, label: 'Manquement (breach)' }) breach?: Breach;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Parcours : identifiant invalide (UUID attendu)' })
  parcoursId?: string;

  @IntQuery('Page', 1, 100_000) page?: number;
  @IntQuery('Taille de page (pageSize)', 1, MAX_PAGE_SIZE) pageSize?: number;
}

export class SanctionableQuery {
  @DateField({ required: false, description: "Date de référence (AAAA-MM-JJ) ; aujourd'hui par défaut" })
  asOf?: string;
  @EnumField(CRI_CODES, { required: false, label: 'Centre régional (cri)' }) cri?: string;
  @EnumField(BREACHES, { required: false, label: 'Manquement (breach)' }) breach?: Breach;
  @IntQuery('Page', 1, 100_000) page?: number;
  @IntQuery('Taille de page (pageSize)', 1, MAX_PAGE_SIZE) pageSize?: number;
}

export class SanctionableCsvQuery {
  @DateField({ required: false, description: "Date de référence (AAAA-MM-JJ) ; aujourd'hui par défaut" })
  asOf?: string;
  @EnumField(CRI_CODES, { required: false, label: 'Centre régional (cri)' }) cri?: string;
  @EnumField(BREACHES, { required: false, label: 'Manquement (breach)' }) breach?: Breach;
}
