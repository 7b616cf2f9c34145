import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Pool } from 'pg';

/** The person's personal data was erased: nothing personal may be written for them again. */
export class PersonalDataErasedError extends Error {
  override readonly name = 'PersonalDataErasedError';
  constructor(readonly subjectId: string) {
    super(`Personal data of subject ${subjectId} was erased`);
  }
}

export const aesGcmEncrypt = (key: Buffer, plaintext: Buffer, aad: string): Buffer => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
};

export const aesGcmDecrypt = (key: Buffer, sealed: Buffer, aad: string): Buffer => {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
};

export interface SubjectKeyStore {
  /** The subject's key, created on first use; throws PersonalDataErasedError once the subject was erased. */
  keyForWrite(subjectId: string): Promise<Buffer>;
  /** Keys of these subjects; an erased or unknown subject is absent from the map. */
  keysForRead(subjectIds: readonly string[]): Promise<Map<string, Buffer>>;
  /** Destroys the key for good; returns false when it was already erased. */
  erase(subjectId: string, reason: string): Promise<boolean>;
  isErased(subjectId: string): Promise<boolean>;
  close(): Promise<void>;
}

interface CacheEntry {
  key: Buffer | null;
  at: number;
}

/**
 * Per-person AES-256 keys in PostgreSQL (pd_subject_keys), each wrapped (AES-256-GCM) by the master key from
 * configuration. Keys are cached a few seconds only, so an erasure done by another process takes effect quickly.
 */
export class PostgresSubjectKeyStore implements SubjectKeyStore {
  private readonly pool: Pool;
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    connectionString: string,
    private readonly masterKey: Buffer,
    private readonly cacheMs = 5000,
  ) {
    if (masterKey.length !== 32) throw new Error('The master key must be 32 bytes');
    this.pool = new Pool({ connectionString, max: 4, application_name: 'jalon-keys' });
    this.pool.on('error', () => undefined);
  }

  private cached(subjectId: string): CacheEntry | undefined {
    const entry = this.cache.get(subjectId);
    if (entry && Date.now() - entry.at < this.cacheMs) return entry;
    if (entry) this.cache.delete(subjectId);
    return undefined;
  }

  private remember(subjectId: string, key: Buffer | null): void {
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(subjectId, { key, at: Date.now() });
  }

  private unwrap(subjectId: string, wrapped: Buffer): Buffer {
    return aesGcmDecrypt(this.masterKey, wrapped, `subject-key:${subjectId}`);
  }

  async keyForWrite(subjectId: string): Promise<Buffer> {
    const hit = this.cached(subjectId);
    if (hit) {
      if (!hit.key) throw new PersonalDataErasedError(subjectId);
      return hit.key;
    }
    const fresh = randomBytes(32);
    // Insert a new key unless the subject already has one, or was erased (the erased row stays, so no key is re-made).
    await this.pool.query(`INSERT INTO pd_subject_keys (subject_id, wrapped_key) VALUES ($1, $2) ON CONFLICT (subject_id) DO NOTHING`, [
      subjectId,
      aesGcmEncrypt(this.masterKey, fresh, `subject-key:${subjectId}`),
    ]);
    const { rows } = await this.pool.query<{ wrapped_key: Buffer | null }>('SELECT wrapped_key FROM pd_subject_keys WHERE subject_id = $1', [subjectId]);
    const wrapped = rows[0]?.wrapped_key ?? null;
    const key = wrapped ? this.unwrap(subjectId, wrapped) : null;
    this.remember(subjectId, key);
    if (!key) throw new PersonalDataErasedError(subjectId);
    return key;
  }

  async keysForRead(subjectIds: readonly string[]): Promise<Map<string, Buffer>> {
    const keys = new Map<string, Buffer>();
    const missing: string[] = [];
    for (const id of new Set(subjectIds)) {
      const hit = this.cached(id);
      if (hit) {
        if (hit.key) keys.set(id, hit.key);
      } else missing.push(id);
    }
    if (missing.length > 0) {
      const { rows } = await this.pool.query<{ subject_id: string; wrapped_key: Buffer | null }>(
        'SELECT subject_id, wrapped_key FROM pd_subject_keys WHERE subject_id = ANY($1::text[])',
        [missing],
      );
      const found = new Map(rows.map((r) => [r.subject_id, r.wrapped_key]));
      for (const id of missing) {
        const wrapped = found.get(id) ?? null;
        const key = wrapped ? this.unwrap(id, wrapped) : null;
        // Unknown subjects are not cached: their key may be created a moment later.
        if (found.has(id)) this.remember(id, key);
        if (key) keys.set(id, key);
      }
    }
    return keys;
  }

  async erase(subjectId: string, reason: string): Promise<boolean> {
    this.cache.delete(subjectId);
    const { rowCount } = await this.pool.query(
      `INSERT INTO pd_subject_keys (subject_id, wrapped_key, erased_at, erasure_reason) VALUES ($1, NULL, now(), $2)
       ON CONFLICT (subject_id) DO UPDATE SET wrapped_key = NULL, erased_at = now(), erasure_reason = EXCLUDED.erasure_reason
       WHERE pd_subject_keys.erased_at IS NULL`,
      [subjectId, reason],
    );
    this.remember(subjectId, null);
    return (rowCount ?? 0) > 0;
  }

  async isErased(subjectId: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ erased: boolean }>('SELECT erased_at IS NOT NULL AS erased FROM pd_subject_keys WHERE subject_id = $1', [subjectId]);
    return rows[0]?.erased ?? false;
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
