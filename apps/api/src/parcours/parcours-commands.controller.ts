import { Body, Controller, HttpCode, Param, Post, UseInterceptors, type PipeTransform } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard';
import { StaffNames } from '../auth/staff-names';
import { AppProblem } from '../http/problem';
import { nissProblemFr } from '@app/parcours';
import { validationToday } from '../http/validators';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthenticatedUser } from '../auth/roles';
import type { CommandContext } from '../http/command-context';
import { CommandCtx } from '../http/command-context.decorator';
import { CommandInterceptor, SupportsDryRun } from '../http/command.interceptor';
import { ParcoursQueries } from '../read/parcours-queries.service';
import {
  ExecuteParcoursCommand,
  ExecuteParcoursCommandHandler,
  type ParcoursCommandResult,
} from './execute-parcours-command';
import {
  AttestationDto,
  BilanSocialDto,
  CancellationDto,
  CorrectFactsDto,
  CorrectPersonDto,
  RevocationDto,
  CitizenshipHoursDto,
  ClosureDto,
  CommandResultDto,
  ConventionDto,
  DateDto,
  DispenseDto,
  EndSuspensionDto,
  EvaluationDto,
  ExtensionDto,
  FrenchCertificationDto,
  FrenchPositioningDto,
  IspHoursDto,
  NationalityDossierDto,
  NationalityProofDto,
  OpenParcoursDto,
  SuspensionDto,
  TrainingHoursDto,
  TrainingUnavailabilityDto,
  ReassignmentDto,
  TransferDto,
} from './parcours.dto';

const RECORDERS = ['accompagnateur', 'coordinateur', 'admin'] as const;

/** The version of an entry in the path (`/entries/7/cancellation`): a whole number, else a 400 in French. */
class EntryVersionPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9]\d{0,8}$/.test(value))
      throw new AppProblem(400, 'VALIDATION_FAILED', 'Données invalides', '1 champ(s) invalide(s).', {
        errors: [{ field: 'version', message: 'Version : numéro de la saisie attendu (ex. 7)' }],
      });
    return Number(value);
  }
}

/** A correction may clear an optional field (null), never a required one. */
function notNull(changes: object, required: readonly string[]): void {
  const cleared = required.filter((field) => (changes as Record<string, unknown>)[field] === null);
  if (cleared.length > 0)
    throw new AppProblem(
      400,
      'VALIDATION_FAILED',
      'Données invalides',
      `${cleared.length} champ(s) invalide(s).`,
      {
        errors: cleared.map((field) => ({
          field,
          message: `${field} : ne peut pas être effacé, seulement corrigé`,
        })),
      },
    );
}

/** The answer of a command sent with `?dryRun=true`. */
interface DryRunResult {
  dryRun: true;
  case: Record<string, unknown>;
}

