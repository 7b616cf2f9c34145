import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Breach } from '@app/sanctions';
import { DataSource } from 'typeorm';
import { CommandOwners } from '../http/command-owners';
import { AppProblem } from '../http/problem';
import { updateReturning } from '../infrastructure/sql';

export type ProcedureStatus = 'none' | 'open' | 'closed';

/**
 * One open sanction procedure per parcours and breach (docs/rules-sanctions.md S7): a unique row per
 * (parcours, breach), taken before the opening is appended and released when the procedure is withdrawn or closed.
 * It is released when the opening is certainly refused (nothing written), never after an unknown outcome. A claim
 * left by a closed procedure (a release that did not happen), or by an opening that never reached its stream and
 * whose request is over or whose instance died (CommandOwners — never by age), is taken over with a compare-and-set,
 * so two openings racing for the same breach cannot both win.
 */
@Injectable()
export class SanctionClaims {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly owners: CommandOwners,
  ) {}

  /**
   * Claims (parcours, breach) for `procedureId`; `statusOf` reads a procedure's stream. Resolves `true` when this call
   * took the claim (the caller releases it if the opening then fails), `false` when `procedureId` already held it.
   * Throws 409 PROCEDURE_ALREADY_OPEN when another procedure holds it.
   */
  async claim(
    parcoursId: string,
    breach: Breach,
    procedureId: string,
    owner: string,
    statusOf: (procedureId: string) => Promise<ProcedureStatus>,
  ): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const inserted: unknown[] = await this.db.query(
        `INSERT INTO app_sanction_claims (parcours_id, breach, procedure_id, owner) VALUES ($1, $2, $3, $4)
         ON CONFLICT (parcours_id, breach) DO NOTHING RETURNING procedure_id`,
        [parcoursId, breach, procedureId, owner],
      );
      if (inserted.length === 1) return true;
      const [holder]: Array<{ procedure_id: string; owner: string | null }> = await this.db.query(
        `SELECT procedure_id, owner FROM app_sanction_claims WHERE parcours_id = $1 AND breach = $2`,
        [parcoursId, breach],
      );
      if (!holder) continue; // released meanwhile: try again
      if (holder.procedure_id === procedureId) {
        // Our own claim (a retried opening): this request owns it now, and releases it if it is certainly refused.
        await this.db.query(`UPDATE app_sanction_claims SET owner = $2 WHERE procedure_id = $1`, [
          procedureId,
          owner,
        ]);
        return true;
      }
      const status = await statusOf(holder.procedure_id);
      const abandoned =
        status === 'closed' || (status === 'none' && !(await this.owners.isRunning(holder.owner)));
      if (!abandoned) {
        throw new AppProblem(
          409,
          'PROCEDURE_ALREADY_OPEN',
          'Une procédure de sanction est déjà ouverte pour ce manquement',
          'Ce parcours fait déjà l’objet d’une procédure ouverte pour ce manquement : poursuivez-la, ou retirez-la avant d’en ouvrir une autre.',
          { procedureId: holder.procedure_id },
        );
      }
      const taken: unknown[] = await updateReturning(
        this.db,
        `UPDATE app_sanction_claims SET procedure_id = $3, claimed_at = now(), owner = $5
         WHERE parcours_id = $1 AND breach = $2 AND procedure_id = $4 RETURNING procedure_id`,
        [parcoursId, breach, procedureId, holder.procedure_id, owner],
      );
      if (taken.length === 1) return true;
    }
    throw new AppProblem(
      409,
      'CONCURRENT_MODIFICATION',
      'Modification concurrente',
      'Réessayez dans un instant.',
    );
  }

  /** The opening is over (appended, or its outcome unknown): the claim stays, no longer owned by a running request. */
  async settle(procedureId: string): Promise<void> {
    await this.db.query(`UPDATE app_sanction_claims SET owner = NULL WHERE procedure_id = $1`, [procedureId]);
  }

  /** Frees the breach of a procedure that closed (or whose opening was certainly refused). */
  async release(procedureId: string): Promise<void> {
    await this.db.query(`DELETE FROM app_sanction_claims WHERE procedure_id = $1`, [procedureId]);
  }
}
