import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Attestation numbers: `<CRI>-<year>-<6-digit sequence>`, one sequence per CRI and year. */
@Injectable()
export class AttestationNumbers {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async next(criCode: string, issuedOn: string): Promise<string> {
    const year = issuedOn.slice(0, 4);
    const [row]: Array<{ value: string }> = await this.db.query(
      `INSERT INTO app_counters (name, value) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET value = app_counters.value + 1 RETURNING value`,
      [`attestation:${criCode}:${year}`],
    );
    return `${criCode}-${year}-${String(row.value).padStart(6, '0')}`;
  }
}
