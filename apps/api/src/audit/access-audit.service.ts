import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, type Clock } from '@app/platform';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/roles';

export interface AccessEntry {
  /** What was read: 'parcours.detail', 'parcours.history', 'document.attestation', 'export.compliance-csv', … */
  action: string;
  /** The case whose personal data was read; null for exports spanning many cases. */
  parcoursId: string | null;
  /** The HTTP path (without the query string, which may hold a name). */
  endpoint: string;
}

/** Records every read of personal data (who, when, which case, which endpoint) in the append-only audit table. */
@Injectable()
export class AccessAudit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(user: AuthenticatedUser, entry: AccessEntry): Promise<void> {
    await this.db.query(
      `INSERT INTO audit_access (at, user_id, username, role, cri, action, parcours_id, endpoint) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        this.clock.now(),
        user.userId,
        user.username,
        user.role,
        user.cri,
        entry.action,
        entry.parcoursId,
        entry.endpoint.split('?')[0],
      ],
    );
  }

  /** Several cases read at once (a list or an export): one row each. */
  async recordMany(
    user: AuthenticatedUser,
    action: string,
    parcoursIds: readonly string[],
    endpoint: string,
  ): Promise<void> {
    if (parcoursIds.length === 0) return;
    await this.db.query(
      `INSERT INTO audit_access (at, user_id, username, role, cri, action, parcours_id, endpoint)
       SELECT $1, $2, $3, $4, $5, $6, unnest($7::uuid[]), $8`,
      [
        this.clock.now(),
        user.userId,
        user.username,
        user.role,
        user.cri,
        action,
        parcoursIds,
        endpoint.split('?')[0],
      ],
    );
  }
}
