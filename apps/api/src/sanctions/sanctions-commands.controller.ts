import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { sanctionStage, type SanctionCommand } from '@app/sanctions';
import { Roles } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthenticatedUser } from '../auth/roles';
import type { CommandContext } from '../http/command-context';
import { CommandCtx } from '../http/command-context.decorator';
import { CommandInterceptor } from '../http/command.interceptor';
import { ExecuteSanctionCommand, type SanctionCommandResult } from './execute-sanction-command';
import {
  AppealDto,
  AppealOutcomeDto,
  DecisionDto,
  DefenceDto,
  NoticeDto,
  OpenSanctionDto,
  PaymentDto,
  SanctionClosureDto,
  SanctionCommandResultDto,
  WithdrawalDto,
} from './sanctions.dto';

/** The sanction procedure's commands (api.md "Sanction procedures"): the sanctioning officer runs it, an admin may. */
@ApiTags('Sanctions — procédure')
@ApiBearerAuth()
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'La même clé et le même corps renvoient la première réponse sans rien réenregistrer',
})
@ApiHeader({
  name: 'If-Match',
  required: false,
  description: 'Version attendue de la procédure ("3") ; 412 si elle a changé',
})
@Roles('sanctioning-officer', 'admin')
@UseInterceptors(CommandInterceptor)
@Controller('api/sanctions')
export class SanctionsCommandsController {
  constructor(private readonly commands: CommandBus) {}

  private async run(
    id: string,
    user: AuthenticatedUser,
    ctx: CommandContext,
    command: SanctionCommand,
  ): Promise<SanctionCommandResultDto> {
    const { procedureId, version, position, state } = await this.commands.execute<
      ExecuteSanctionCommand,
      SanctionCommandResult
    >(new ExecuteSanctionCommand(id, command, user, ctx));
    return { procedureId, version, stage: sanctionStage(state), position };
  }

  @Post()
  @HttpCode(201)
  @ApiOkResponse({ type: SanctionCommandResultDto })
  @ApiOperation({
    summary:
      "Ouvrir une procédure : la personne doit être soumise à l'obligation et en retard pour ce manquement à la date du signalement",
  })
  open(
    @Body() body: OpenSanctionDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    // Derived from the Idempotency-Key when there is one: a repeated opening is the same procedure.
    const procedureId = ctx.commandId;
    return this.run(procedureId, user, ctx, {
      type: 'OpenSanctionProcedure',
      data: { procedureId, ...body },
    });
  }

  @Post(':id/notice')
  @HttpCode(200)
  @ApiOperation({ summary: 'Notification envoyée à la personne (délai de réponse : 30 jours par défaut)' })
  notice(
    @Param('id') id: string,
    @Body() body: NoticeDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.run(id, user, ctx, { type: 'SendNotice', data: body });
  }

  @Post(':id/defence')
  @HttpCode(200)
  @ApiOperation({ summary: 'Défense reçue ou personne entendue' })
  defence(
    @Param('id') id: string,
    @Body() body: DefenceDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.run(id, user, ctx, { type: 'RecordDefence', data: body });
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Décision : amende (dans la fourchette du régime) ou classement sans suite ; refusée si une formation était indisponible (art. 152/8)',
  })
  decision(
    @Param('id') id: string,
    @Body() body: DecisionDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.run(id, user, ctx, { type: 'DecideSanction', data: body });
  }

  @Post(':id/payment')
  @HttpCode(200)
  @ApiOperation({ summary: "Paiement de l'amende (par défaut : le solde ; paiements échelonnés admis)" })
  payment(
    @Param('id') id: string,
    @Body() body: PaymentDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.run(id, user, ctx, { type: 'RecordPayment', data: body });
  }

  @Post(':id/appeal')
  @HttpCode(200)
  @ApiOperation({ summary: "Recours contre l'amende" })
  appeal(
    @Param('id') id: string,
    @Body() body: AppealDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.run(id, user, ctx, { type: 'RecordAppeal', data: body });
  }

  @Post(':id/appeal-outcome')
  @HttpCode(200)
  @ApiOperation({ summary: 'Décision sur recours : amende confirmée, réduite ou annulée' })
  appealOutcome(
    @Param('id') id: string,
    @Body() body: AppealOutcomeDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.run(id, user, ctx, { type: 'RecordAppealOutcome', data: body });
  }

  @Post(':id/withdrawal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retrait de la procédure avant décision (ouverte par erreur, doublon)' })
  withdrawal(
    @Param('id') id: string,
    @Body() body: WithdrawalDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.run(id, user, ctx, { type: 'WithdrawProcedure', data: body });
  }

  @Post(':id/closure')
  @HttpCode(200)
  @ApiOperation({ summary: 'Clôture : après un classement, le paiement complet ou la décision sur recours' })
  closure(
    @Param('id') id: string,
    @Body() body: SanctionClosureDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.run(id, user, ctx, { type: 'CloseProcedure', data: body });
  }
}
