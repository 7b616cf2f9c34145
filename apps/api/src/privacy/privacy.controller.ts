import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '@app/platform';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { Roles } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthenticatedUser } from '../auth/roles';
import { DateField, EnumField } from '../http/validators';
import { loadParcoursInScope } from '../parcours/parcours-stream';
import { ERASURE_REASONS, ErasureService, type ErasureReason } from './erasure';

export class ErasureDto {
  @DateField({ past: true, description: "Date de la décision d'effacement" }) decidedOn!: string;
  @EnumField(ERASURE_REASONS, { label: "Motif de l'effacement" }) reason!: ErasureReason;
}

export class AuditQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Identifiant de parcours invalide' })
  parcoursId?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[\w.@-]{1,64}$/, { message: "Nom d'utilisateur invalide" })
  username?: string;
  // A real calendar date (2025-13-45 answers 400, not a database error).
  @DateField({ required: false, description: 'Depuis cette date (AAAA-MM-JJ)' }) from?: string;
  @DateField({ required: false, description: "Jusqu'à cette date (AAAA-MM-JJ)" }) to?: string;
}

@ApiTags('Données personnelles')
@ApiBearerAuth()
@Controller('api')
export class PrivacyController {
  constructor(
    private readonly erasure: ErasureService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Post('parcours/:id/erasure')
  @HttpCode(200)
  @Roles('coordinateur', 'admin')
  @ApiOperation({
    summary:
      'Effacement des données personnelles (destruction de la clé) ; le dossier garde ses dates, heures et statuts',
  })
  async erase(
    @Param('id') id: string,
    @Body() body: ErasureDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    await loadParcoursInScope(this.store, id, user);
    const outcome = await this.erasure.erase(id, body.decidedOn, body.reason, user);
    // Read-your-writes (api.md v2), as for every command.
    res.setHeader('Jalon-Position', outcome.position);
    return outcome;
  }

  @Get('audit')
  @Roles('admin')
  @ApiOperation({ summary: 'Journal des accès aux données personnelles (qui a lu ou exporté quel dossier)' })
  async audit(@Query() query: AuditQueryDto) {
    const rows: Array<{
      at: Date;
      username: string;
      role: string;
      cri: string | null;
      action: string;
      parcours_id: string | null;
      endpoint: string;
    }> = await this.db.query(
      `SELECT at, username, role, cri, action, parcours_id, endpoint FROM audit_access
         WHERE ($1::uuid IS NULL OR parcours_id = $1) AND ($2::text IS NULL OR username = $2)
           AND ($3::date IS NULL OR at >= $3::date) AND ($4::date IS NULL OR at < $4::date + 1)
         ORDER BY at DESC, id DESC LIMIT 1000`,
      [query.parcoursId ?? null, query.username ?? null, query.from ?? null, query.to ?? null],
    );
    return {
      items: rows.map((r) => ({
        at: r.at.toISOString(),
        username: r.username,
        role: r.role,
        cri: r.cri,
        action: r.action,
        parcoursId: r.parcours_id,
        endpoint: r.endpoint,
      })),
    };
  }
}