/** Every parcours command of api.md: validate the body, hand the domain command to the command bus. */
@ApiTags('Parcours — commandes')
@ApiBearerAuth()
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'La même clé et le même corps renvoient la première réponse sans rien réenregistrer',
})
@ApiHeader({
  name: 'If-Match',
  required: false,
  description: 'Version attendue du dossier ("3") ; 412 si elle a changé',
})
@ApiQuery({
  name: 'dryRun',
  required: false,
  enum: ['true', 'false'],
  description:
    'Aperçu : `true` renvoie `200 {dryRun: true, case}`, le dossier tel qu’il serait après la commande (ou le refus), sans rien enregistrer ni réserver',
})
@Roles(...RECORDERS)
@SupportsDryRun()
@UseInterceptors(CommandInterceptor)
@Controller('api/parcours')
export class ParcoursCommandsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly handler: ExecuteParcoursCommandHandler,
    private readonly staff: StaffNames,
    private readonly queries: ParcoursQueries,
  ) {}

  private async run(
    id: string,
    user: AuthenticatedUser,
    ctx: CommandContext,
    command: ExecuteParcoursCommand['command'],
  ): Promise<ParcoursCommandResult> {
    return this.commands.execute<ExecuteParcoursCommand, ParcoursCommandResult>(
      new ExecuteParcoursCommand(id, command, user, ctx),
    );
  }

  private async record(
    id: string,
    user: AuthenticatedUser,
    ctx: CommandContext,
    command: ExecuteParcoursCommand['command'],
  ): Promise<CommandResultDto | DryRunResult> {
    const result = await this.run(id, user, ctx, command);
    if (result.dryRun) return this.preview(result);
    return { parcoursId: result.parcoursId, version: result.version, position: result.position };
  }

  /** What-if: the case as GET /api/parcours/:id would show it after the command (today's statuses). */
  private async preview({ parcoursId, version, state }: ParcoursCommandResult): Promise<DryRunResult> {
    const view = this.queries.detail(
      { parcoursId, version: String(version), state, erasedOn: null },
      undefined,
    );
    return { dryRun: true, case: { ...view, accompagnateur: await this.staff.name(view.accompagnateurId) } };
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: "Ouvrir un parcours : l'obligation (obligé, volontaire, dispensé) est calculée et expliquée",
  })
  async open(
    @Body() body: OpenParcoursDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    // The command id is derived from the Idempotency-Key when there is one: a repeated opening is the same parcours.
    const parcoursId = ctx.commandId;
    const accompagnateurId = body.accompagnateurId ?? (user.role === 'accompagnateur' ? user.username : null);
    const result = await this.run(parcoursId, user, ctx, {
      type: 'OpenParcours',
      data: { ...body, parcoursId, accompagnateurId },
    });
    if (result.dryRun) return this.preview(result);
    const { version, state, position } = result;
    return {
      parcoursId,
      version,
      position,
      obligation: state.obligation,
      obligationReasons: state.obligationReasons,
      regime: state.regimeIdAtOpening,
    };
  }

  @Post(':id/presentation')
  @HttpCode(200)
  @ApiOperation({ summary: "Présentation au bureau d'accueil (arrête le délai de 3 mois)" })
  presentation(
    @Param('id') id: string,
    @Body() body: DateDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'RecordPresentation', data: body });
  }

  @Post(':id/accueil/rights-and-duties')
  @HttpCode(200)
  @ApiOperation({ summary: 'Information droits et devoirs donnée' })
  rightsAndDuties(
    @Param('id') id: string,
    @Body() body: DateDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'RecordRightsAndDuties', data: body });
  }

  @Post(':id/accueil/bilan-social')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bilan social réalisé' })
  bilanSocial(
    @Param('id') id: string,
    @Body() body: BilanSocialDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'RecordBilanSocial', data: body });
  }

  @Post(':id/french/positioning')
  @HttpCode(200)
  @ApiOperation({ summary: 'Résultat du test de positionnement en français' })
  positioning(
    @Param('id') id: string,
    @Body() body: FrenchPositioningDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'RecordFrenchPositioning', data: body });
  }

  @Post(':id/convention')
  @HttpCode(200)
  @ApiOperation({ summary: "Convention d'accueil signée (refusée avant la fin du module d'accueil)" })
  convention(
    @Param('id') id: string,
    @Body() body: ConventionDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'SignConvention', data: body });
  }

  @Post(':id/french/hours')
  @HttpCode(200)
  @ApiOperation({ summary: 'Heures de français suivies' })
  frenchHours(
    @Param('id') id: string,
    @Body() body: TrainingHoursDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'RecordFrenchHours', data: body });
  }

  @Post(':id/french/certification')
  @HttpCode(200)
  @ApiOperation({ summary: 'Niveau de français validé (ex. A2)' })
  certification(
    @Param('id') id: string,
    @Body() body: FrenchCertificationDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'RecordFrenchCertification', data: body });
  }

  @Post(':id/citizenship/hours')
  @HttpCode(200)
  @ApiOperation({ summary: 'Heures de citoyenneté suivies' })
  citizenshipHours(
    @Param('id') id: string,
    @Body() body: CitizenshipHoursDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'RecordCitizenshipHours', data: body });
  }

  @Post(':id/isp/hours')
  @HttpCode(200)
  @ApiOperation({ summary: "Heures d'orientation socioprofessionnelle (ISP)" })
  ispHours(
    @Param('id') id: string,
    @Body() body: IspHoursDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'RecordIspHours', data: body });
  }

  @Post(':id/evaluations')
  @HttpCode(200)
  @ApiOperation({ summary: "Entretien d'évaluation" })
  evaluation(
    @Param('id') id: string,
    @Body() body: EvaluationDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'RecordEvaluation', data: body });
  }

  @Post(':id/dispenses')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dispense (les échéances s’arrêtent)' })
  dispense(
    @Param('id') id: string,
    @Body() body: DispenseDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'RecordDispense', data: body });
  }

  @Post(':id/extensions')
  @HttpCode(200)
  @ApiOperation({ summary: "Prolongation de l'échéance de l'attestation" })
  extension(
    @Param('id') id: string,
    @Body() body: ExtensionDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'GrantExtension', data: body });
  }

  @Post(':id/suspensions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspension (le délai s’arrête)' })
  suspension(
    @Param('id') id: string,
    @Body() body: SuspensionDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'StartSuspension', data: body });
  }

  @Post(':id/suspensions/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'Fin de la suspension en cours' })
  endSuspension(
    @Param('id') id: string,
    @Body() body: EndSuspensionDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'EndSuspension', data: body });
  }

  @Post(':id/training-unavailability')
  @HttpCode(200)
  @ApiOperation({ summary: "Formation non disponible (art. 152/8 CWASS : pas d'amende pour ce manquement)" })
  trainingUnavailability(
    @Param('id') id: string,
    @Body() body: TrainingUnavailabilityDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'RecordTrainingUnavailability', data: body });
  }

  @Post(':id/attestation')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Attestation de fréquentation ; 422 ATTESTATION_REQUIREMENTS_UNMET avec missing[] sinon',
  })
  async attestation(
    @Param('id') id: string,
    @Body() body: AttestationDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    const result = await this.run(id, user, ctx, (current, context) =>
      this.handler.attestationCommand(current, body.issuedOn, context),
    );
    if (result.dryRun) return this.preview(result);
    const { parcoursId, version, state, position } = result;
    return { parcoursId, version, position, attestationNumber: state.attestation?.attestationNumber ?? null };
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @Roles('coordinateur', 'admin')
  @ApiOperation({ summary: 'Transfert vers un autre CRI (coordinateur)' })
  transfer(
    @Param('id') id: string,
    @Body() body: TransferDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'TransferParcours', data: body });
  }

  @Post(':id/reassignment')
  @HttpCode(200)
  @Roles('coordinateur', 'admin')
  @ApiOperation({
    summary:
      'Attribuer le dossier à un accompagnateur du CRI (coordinateur) — un dossier transféré arrive sans accompagnateur',
  })
  reassignment(
    @Param('id') id: string,
    @Body() body: ReassignmentDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, async (current) => {
      const staff = await this.staff.name(body.accompagnateurId);
      if (staff === null || staff.username === null) {
        throw new AppProblem(
          422,
          'ACCOMPAGNATEUR_UNKNOWN',
          'Accompagnateur inconnu',
          `Aucun membre du personnel n'a l'identifiant « ${body.accompagnateurId} ».`,
        );
      }
      if (staff.cri !== current.criCode) {
        throw new AppProblem(
          422,
          'ACCOMPAGNATEUR_NOT_IN_CRI',
          "L'accompagnateur ne fait pas partie du CRI du dossier",
          `${staff.label} ne travaille pas au ${current.criCode}, qui suit ce dossier.`,
        );
      }
      return { type: 'AssignAccompagnateur', data: { accompagnateurId: staff.username } };
    });
  }

  @Post(':id/entries/:version/cancellation')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Annuler une saisie par sa version : tous les calculs l’ignorent comme si elle n’avait jamais été enregistrée ; l’historique la garde, barrée, avec qui l’a annulée, quand et pourquoi',
    description:
      '422 ENTRY_NOT_CANCELLABLE pour l’ouverture, un transfert, une clôture, une attribution, une attestation (voir la révocation) ; 422 ENTRY_ALREADY_CANCELLED la seconde fois ; 422 ENTRY_HAS_DEPENDENTS quand des saisies ultérieures en dépendent.',
  })
  cancellation(
    @Param('id') id: string,
    @Param('version', EntryVersionPipe) version: number,
    @Body() body: CancellationDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'CancelEntry', data: { version, ...body } });
  }

  @Post(':id/facts')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Corriger les faits enregistrés à l’ouverture (dates, titre, indicateurs, commune du même CRI) : obligation, régime et échéances recalculés comme si les faits avaient été saisis ainsi dès le départ ; chaque date déplacée l’explique',
    description:
      'null efface une date facultative. Refusé une fois l’attestation délivrée (ATTESTATION_ALREADY_ISSUED) ; la commune d’un dossier transféré ne se corrige pas (COMMUNE_CORRECTION_AFTER_TRANSFER).',
  })
  facts(
    @Param('id') id: string,
    @Body() body: CorrectFactsDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    const { reason, note, ...changes } = body;
    notNull(changes, ['communeRegistrationDate', 'communeCode', 'flags']);
    return this.record(id, user, ctx, { type: 'CorrectFacts', data: { changes, reason, note } });
  }

  @Post(':id/person')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Corriger les données personnelles (chiffrées comme l’original) : une nouvelle date de naissance ou nationalité recalcule les dispenses automatiques ; un nouveau NISS déplace la réservation « un parcours ouvert par personne »',
    description:
      '409 PARCOURS_ALREADY_OPEN si un autre parcours ouvert détient le nouveau NISS ; le NISS doit concorder avec la date de naissance (celle du corps, sinon celle du dossier).',
  })
  person(
    @Param('id') id: string,
    @Body() body: CorrectPersonDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    const { reason, note, ...changes } = body;
    notNull(changes, ['lastName', 'firstName', 'birthDate', 'nationality']);
    return this.record(id, user, ctx, (current) => {
      // A new NISS must agree with the birth date: the one corrected in the same body, else the one recorded.
      const birthDate = changes.birthDate ?? current.person?.birthDate ?? null;
      const problem = changes.niss
        ? nissProblemFr(changes.niss, Number(validationToday().slice(0, 4)), birthDate)
        : null;
      if (problem)
        throw new AppProblem(400, 'VALIDATION_FAILED', 'Données invalides', '1 champ(s) invalide(s).', {
          errors: [{ field: 'niss', message: problem }],
        });
      return { type: 'CorrectPerson', data: { changes, reason, note } };
    });
  }

  @Post(':id/attestation/revocation')
  @HttpCode(200)
  @Roles('coordinateur', 'admin')
  @ApiOperation({
    summary:
      'Révoquer une attestation délivrée par erreur : son empreinte se vérifie alors comme « révoquée » ; le dossier peut être corrigé et une nouvelle attestation reçoit un nouveau numéro',
  })
  revocation(
    @Param('id') id: string,
    @Body() body: RevocationDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'RevokeAttestation', data: body });
  }

  @Post(':id/closure')
  @HttpCode(200)
  @ApiOperation({ summary: 'Clôture du parcours' })
  closure(
    @Param('id') id: string,
    @Body() body: ClosureDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'CloseParcours', data: body });
  }

  @Post(':id/nationality-dossier')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ouverture du dossier nationalité (CNB art. 12bis §1 2°)' })
  nationalityDossier(
    @Param('id') id: string,
    @Body() body: NationalityDossierDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'OpenNationalityDossier', data: body });
  }

  @Post(':id/nationality-dossier/proofs')
  @HttpCode(200)
  @ApiOperation({ summary: 'Preuve jointe au dossier nationalité' })
  nationalityProof(
    @Param('id') id: string,
    @Body() body: NationalityProofDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandCtx() ctx: CommandContext,
  ) {
    return this.record(id, user, ctx, { type: 'AttachNationalityProof', data: body });
  }
}
