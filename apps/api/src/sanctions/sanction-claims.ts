import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Breach } from '@app/sanctions';
import { DataSource } from 'typeorm';
import { AppProblem } from '../http/problem';

/** How long a claim whose procedure does not exist yet counts as an opening in progress (not abandoned). */
const IN_FLIGHT_MS = 60_000;

export type ProcedureStatus = 'none' | 'open' | 'closed';

/**
 * One open sanction procedure per parcours and breach (docs/rules-sanctions.md S7): a unique row per
 * (parcours, breach), taken before the opening is appended and released when the procedure is withdrawn or closed.
 * A claim left by a closed procedure (a release that did not happen) or by an opening abandoned long ago is taken
 * over with a compare-and-set, so two openings racing for the same breach cannot both win.
 */
@Injectable()
export class SanctionClaims {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Claims (parcours, breach) for `procedureId`; `statusOf` reads a procedure's stream. Resolves `true` when this call
   * took the claim (the caller releases it if the opening then fails), `false` when `procedureId` already held it.
   * Throws 409 PROCEDURE_ALREADY_OPEN when another procedure holds it.
   */
  async claim(parcoursId: string, breach: Breach, procedureId: string, statusOf: (procedureId: string) => Promise<ProcedureStatus>): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const inserted: unknown[] = await this.db.query(
        `INSERT INTO app_sanction_claims (parcours_id, breach, procedure_id) VALUES ($1, $2, $3)
         ON CONFLICT (parcours_id, breach) DO NOTHING RETURNING procedure_id`,
        [parcoursId, breach, procedureId],
      );
      if (inserted.length === 1) return true;
      const [holder]: Array<{ procedure_id: string; claimed_at: Date }> = await this.db.query(
        `SELECT procedure_id, claimed_at FROM app_sanction_claims WHERE parcours_id = $1 AND breach = $2`,
        [parcoursId, breach],
      );
      if (!holder) continue; // released meanwhile: try again
      if (holder.procedure_id === procedureId) return false;
      const status = await statusOf(holder.procedure_id);
      const abandoned = status === 'none' && Date.now() - holder.claimed_at.getTime() > IN_FLIGHT_MS;
      if (status === 'open' || (status === 'none' && !abandoned)) {
        throw new AppProblem(
          409,
          'PROCEDURE_ALREADY_OPEN',
          'Une procédure de sanction est déjà ouverte pour ce manquement',
          'Ce parcours fait déjà l’objet d’une procédure ouverte pour ce manquement : poursuivez-la, ou retirez-la avant d’en ouvrir une autre.',
          { procedureId: holder.procedure_id },
        );
      }
      const taken: unknown[] = await this.db.query(
        `UPDATE app_sanction_claims SET procedure_id = $3, claimed_at = now()
         WHERE parcours_id = $1 AND breach = $2 AND procedure_id = $4 RETURNING procedure_id`,
        [parcoursId, breach, procedureId, holder.procedure_id],
      );
      if (taken.length === 1) return true;
    }
    throw new AppProblem(409, 'CONCURRENT_MODIFICATION', 'Modification concurrente', 'Réessayez dans un instant.');
  }

  /** Frees the breach of a procedure that closed (or whose opening failed). */
  async release(procedureId: string): Promise<void> {
    await this.db.query(`DELETE FROM app_sanction_claims WHERE procedure_id = $1`, [procedureId]);
  }
}
