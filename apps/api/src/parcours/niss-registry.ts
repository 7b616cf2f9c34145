import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, masterKey, type AppConfig } from '@app/platform';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CommandOwners } from '../http/command-owners';
import { AppProblem } from '../http/problem';
import { updateReturning } from '../infrastructure/sql';

export type ClaimOutcome = { claimed: true } | { claimed: false; existingParcoursId: string };

/**
 * One open parcours per person: a unique claim per NISS, taken before the opening is appended, with the request as
 * its owner. It is released only when the opening is certainly refused (nothing written); after an unknown outcome it
 * stays, so the same parcours' retry finds it (and its stored opening), and nobody else can open a second parcours for
 * the person. A claim held by a closed parcours, or by an opening that never reached its stream and whose request is
 * over or whose instance died (CommandOwners — never by age), is taken over with a compare-and-set, so two openings
 * racing for the same NISS cannot both win. Only an HMAC of the NISS is stored.
 */
@Injectable()
export class NissRegistry {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly owners: CommandOwners,
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
  async claim(
    niss: string,
    parcoursId: string,
    owner: string,
    statusOf: (parcoursId: string) => Promise<'none' | 'open' | 'closed'>,
  ): Promise<void> {
    const hash = this.hash(niss);
    for (let attempt = 0; attempt < 5; attempt++) {
      const inserted: Array<{ parcours_id: string }> = await this.db.query(
        `INSERT INTO app_niss_claims (niss_hash, parcours_id, owner) VALUES ($1, $2, $3) ON CONFLICT (niss_hash) DO NOTHING RETURNING parcours_id`,
        [hash, parcoursId, owner],
      );
      if (inserted.length === 1) return;
      const [holder]: Array<{ parcours_id: string; owner: string | null }> = await this.db.query(
        `SELECT parcours_id, owner FROM app_niss_claims WHERE niss_hash = $1`,
        [hash],
      );
      if (!holder) continue; // released meanwhile: try again
      if (holder.parcours_id === parcoursId) {
        // Our own claim (a retried request): this request owns it now.
        await this.db.query(
          `UPDATE app_niss_claims SET owner = $2 WHERE niss_hash = $1 AND parcours_id = $3`,
          [hash, owner, parcoursId],
        );
        return;
      }
      const status = await statusOf(holder.parcours_id);
      const abandoned =
        status === 'closed' || (status === 'none' && !(await this.owners.isRunning(holder.owner)));
      if (!abandoned) throw alreadyOpen();
      const taken: unknown[] = await updateReturning(
        this.db,
        `UPDATE app_niss_claims SET parcours_id = $2, claimed_at = now(), owner = $4 WHERE niss_hash = $1 AND parcours_id = $3 RETURNING parcours_id`,
        [hash, parcoursId, holder.parcours_id, owner],
      );
      if (taken.length === 1) return;
    }
    throw new AppProblem(
      409,
      'CONCURRENT_MODIFICATION',
      'Modification concurrente',
      'Réessayez dans un instant.',
    );
  }

  /** The parcours that holds this NISS, if any (to point a user to the case already open). */
  async holder(niss: string): Promise<string | null> {
    const [row]: Array<{ parcours_id: string }> = await this.db.query(
      `SELECT parcours_id FROM app_niss_claims WHERE niss_hash = $1`,
      [this.hash(niss)],
    );
    return row?.parcours_id ?? null;
  }

  /**
   * What `claim` would answer, without claiming (a what-if opening): 409 PARCOURS_ALREADY_OPEN when another parcours
   * that is open, or being opened by a running request, holds the NISS.
   */
  async check(
    niss: string,
    parcoursId: string,
    statusOf: (parcoursId: string) => Promise<'none' | 'open' | 'closed'>,
  ): Promise<void> {
    const [holder]: Array<{ parcours_id: string; owner: string | null }> = await this.db.query(
      `SELECT parcours_id, owner FROM app_niss_claims WHERE niss_hash = $1`,
      [this.hash(niss)],
    );
    if (!holder || holder.parcours_id === parcoursId) return;
    const status = await statusOf(holder.parcours_id);
    if (status === 'open' || (status === 'none' && (await this.owners.isRunning(holder.owner))))
      throw alreadyOpen();
  }

  /** The opening is over (appended, or its outcome unknown): the claim stays, no longer owned by a running request. */
  async settle(niss: string, parcoursId: string): Promise<void> {
    await this.db.query(`UPDATE app_niss_claims SET owner = NULL WHERE niss_hash = $1 AND parcours_id = $2`, [
      this.hash(niss),
      parcoursId,
    ]);
  }

  /** The opening was certainly refused (nothing written): the person may be opened again at once. */
  async release(niss: string, parcoursId: string): Promise<void> {
    await this.db.query(`DELETE FROM app_niss_claims WHERE niss_hash = $1 AND parcours_id = $2`, [
      this.hash(niss),
      parcoursId,
    ]);
  }

  /** Erasure: the claim (a keyed hash of the NISS) goes with the person's data. */
  async releaseAllFor(parcoursId: string): Promise<void> {
    await this.db.query(`DELETE FROM app_niss_claims WHERE parcours_id = $1`, [parcoursId]);
  }
}

const alreadyOpen = (): AppProblem =>
  new AppProblem(
    409,
    'PARCOURS_ALREADY_OPEN',
    'Un parcours est déjà ouvert pour cette personne',
    'Un parcours ouvert existe déjà pour ce NISS.',
  );
