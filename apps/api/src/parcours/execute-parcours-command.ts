import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConcurrencyError, handleCommand, isRecorded, type EventStore } from '@app/event-store';
import {
  decide,
  initialParcoursState,
  type ParcoursCommand,
  type ParcoursState,
  type RuleConfig,
} from '@app/parcours';
import { belgianDate, CLOCK, EVENT_STORE, RULES, type Clock } from '@app/platform';
import { isCriBound, type AuthenticatedUser } from '../auth/roles';
import { isDefiniteRefusal } from '../http/outcome';
import { AppProblem, notFound } from '../http/problem';
import type { CommandContext } from '../http/command-context';
import { AttestationNumbers } from './attestation-numbers';
import { NissRegistry } from './niss-registry';
import { evolveParcours, inScope, isParcoursId, loadParcours, parcoursStreamId } from './parcours-stream';

/** Any parcours command of api.md, as the domain's command, with who asks and how (If-Match, idempotency). */
export class ExecuteParcoursCommand {
  constructor(
    readonly parcoursId: string,
    readonly command:
      | ParcoursCommand
      | ((state: ParcoursState, context: CommandContext) => Promise<ParcoursCommand> | ParcoursCommand),
    readonly user: AuthenticatedUser,
    readonly context: CommandContext,
  ) {}
}

export interface ParcoursCommandResult {
  parcoursId: string;
  version: number;
  /** Global position of the command's last event (read-your-writes); '0' for a what-if. */
  position: string;
  state: ParcoursState;
  /** A what-if: the state as it would be; nothing was written or claimed. */
  dryRun?: true;
}

/**
 * The one command handler of the parcours: scope check, read → fold → decide → append (retried on conflict),
 * plus what needs more than one stream: the one-open-parcours-per-NISS claim and the attestation number.
 */
