import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConcurrencyError, handleCommand, isRecorded, type EventStore } from '@app/event-store';
import { DomainError, isValidDate, sanctionFacts, type RuleConfig } from '@app/parcours';
import { belgianDate, CLOCK, EVENT_STORE, RULES, type Clock } from '@app/platform';
import {
  decideSanction,
  initialSanctionState,
  type ParcoursFacts,
  type SanctionCommand,
  type SanctionDecideContext,
  type SanctionState,
} from '@app/sanctions';
import type { AuthenticatedUser } from '../auth/roles';
import type { CommandContext } from '../http/command-context';
import { isDefiniteRefusal } from '../http/outcome';
import { AppProblem } from '../http/problem';
import { loadParcours } from '../parcours/parcours-stream';
import { SanctionClaims } from './sanction-claims';
import { evolveProcedure, isProcedureId, loadProcedure, sanctionStreamId } from './sanction-stream';

/** Any command of the sanction procedure (api.md "Sanction procedures"), with who asks and how (If-Match, idempotency). */
export class ExecuteSanctionCommand {
  constructor(
    readonly procedureId: string,
    readonly command: SanctionCommand,
    readonly user: AuthenticatedUser,
    readonly context: CommandContext,
  ) {}
}

export interface SanctionCommandResult {
  procedureId: string;
  version: number;
  /** Global position of the command's last event (read-your-writes). */
  position: string;
  state: SanctionState;
}

export const procedureNotFound = (): AppProblem =>
  new AppProblem(
    404,
    'PROCEDURE_NOT_FOUND',
    'Procédure de sanction introuvable',
    "Cette procédure de sanction n'existe pas.",
  );

/** The business date a command is about: the parcours facts are computed as of that day. */
export function commandDate(command: SanctionCommand): string {
  switch (command.type) {
    case 'OpenSanctionProcedure':
      return command.data.reportedOn;
    case 'SendNotice':
      return command.data.sentOn;
    case 'RecordDefence':
      return command.data.receivedOn;
    case 'DecideSanction':
      return command.data.decidedOn;
    case 'RecordPayment':
      return command.data.paidOn;
    case 'RecordAppeal':
      return command.data.lodgedOn;
    case 'RecordAppealOutcome':
      return command.data.decidedOn;
    case 'WithdrawProcedure':
      return command.data.withdrawnOn;
    case 'CloseProcedure':
      return command.data.closedOn;
    default: {
      const unknown: never = command;
      throw new Error(`Unknown sanction command ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The one command handler of the sanction procedure: read the procedure and its parcours → build the parcours facts
 * (the parcours domain's `sanctionFacts` at the command's date) → `decideSanction` → append to `sanction-<id>`, retried
 * on conflict. Plus what spans streams: the one-open-procedure-per-breach claim, taken before an opening and released
 * when the procedure closes.
 */
@CommandHandler(ExecuteSanctionCommand)
export class ExecuteSanctionCommandHandler implements ICommandHandler<
  ExecuteSanctionCommand,
  SanctionCommandResult
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RULES) private readonly rules: RuleConfig,
    private readonly claims: SanctionClaims,
  ) {}

  async execute({
    procedureId,
    command,
    user,
    context,
  }: ExecuteSanctionCommand): Promise<SanctionCommandResult> {
    if (!isProcedureId(procedureId)) throw procedureNotFound();
    const opening = command.type === 'OpenSanctionProcedure';
    let parcoursId: string;
    let recorded = false;
    if (command.type === 'OpenSanctionProcedure') {
      parcoursId = command.data.parcoursId;
      // A retried opening already stored answers its stored outcome (handleCommand): no pre-check, no new claim.
      recorded = isRecorded((await loadProcedure(this.store, procedureId)).events, context.commandId);
    } else {
      const { state } = await loadProcedure(this.store, procedureId);
      if (state.status === 'none') throw procedureNotFound();
      parcoursId = state.parcoursId;
    }
    const today = belgianDate(this.clock.now());
    const ctx: SanctionDecideContext = {
      today,
      noticeResponseDays: this.rules.noticeResponseDays,
      parcours: await this.parcoursFacts(parcoursId, commandDate(command), today),
    };

    let claimed = false;
    if (command.type === 'OpenSanctionProcedure' && !recorded) {
      // A case that cannot be reported is refused as such (422), before the claim: decide is pure, so this costs nothing.
      decideSanction(command, initialSanctionState, ctx);
      claimed = await this.claims.claim(
        parcoursId,
        command.data.breach,
        procedureId,
        context.owner,
        async (id) => (await loadProcedure(this.store, id)).state.status,
      );
    }
    try {
      const result = await handleCommand(this.store, {
        streamId: sanctionStreamId(procedureId),
        initialState: initialSanctionState,
        evolve: evolveProcedure,
        decide: (state) => decideSanction(command, state, ctx),
        commandId: context.commandId,
        metadata: {
          correlationId: context.correlationId,
          causationId: null,
          requestId: context.requestId,
          actor: { userId: user.userId, username: user.username, role: user.role, cri: user.cri },
          recordedAt: this.clock.now().toISOString(),
        },
        expectedVersion: context.ifMatch ?? undefined,
      });
      // Withdrawn or closed: the breach may be reported again (a later, new procedure). Should the release fail, the
      // next opening takes the claim over (its holder is closed), so the command still succeeds.
      if (!opening && result.state.status === 'closed')
        await this.claims.release(procedureId).catch(() => undefined);
      if (claimed) await this.claims.settle(procedureId).catch(() => undefined);
      return {
        procedureId,
        version: Number(result.version),
        position: result.position.toString(),
        state: result.state,
      };
    } catch (error) {
      // The claim goes only when nothing was written; after an unknown outcome it waits for the retry.
      if (claimed)
        await (
          isDefiniteRefusal(error) ? this.claims.release(procedureId) : this.claims.settle(procedureId)
        ).catch(() => undefined);
      if (error instanceof ConcurrencyError && context.ifMatch !== null) {
        throw new AppProblem(
          412,
          'VERSION_MISMATCH',
          'La procédure a été modifiée entre-temps',
          `Version attendue ${context.ifMatch}, version actuelle ${error.actual ?? 0}. Rechargez la procédure.`,
          { currentVersion: Number(error.actual ?? 0) },
        );
      }
      throw error;
    }
  }

  /** What the sanction rules need of the parcours, as of `date` (the command's own date). */
  private async parcoursFacts(parcoursId: string, date: string, today: string): Promise<ParcoursFacts> {
    const { state } = await loadParcours(this.store, parcoursId);
    if (state.status === 'none') throw new DomainError('PARCOURS_NOT_FOUND');
    // The DTOs guarantee a real date (a malformed one never reaches here); today's facts are a safe fallback.
    return sanctionFacts(state, isValidDate(date) ? date : today, this.rules);
  }
}
