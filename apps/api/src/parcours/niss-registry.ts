import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, masterKey, type AppConfig } from '@app/platform';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppProblem } from '../http/problem';

/** How long a claim whose parcours does not exist yet counts as an opening in progress (not abandoned). */
const IN_FLIGHT_MS = 60_000;

export type ClaimOutcome = { claimed: true } | { claimed: false; existingParcoursId: string };

/**
 * One open parcours per person: a unique claim per NISS, taken before the opening is appended and released if the
 * opening fails. A claim held by a closed parcours (or by an opening abandoned long ago) is taken over with a
 * compare-and-set, so two openings racing for the same NISS cannot both win. Only an HMAC of the NISS is stored.
 */
@Injectable()
export class NissRegistry {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = masterKey(config);
  }

  hash(niss: string): string {
    return createHmac('sha256', this.key).update(`niss:${niss}`).digest('hex');
  }

  /**
   * Claims `niss` for `parcoursId`. `statusOf` tells whether the current holder is still open.
   * Throws 409 PARCOURS_ALREADY_OPEN when another open parcours holds it.
   */
  async claim(niss: string, parcoursId: string, statusOf: (parcoursId: string) => Promise<'none' | 'open' | 'closed'>): Promise<void> {
    const hash = this.hash(niss);
    for (let attempt = 0; attempt < 5; attempt++) {
      const inserted: Array<{ parcours_id: string }> = await this.db.query(
        `INSERT INTO app_niss_claims (niss_hash, parcours_id) VALUES ($1, $2) ON CONFLICT (niss_hash) DO NOTHING RETURNING parcours_id`,
        [hash, parcoursId],
      );
      if (inserted.length === 1) return;
      const [holder]: Array<{ parcours_id: string; claimed_at: Date }> = await this.db.query(
        `SELECT parcours_id, claimed_at FROM app_niss_claims WHERE niss_hash = $1`,
        [hash],
      );
      if (!holder) continue; // released meanwhile: try again
      if (holder.parcours_id === parcoursId) return; // our own claim (a retried request)
      const status = await statusOf(holder.parcours_id);
      const abandoned = status === 'none' && Date.now() - holder.claimed_at.getTime() > IN_FLIGHT_MS;
      if (status === 'open' || (status === 'none' && !abandoned)) {
        throw new AppProblem(409, 'PARCOURS_ALREADY_OPEN', 'Un parcours est déjà ouvert pour cette personne', 'Un parcours ouvert existe déjà pour ce NISS.');
      }
      const taken = await this.db.query(
        `UPDATE app_niss_claims SET parcours_id = $2, claimed_at = now() WHERE niss_hash = $1 AND parcours_id = $3 RETURNING parcours_id`,
        [hash, parcoursId, holder.parcours_id],
      );
      if ((taken as unknown[]).length === 1) return;
    }
    throw new AppProblem(409, 'CONCURRENT_MODIFICATION', 'Modification concurrente', 'Réessayez dans un instant.');
  }

  async release(niss: string, parcoursId: string): Promise<void> {
    await this.db.query(`DELETE FROM app_niss_claims WHERE niss_hash = $1 AND parcours_id = $2`, [this.hash(niss), parcoursId]);
  }

  /** Erasure: the claim (a keyed hash of the NISS) goes with the person's data. */
  async releaseAllFor(parcoursId: string): Promise<void> {
    await this.db.query(`DELETE FROM app_niss_claims WHERE parcours_id = $1`, [parcoursId]);
  }
}