@CommandHandler(ExecuteParcoursCommand)
export class ExecuteParcoursCommandHandler implements ICommandHandler<
  ExecuteParcoursCommand,
  ParcoursCommandResult
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RULES) private readonly rules: RuleConfig,
    private readonly niss: NissRegistry,
    private readonly attestationNumbers: AttestationNumbers,
  ) {}

  async execute({
    parcoursId,
    command: given,
    user,
    context,
  }: ExecuteParcoursCommand): Promise<ParcoursCommandResult> {
    if (!isParcoursId(parcoursId)) throw notFound("Ce parcours n'existe pas.");
    if (context.dryRun) return this.preview(parcoursId, given, user, context);
    const loaded = typeof given === 'function' ? await loadParcours(this.store, parcoursId) : null;
    // A command already recorded answers its stored outcome (handleCommand): nothing to build, claim or number again.
    const recorded = loaded !== null && isRecorded(loaded.events, context.commandId);
    const command =
      typeof given === 'function'
        ? recorded
          ? PLACEHOLDER
          : await given(inScope(loaded!.state, user), context)
        : given;
    const claimedNiss = nissClaimedBy(command);
    checkOpeningCri(command, user);
    if (claimedNiss) {
      await this.niss
        .claim(
          claimedNiss,
          parcoursId,
          context.owner,
          async (holder) => (await loadParcours(this.store, holder)).state.status,
        )
        .catch((error: unknown) => this.withExistingCase(error, claimedNiss, user));
    }
    const numbered = command.type === 'IssueAttestation';
    try {
      const today = belgianDate(this.clock.now());
      const result = await handleCommand(this.store, {
        streamId: parcoursStreamId(parcoursId),
        initialState: initialParcoursState,
        evolve: evolveParcours,
        authorize: (state) => {
          if (command.type !== 'OpenParcours') inScope(state, user);
        },
        decide: (state) =>
          decide(command, command.type === 'OpenParcours' ? state : inScope(state, user), {
            today,
            rules: this.rules,
          }),
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
      if (claimedNiss) await this.niss.settle(claimedNiss, parcoursId).catch(() => undefined);
      // A corrected NISS: the person's former number no longer holds this parcours (the new one does).
      const formerNiss = loaded?.state.person?.niss ?? null;
      if (
        command.type === 'CorrectPerson' &&
        result.events.length > 0 &&
        formerNiss &&
        formerNiss !== claimedNiss
      )
        await this.niss.release(formerNiss, parcoursId).catch(() => undefined);
      if (numbered) await this.attestationNumbers.used(context.commandId).catch(() => undefined);
      return {
        parcoursId,
        version: Number(result.version),
        position: result.position.toString(),
        state: result.state,
      };
    } catch (error) {
      // Claims go only when nothing was written; after an unknown outcome they wait for the retry (docs/decisions/0017).
      const refused = isDefiniteRefusal(error);
      if (claimedNiss)
        await (
          refused ? this.niss.release(claimedNiss, parcoursId) : this.niss.settle(claimedNiss, parcoursId)
        ).catch(() => undefined);
      if (numbered)
        await (
          refused
            ? this.attestationNumbers.free(context.commandId)
            : this.attestationNumbers.settle(context.commandId)
        ).catch(() => undefined);
      if (error instanceof ConcurrencyError && context.ifMatch !== null)
        throw versionMismatch(context.ifMatch, error.actual ?? 0n);
      throw error;
    }
  }

  /**
   * A 409 PARCOURS_ALREADY_OPEN names the case that holds the NISS when the user may see it (api.md v2: the refusal
   * links to the existing case); otherwise it says nothing more (existence is not revealed across CRIs).
   */
  private async withExistingCase(error: unknown, niss: string, user: AuthenticatedUser): Promise<never> {
    if (error instanceof AppProblem && error.code === 'PARCOURS_ALREADY_OPEN') {
      const holder = await this.niss.holder(niss);
      const state = holder === null ? null : (await loadParcours(this.store, holder)).state;
      if (holder && state && state.status === 'open' && (!isCriBound(user) || state.criCode === user.cri))
        throw new AppProblem(
          409,
          error.code,
          error.title,
          'Un parcours ouvert existe déjà pour ce NISS : ouvrez-le plutôt que d’en créer un second.',
          { existingParcoursId: holder },
        );
    }
    throw error;
  }

  /**
   * What-if (api.md v2, `?dryRun=true`): the same checks and the same decision on the current state, then the state
   * as it would be — or the refusal the command would get. Nothing is appended, and nothing is claimed: the NISS is
   * only looked up, no attestation number is reserved, no idempotency key is stored (CommandInterceptor).
   */
  private async preview(
    parcoursId: string,
    given: ExecuteParcoursCommand['command'],
    user: AuthenticatedUser,
    context: CommandContext,
  ): Promise<ParcoursCommandResult> {
    const loaded = await loadParcours(this.store, parcoursId);
    const command = typeof given === 'function' ? await given(inScope(loaded.state, user), context) : given;
    checkOpeningCri(command, user);
    const state = command.type === 'OpenParcours' ? loaded.state : inScope(loaded.state, user);
    const niss = nissClaimedBy(command);
    if (niss)
      await this.niss.check(
        niss,
        parcoursId,
        async (holder) => (await loadParcours(this.store, holder)).state.status,
      );
    const version = BigInt(loaded.events.length);
    if (context.ifMatch !== null && context.ifMatch !== version)
      throw versionMismatch(context.ifMatch, version);
    const events = decide(command, state, { today: belgianDate(this.clock.now()), rules: this.rules });
    return {
      parcoursId,
      version: Number(version) + events.length,
      position: '0',
      state: events.reduce(evolveParcours, loaded.state),
      dryRun: true,
    };
  }

  /** Builds the IssueAttestation command with the number reserved for this command in the parcours' CRI sequence. */
  async attestationCommand(
    state: ParcoursState,
    issuedOn: string,
    context: CommandContext,
  ): Promise<ParcoursCommand> {
    const existing = state.attestation?.attestationNumber;
    if (context.dryRun) {
      // A preview reserves nothing: the number is shown as to be given at issuance.
      return { type: 'IssueAttestation', data: { issuedOn, attestationNumber: existing ?? PREVIEW_NUMBER } };
    }
    if (existing || state.status !== 'open') {
      // Already issued (or not open): decide refuses or records nothing; no number is reserved.
      return {
        type: 'IssueAttestation',
        data: { issuedOn, attestationNumber: existing ?? PLACEHOLDER.data.attestationNumber },
      };
    }
    // Refusals (requirements unmet) must not reserve a number: decide once with a placeholder (pure, free).
    decide(PLACEHOLDER_FOR(issuedOn), state, { today: belgianDate(this.clock.now()), rules: this.rules });
    const number = await this.attestationNumbers.reserve(
      {
        criCode: state.criCode || 'XX',
        issuedOn,
        commandId: context.commandId,
        parcoursId: state.parcoursId,
        owner: context.owner,
      },
      async (id) => {
        const { attestation, revokedAttestations } = (await loadParcours(this.store, id)).state;
        return [
          ...revokedAttestations.map((r) => r.attestationNumber),
          ...(attestation ? [attestation.attestationNumber] : []),
        ];
      },
    );
    return { type: 'IssueAttestation', data: { issuedOn, attestationNumber: number } };
  }
}

/** The NISS a command needs for itself (one open parcours per person): an opening's, or a corrected one. */
function nissClaimedBy(command: ParcoursCommand): string | null {
  if (command.type === 'OpenParcours') return command.data.person.niss ?? null;
  if (command.type === 'CorrectPerson') return command.data.changes.niss ?? null;
  return null;
}

/** Only a real opening for the user's own CRI (a CRI-bound user), checked before any claim. */
function checkOpeningCri(command: ParcoursCommand, user: AuthenticatedUser): void {
  if (command.type === 'OpenParcours' && isCriBound(user) && command.data.criCode !== user.cri)
    throw new AppProblem(
      403,
      'FORBIDDEN_CRI',
      'Action non autorisée',
      `Vous ne pouvez ouvrir un parcours que pour votre CRI (${user.cri}).`,
    );
}

const versionMismatch = (expected: bigint, actual: bigint): AppProblem =>
  new AppProblem(
    412,
    'VERSION_MISMATCH',
    'Le dossier a été modifié entre-temps',
    `Version attendue ${expected}, version actuelle ${actual}. Rechargez le dossier.`,
    { currentVersion: Number(actual) },
  );

/** The attestation number a preview shows: numbers are given only when the attestation is really issued. */
const PREVIEW_NUMBER = 'attribué à la délivrance';

const PLACEHOLDER_FOR = (issuedOn: string): ParcoursCommand => ({
  type: 'IssueAttestation',
  data: { issuedOn, attestationNumber: 'EN-ATTENTE' },
});
/** Stands for a command already recorded: handleCommand answers its stored outcome before deciding anything. */
const PLACEHOLDER = {
  type: 'IssueAttestation',
  data: { issuedOn: '1970-01-01', attestationNumber: 'EN-ATTENTE' },
} as const satisfies ParcoursCommand;
