import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addYears } from '@app/parcours';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { DataSource } from 'typeorm';
import { ErasureService } from './erasure';

export interface RetentionItem {
  parcoursId: string;
  criCode: string;
  endedOn: string;
  endedBy: 'closure' | 'attestation';
  dueOn: string;
}

export interface RetentionReport {
  asOf: string;
  rule: string;
  dryRun: boolean;
  candidates: RetentionItem[];
  erased: number;
}

const SYSTEM_ACTOR = { userId: 'system-retention', username: 'retention', role: 'admin' as const, cri: null };

/**
 * Retention: a parcours' personal data is erased N years (JALON_RETENTION_YEARS, default 10) after it ended — its
 * closure or, when it was not closed, its attestation. Open parcours without attestation are never due.
 * Candidates come from the case read model; each is erased through the same path as a requested erasure.
 */
@Injectable()
export class RetentionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly erasure: ErasureService,
  ) {}

  get rule(): string {
    return `Effacement ${this.config.retention.yearsAfterEnd} ans après la clôture ou, à défaut, l'attestation`;
  }

  async due(asOf: string): Promise<RetentionItem[]> {
    const years = this.config.retention.yearsAfterEnd;
    const rows: Array<{
      parcours_id: string;
      cri_code: string;
      ended_on: string;
      ended_by: 'closure' | 'attestation';
    }> = await this.db.query(
      `SELECT r.parcours_id, r.cri_code,
              to_char(COALESCE(r.closed_on, r.attestation_issued_on), 'YYYY-MM-DD') AS ended_on,
              CASE WHEN r.closed_on IS NOT NULL THEN 'closure' ELSE 'attestation' END AS ended_by
         FROM rm_parcours_v1 r
        WHERE COALESCE(r.closed_on, r.attestation_issued_on) IS NOT NULL
          AND COALESCE(r.closed_on, r.attestation_issued_on) + make_interval(years => $2::int) <= $1::date
          AND NOT EXISTS (SELECT 1 FROM pd_subject_keys k WHERE k.subject_id = r.parcours_id::text AND k.erased_at IS NOT NULL)
        ORDER BY 3, 1`,
      [asOf, years],
    );
    return rows.map((r) => ({
      parcoursId: r.parcours_id,
      criCode: r.cri_code,
      endedOn: r.ended_on,
      endedBy: r.ended_by,
      dueOn: addYears(r.ended_on, years),
    }));
  }

  async run(
    asOf: string,
    dryRun: boolean,
    onProgress?: (done: number, total: number) => void,
  ): Promise<RetentionReport> {
    const candidates = await this.due(asOf);
    let erased = 0;
    if (!dryRun) {
      for (const item of candidates) {
        const outcome = await this.erasure.erase(item.parcoursId, asOf, 'retention-expired', SYSTEM_ACTOR);
        if (!outcome.alreadyErased) erased += 1;
        onProgress?.(erased, candidates.length);
      }
    }
    return { asOf, rule: this.rule, dryRun, candidates, erased };
  }
}
