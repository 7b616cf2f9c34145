import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How long a replica believes what it read about a session; another replica's logout takes effect within this. */
export const SESSION_CACHE_MS = 5_000;
const CACHE_LIMIT = 20_000;

/**
 * The sessions of the tokens we issue (`auth_sessions`, shared by every api replica): one row per token, keyed by
 * its `jti`. A token is honoured only while its session exists and has not ended (logout, or an admin's revocation).
 */
@Injectable()
export class SessionStore {
  private readonly cache = new Map<string, { active: boolean; until: number }>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async open(session: {
    id: string;
    userId: string;
    username: string;
    issuedAt: Date;
    expiresAt: Date;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO auth_sessions (id, user_id, username, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [session.id, session.userId, session.username, session.issuedAt, session.expiresAt],
    );
    // Expired sessions are of no use to anyone: dropped as new ones open.
    await this.db.query(`DELETE FROM auth_sessions WHERE expires_at < now() - interval '1 day'`);
  }

  /** Whether the session is open (cached for SESSION_CACHE_MS). */
  async isActive(id: string): Promise<boolean> {
    const now = Date.now();
    const cached = this.cache.get(id);
    if (cached && cached.until > now) return cached.active;
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM auth_sessions WHERE id = $1 AND ended_at IS NULL AND expires_at > now()`,
      [id],
    );
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(id, { active: rows.length === 1, until: now + SESSION_CACHE_MS });
    return rows.length === 1;
  }

  /** Logout: ends this one session. */
  async end(id: string, by: string): Promise<void> {
    await this.db.query(
      `UPDATE auth_sessions SET ended_at = now(), ended_by = $2, end_reason = 'logout' WHERE id = $1 AND ended_at IS NULL`,
      [id, by],
    );
    this.cache.set(id, { active: false, until: Date.now() + SESSION_CACHE_MS });
  }

  /** Revocation: ends every open session of a user; returns how many were open. */
  async endAllOf(userId: string, by: string): Promise<number> {
    const ended: Array<{ id: string }> = await this.db.query(
      `UPDATE auth_sessions SET ended_at = now(), ended_by = $2, end_reason = 'revoked'
       WHERE user_id = $1 AND ended_at IS NULL AND expires_at > now() RETURNING id`,
      [userId, by],
    );
    for (const { id } of ended) this.cache.set(id, { active: false, until: Date.now() + SESSION_CACHE_MS });
    return ended.length;
  }
}
