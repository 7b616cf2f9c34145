import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CommandOwners } from '../http/command-owners';
import { updateReturning } from '../infrastructure/sql';

type Reservation = { seq: string };

/**
 * Attestation numbers: `<CRI>-<year>-<6-digit sequence>`, one sequence per CRI and year, without gaps.
 *
 * A number is reserved for one command (its command id), before the command is decided: a retry of that command gets
 * the same number. When the command is certainly refused or loses a conflict, the number is freed and the next
 * issuance of that CRI and year takes the smallest free number, so a refusal leaves no gap. A reservation whose
 * request ended without an answer (crash, lost connection) and whose instance is over is checked against its
 * parcours: used if the parcours holds that number, freed otherwise.
 */
@Injectable()
export class AttestationNumbers {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly owners: CommandOwners,
  ) {}

  /**
   * The number of command `commandId` (reserved now, or the one it already has). `issuedNumbersOf` reads the
   * attestation numbers a parcours was issued (revoked ones included), to settle abandoned reservations.
   */
  async reserve(
    request: { criCode: string; issuedOn: string; commandId: string; parcoursId: string; owner: string },
    issuedNumbersOf: (parcoursId: string) => Promise<readonly string[]>,
  ): Promise<string> {
    const year = request.issuedOn.slice(0, 4);
    const name = `attestation:${request.criCode}:${year}`;
    const format = (seq: string | number) => `${request.criCode}-${year}-${String(seq).padStart(6, '0')}`;
    const mine: Array<{ sequence_name: string; seq: string }> = await updateReturning(
      this.db,
      `UPDATE app_attestation_numbers SET owner = $2, updated_at = now() WHERE command_id = $1 RETURNING sequence_name, seq`,
      [request.commandId, request.owner],
    );
    if (mine.length > 0) {
      const [, cri, y] = mine[0].sequence_name.split(':');
      return `${cri}-${y}-${mine[0].seq.padStart(6, '0')}`;
    }
    await this.settleAbandoned(name, format, issuedNumbersOf);
    for (let attempt = 0; attempt < 5; attempt++) {
      const reused: Reservation[] = await updateReturning(
        this.db,
        `UPDATE app_attestation_numbers SET state = 'reserved', command_id = $2, parcours_id = $3, owner = $4, updated_at = now()
          WHERE (sequence_name, seq) = (SELECT sequence_name, seq FROM app_attestation_numbers
                                         WHERE sequence_name = $1 AND state = 'free' ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING seq`,
        [name, request.commandId, request.parcoursId, request.owner],
      );
      if (reused.length > 0) return format(reused[0].seq);
      const created = await this.db
        .transaction(async (tx) => {
          const [counter]: Array<{ value: string }> = await tx.query(
            `INSERT INTO app_counters (name, value) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET value = app_counters.value + 1 RETURNING value`,
            [name],
          );
          const inserted: Reservation[] = await tx.query(
            `INSERT INTO app_attestation_numbers (sequence_name, seq, state, command_id, parcours_id, owner)
           VALUES ($1, $2, 'reserved', $3, $4, $5) ON CONFLICT (command_id) DO NOTHING RETURNING seq`,
            [name, counter.value, request.commandId, request.parcoursId, request.owner],
          );
          if (inserted.length === 0) throw new ReservedMeanwhile();
          return inserted[0].seq;
        })
        .catch((error: unknown) => {
          if (error instanceof ReservedMeanwhile) return null;
          throw error;
        });
      if (created !== null) return format(created);
      // A twin of the same command reserved meanwhile: its number is ours.
      const [twin]: Reservation[] = await this.db.query(
        `SELECT seq FROM app_attestation_numbers WHERE command_id = $1`,
        [request.commandId],
      );
      if (twin) return format(twin.seq);
    }
    throw new Error(`Could not reserve an attestation number for ${name}`);
  }

  /** The attestation was appended: its number is used for good. */
  async used(commandId: string): Promise<void> {
    await this.db.query(
      `UPDATE app_attestation_numbers SET state = 'used', owner = NULL, updated_at = now() WHERE command_id = $1`,
      [commandId],
    );
  }

  /** The issuance was certainly refused or lost a conflict: the number goes back to its sequence. */
  async free(commandId: string): Promise<void> {
    await this.db.query(
      `UPDATE app_attestation_numbers SET state = 'free', command_id = NULL, parcours_id = NULL, owner = NULL, updated_at = now()
        WHERE command_id = $1 AND state = 'reserved'`,
      [commandId],
    );
  }

  /** The outcome is unknown: the reservation stays for a retry, no longer owned by a running request. */
  async settle(commandId: string): Promise<void> {
    await this.db.query(`UPDATE app_attestation_numbers SET owner = NULL WHERE command_id = $1`, [commandId]);
  }

  private async settleAbandoned(
    name: string,
    format: (seq: string) => string,
    issuedNumbersOf: (parcoursId: string) => Promise<readonly string[]>,
  ): Promise<void> {
    const reserved: Array<{ seq: string; command_id: string; parcours_id: string; owner: string | null }> =
      await this.db.query(
        `SELECT seq, command_id, parcours_id, owner FROM app_attestation_numbers WHERE sequence_name = $1 AND state = 'reserved' ORDER BY seq`,
        [name],
      );
    for (const row of reserved) {
      if (await this.owners.isRunning(row.owner)) continue;
      // Every number the parcours was issued, revoked ones included: a revoked number stays used, never reissued.
      const issued = await issuedNumbersOf(row.parcours_id);
      if (issued.includes(format(row.seq))) await this.used(row.command_id);
      else await this.free(row.command_id);
    }
  }
}

class ReservedMeanwhile extends Error {}
