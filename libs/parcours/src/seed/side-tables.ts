/**
 * The application tables a seeded population must agree with, written after the streams:
 * - app_niss_claims: one open parcours per NISS (the api refuses a second opening for a seeded person);
 * - app_counters: attestation sequences, moved past the numbers the seed used so the api never reissues one.
 * `hashNiss` is the api's keyed hash (HMAC with the master key, see apps/api/src/parcours/niss-registry.ts).
 */
import type { SeedSideData } from './writer';

export type SqlQuery = (sql: string, params: unknown[]) => Promise<unknown>;

const CHUNK = 5000;

export async function writeSeedSideTables(
  query: SqlQuery,
  side: SeedSideData,
  hashNiss: (niss: string) => string,
): Promise<void> {
  for (let i = 0; i < side.nissClaims.length; i += CHUNK) {
    const chunk = side.nissClaims.slice(i, i + CHUNK);
    await query(
      `INSERT INTO app_niss_claims (niss_hash, parcours_id) SELECT * FROM unnest($1::text[], $2::uuid[]) ON CONFLICT (niss_hash) DO NOTHING`,
      [chunk.map(([niss]) => hashNiss(niss)), chunk.map(([, parcoursId]) => parcoursId)],
    );
  }
  if (side.attestationCounters.size > 0) {
    await query(
      `INSERT INTO app_counters (name, value) SELECT * FROM unnest($1::text[], $2::bigint[])
       ON CONFLICT (name) DO UPDATE SET value = GREATEST(app_counters.value, EXCLUDED.value)`,
      [[...side.attestationCounters.keys()], [...side.attestationCounters.values()].map(String)],
    );
  }
}
