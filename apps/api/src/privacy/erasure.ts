import { Inject, Injectable } from '@nestjs/common';
import { EncryptingEventStore, handleCommand, type EventStore } from '@app/event-store';
import { initialParcoursState } from '@app/parcours';
import { CLOCK, EVENT_STORE, type Clock } from '@app/platform';
import { randomUUID } from 'node:crypto';
import type { AuthenticatedUser } from '../auth/roles';
import { NissRegistry } from '../parcours/niss-registry';
import { evolveParcours, parcoursStreamId } from '../parcours/parcours-stream';

export const ERASURE_REASONS = ['person-request', 'retention-expired', 'legal-obligation', 'other'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

export const PERSONAL_DATA_ERASED = 'PersonalDataErased';

export interface ErasureOutcome {
  parcoursId: string;
  version: number;
  /** Global position of the erasure event (read-your-writes). */
  position: string;
  alreadyErased: boolean;
}

/**
 * Erases a person's personal data: destroys their key first (so the data is unreadable even if what follows fails),
 * drops the NISS claim, then records `PersonalDataErased` on the parcours stream so read models purge what they hold.
 * Dates, hours, codes and statuses stay: statistics and deadlines are intact.
 */
@Injectable()
export class ErasureService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly niss: NissRegistry,
  ) {}

  async erase(
    parcoursId: string,
    decidedOn: string,
    reason: ErasureReason,
    actor: Pick<AuthenticatedUser, 'userId' | 'username' | 'role' | 'cri'>,
  ): Promise<ErasureOutcome> {
    if (!(this.store instanceof EncryptingEventStore))
      throw new Error('Erasure needs the encrypting event store');
    await this.store.subjectKeys.erase(parcoursId, reason);
    await this.niss.releaseAllFor(parcoursId);
    const commandId = randomUUID();
    const result = await handleCommand(this.store, {
      streamId: parcoursStreamId(parcoursId),
      initialState: { erased: false, exists: false, state: initialParcoursState },
      evolve: (s, e: { type: string; data: object }) => ({
        erased: s.erased || e.type === PERSONAL_DATA_ERASED,
        exists: true,
        state: evolveParcours(s.state, e as never),
      }),
      decide: (s) =>
        s.erased || !s.exists
          ? []
          : [{ type: PERSONAL_DATA_ERASED, data: { parcoursId, decidedOn, reason } }],
      commandId,
      metadata: {
        correlationId: commandId,
        causationId: null,
        actor: { ...actor },
        recordedAt: this.clock.now().toISOString(),
      },
    });
    return {
      parcoursId,
      version: Number(result.version),
      position: result.position.toString(),
      alreadyErased: result.events.length === 0,
    };
  }
}
