import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';

/** Whether the sanctioning officer has a reason to read a parcours: a sanction procedure exists (or is being opened) for it. */
@Injectable()
export class CaseAccess {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async hasSanctionProcedure(parcoursId: string): Promise<boolean> {
    if (!isUUID(parcoursId)) return false;
    // rm_sanctions_v1 lists every procedure, closed ones too; app_sanction_claims is written before an opening is
    // appended, so a procedure the projection has not applied yet already counts.
    const rows: unknown[] = await this.db.query(
      `SELECT 1 WHERE EXISTS (SELECT 1 FROM rm_sanctions_v1 WHERE parcours_id = $1)
                   OR EXISTS (SELECT 1 FROM app_sanction_claims WHERE parcours_id = $1)`,
      [parcoursId],
    );
    return rows.length === 1;
  }
}
