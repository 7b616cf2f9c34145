import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConcurrencyError, handleCommand, type EventStore } from '@app/event-store';
import { decide, initialParcoursState, type ParcoursCommand, type ParcoursState, type RuleConfig } from '@app/parcours';
import { belgianDate, CLOCK, EVENT_STORE, RULES, type Clock } from '@app/platform';
import { isCriBound, type AuthenticatedUser } from '../auth/roles';
import { AppProblem, notFound } from '../http/problem';
import type { CommandContext } from '../http/command-context';
import { AttestationNumbers } from './attestation-numbers';
import { NissRegistry } from './niss-registry';
import { evolveParcours, inScope, isParcoursId, loadParcours, parcoursStreamId } from './parcours-stream';

/** Any parcours command of api.md, as the domain's command, with who asks and how (If-Match, idempotency). */
export class ExecuteParcoursCommand {
  constructor(
    readonly parcoursId: string,
    readonly command: ParcoursCommand | ((state: ParcoursState) => Promise<ParcoursCommand> | ParcoursCommand),
    readonly user: AuthenticatedUser,
    readonly context: CommandContext,
  ) {}
}

export interface ParcoursCommandResult {
  parcoursId: string;
  version: number;
  state: ParcoursState;
}

/**
 * The one command handler of the parcours: scope check, read → fold → decide → append (retried on conflict),
 * plus what needs more than one stream: the one-open-parcours-per-NISS claim and the attestation number.
 */
@CommandHandler(ExecuteParcoursCommand)
export class ExecuteParcoursCommandHandler implements ICommandHandler<ExecuteParcoursCommand, ParcoursCommandResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RULES) private readonly rules: RuleConfig,
    private readonly niss: NissRegistry,
    private readonly attestationNumbers: AttestationNumbers,
  ) {}

  async execute({ parcoursId, command: given, user, context }: ExecuteParcoursCommand): Promise<ParcoursCommandResult> {
    if (!isParcoursId(parcoursId)) throw notFound("Ce parcours n'existe pas.");
    const command = typeof given === 'function' ? await given(inScope((await loadParcours(this.store, parcoursId)).state, user)) : given;
    const claimedNiss = command.type === 'OpenParcours' ? (command.data.person.niss ?? null) : null;
    if (command.type === 'OpenParcours' && isCriBound(user) && command.data.criCode !== user.cri) {
      throw new AppProblem(403, 'FORBIDDEN_CRI', 'Action non autorisée', `Vous ne pouvez ouvrir un parcours que pour votre CRI (${user.cri}).`);
    }
    if (claimedNiss) {
      await this.niss.claim(claimedNiss, parcoursId, async (holder) => (await loadParcours(this.store, holder)).state.status);
    }
    try {
      const today = belgianDate(this.clock.now());
      const result = await handleCommand(this.store, {
        streamId: parcoursStreamId(parcoursId),
        initialState: initialParcoursState,
        evolve: evolveParcours,
        decide: (state) => {
          return decide(command, command.type === 'OpenParcours' ? state : inScope(state, user), { today, rules: this.rules });
        },
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
      return { parcoursId, version: Number(result.version), state: result.state };
    } catch (error) {
      if (claimedNiss) await this.niss.release(claimedNiss, parcoursId).catch(() => undefined);
      if (error instanceof ConcurrencyError && context.ifMatch !== null) {
        throw new AppProblem(412, 'VERSION_MISMATCH', 'Le dossier a été modifié entre-temps', `Version attendue ${context.ifMatch}, version actuelle ${error.actual ?? 0}. Rechargez le dossier.`, {
          currentVersion: Number(error.actual ?? 0),
        });
      }
      throw error;
    }
  }

  /** Builds the IssueAttestation command with the next number of the parcours' CRI. */
  async attestationCommand(state: ParcoursState, issuedOn: string): Promise<ParcoursCommand> {
    const existing = state.attestation?.attestationNumber;
    if (!existing && state.status === 'open') {
      // Refusals (requirements unmet, out of scope) must not consume a number: decide once with a placeholder (pure, free).
      decide({ type: 'IssueAttestation', data: { issuedOn, attestationNumber: 'EN-ATTENTE' } }, state, { today: belgianDate(this.clock.now()), rules: this.rules });
    }
    const number = existing ?? (await this.attestationNumbers.next(state.criCode || 'XX', issuedOn));
    return { type: 'IssueAttestation', data: { issuedOn, attestationNumber: number } };
  }
}
