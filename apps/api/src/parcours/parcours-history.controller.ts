import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '@app/platform';
import { AccessAudit } from '../audit/access-audit.service';
import { SanctioningOfficer } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthenticatedUser } from '../auth/roles';
import { loadParcoursInScope } from './parcours-stream';
import { StaffNames } from '../auth/staff-names';
import { CANCELLATION_REASON_LABELS, type CancellationReason } from '@app/parcours';

@ApiTags('Parcours — consultation')
@ApiBearerAuth()
@Controller('api/parcours')
export class ParcoursHistoryController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly audit: AccessAudit,
    private readonly staff: StaffNames,
  ) {}

  @Get(':id/history')
  @SanctioningOfficer({ caseParam: 'id' })
  @ApiOperation({ summary: 'Historique du dossier : chaque événement avec son auteur et sa date' })
  async history(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    const { events } = await loadParcoursInScope(this.store, id, user);
    await this.audit.record(user, {
      action: 'parcours.history',
      parcoursId: id,
      endpoint: `/api/parcours/${id}/history`,
    });
    const names = await this.staff.names(events.map((e) => e.metadata.actor.username));
    const actor = (e: (typeof events)[number]) => ({
      username: e.metadata.actor.username,
      role: e.metadata.actor.role,
      cri: e.metadata.actor.cri,
      displayName: names.get(e.metadata.actor.username)?.displayName ?? e.metadata.actor.username,
      label: names.get(e.metadata.actor.username)?.label ?? e.metadata.actor.username,
    });
    // A cancelled entry stays in the history, marked with who cancelled it, when and why (api.md v2).
    const cancellations = new Map(
      events
        .filter((e) => e.type === 'EntryCancelled')
        .map((e) => {
          const data = e.data as {
            version: number;
            reason: string;
            note: string | null;
            cancelledOn: string;
          };
          return [
            data.version,
            {
              version: Number(e.version),
              reason: data.reason,
              reasonLabel: CANCELLATION_REASON_LABELS[data.reason as CancellationReason] ?? data.reason,
              note: data.note,
              cancelledOn: data.cancelledOn,
              recordedAt: e.metadata.recordedAt,
              actor: actor(e),
            },
          ] as const;
        }),
    );
    return {
      parcoursId: id,
      version: events.length,
      items: events.map((e) => ({
        type: e.type,
        version: Number(e.version),
        recordedAt: e.metadata.recordedAt,
        actor: actor(e),
        data: e.data,
        cancelled: cancellations.get(Number(e.version)) ?? null,
      })),
    };
  }
}
