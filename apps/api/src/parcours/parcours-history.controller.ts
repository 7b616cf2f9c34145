import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '@app/platform';
import { AccessAudit } from '../audit/access-audit.service';
import { CurrentUser } from '../auth/current-user.decorator';
import { isCriBound, type AuthenticatedUser } from '../auth/roles';
import { notFound } from '../http/problem';
import { evolveParcours, isParcoursId, parcoursStreamId } from './parcours-stream';
import { fold } from '@app/event-store';
import { initialParcoursState } from '@app/parcours';

@ApiTags('Parcours — consultation')
@ApiBearerAuth()
@Controller('api/parcours')
export class ParcoursHistoryController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly audit: AccessAudit,
  ) {}

  @Get(':id/history')
  @ApiOperation({ summary: 'Historique du dossier : chaque événement avec son auteur et sa date' })
  async history(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    if (!isParcoursId(id)) throw notFound("Ce parcours n'existe pas.");
    const events = await this.store.readStream(parcoursStreamId(id));
    const state = fold(events, initialParcoursState, evolveParcours);
    if (state.status === 'none' || (isCriBound(user) && state.criCode !== user.cri)) throw notFound("Ce parcours n'existe pas.");
    await this.audit.record(user, { action: 'parcours.history', parcoursId: id, endpoint: `/api/parcours/${id}/history` });
    return {
      parcoursId: id,
      version: events.length,
      items: events.map((e) => ({
        type: e.type,
        version: Number(e.version),
        recordedAt: e.metadata.recordedAt,
        actor: { username: e.metadata.actor.username, role: e.metadata.actor.role, cri: e.metadata.actor.cri },
        data: e.data,
      })),
    };
  }
}
