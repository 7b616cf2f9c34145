import { Controller, Get, HttpStatus, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, type AuthenticatedRequest } from '../auth/auth.guard';
import { readProjectionStatus, type EventStore } from '@app/event-store';
import { EVENT_STORE, PROJECTION_NAMES } from '@app/platform';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

type Check = { status: 'up' | 'down'; error?: string };

@ApiTags('Exploitation')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'État du service (up, degraded, down) ; pour un administrateur, aussi la base, le magasin d’événements et le retard des projections',
  })
  async health(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const database = await this.check(() => this.dataSource.query('SELECT 1'));
    const eventStore: Check & { kind: string } = {
      kind: this.store.kind,
      ...(await this.check(() => this.store.ping())),
    };
    let projections: Array<Record<string, unknown>> = [];
    if (database.status === 'up' && eventStore.status === 'up') {
      const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
      projections = (await readProjectionStatus(pool, this.store, PROJECTION_NAMES).catch(() => [])).map(
        (p) => ({
          name: p.name,
          status: p.status,
          position: p.position.toString(),
          lag: Number(p.lag),
          error: p.error,
          // Events parked for their stream: that case's read model waits; every other case is up to date.
          parked: p.parked.map((e) => ({
            position: e.position.toString(),
            streamId: e.streamId,
            type: e.type,
            error: e.error,
            parkedAt: e.parkedAt,
          })),
        }),
      );
    }
    const down = database.status === 'down' || eventStore.status === 'down';
    const failed = projections.some((p) => p.status === 'retrying' || (p.parked as unknown[]).length > 0);
    const status = down ? 'down' : failed ? 'degraded' : 'up';
    res.status(down ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK);
    // Projection errors name cases and positions, connection errors name hosts: the details are for admins only.
    if (req.user?.role !== 'admin') {
      res.json({ status });
      return;
    }
    res.json({ status, database, eventStore, projections });
  }

  private async check(probe: () => Promise<unknown>): Promise<Check> {
    try {
      await Promise.race([
        probe(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
      ]);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: error instanceof Error ? error.message : String(error) };
    }
  }
}
