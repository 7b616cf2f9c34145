import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Failed (or still running) logins counted over this window. */
export const LOGIN_WINDOW_MINUTES = 15;
/** One username, from any address: password guessing on one account. */
export const LOGIN_LIMIT_PER_USERNAME = 10;
/** One address, whatever the usernames: password spraying over many accounts. */
export const LOGIN_LIMIT_PER_ADDRESS = 30;

export type LoginAttempt =
  { id: string; allowed: true } | { id: string; allowed: false; retryAfterSeconds: number };

/**
 * Login limits kept in PostgreSQL (`auth_login_attempts`), so every api replica counts the same attempts.
 *
 * Each attempt counts the ones before it in the window and is written (`pending` while its password is checked);
 * concurrent tries on the same username or address wait for each other. Successful logins do not count; refused ones neither (the
 * limit lifts LOGIN_WINDOW_MINUTES after the last real failure).
 */
@Injectable()
export class LoginLimiter {
  private lastCleanup = 0;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async begin(username: string, address: string): Promise<LoginAttempt> {
    await this.cleanup();
    // Attempts on one username, and from one address, are serialised (transaction-scoped advisory locks, always taken
    // in that order): each one counts every attempt before it, so a burst cannot slip past the limit.
    const row = await this.db.transaction(async (tx) => {
      await tx.query(
        `SELECT pg_advisory_xact_lock(hashtext('login-user:' || $1)), pg_advisory_xact_lock(hashtext('login-address:' || $2))`,
        [username, address],
      );
      const [counted]: Array<{ by_username: string; by_address: string; oldest: Date | null }> =
        await tx.query(
          `SELECT (SELECT count(*) FROM auth_login_attempts WHERE username = $1 AND at > now() - $3::interval AND outcome IN ('pending', 'failure')) AS by_username,
                (SELECT count(*) FROM auth_login_attempts WHERE address = $2 AND at > now() - $3::interval AND outcome IN ('pending', 'failure')) AS by_address,
                (SELECT min(at) FROM auth_login_attempts WHERE (username = $1 OR address = $2) AND at > now() - $3::interval
                   AND outcome IN ('pending', 'failure')) AS oldest`,
          [username, address, `${LOGIN_WINDOW_MINUTES} minutes`],
        );
      const allowed =
        Number(counted!.by_username) < LOGIN_LIMIT_PER_USERNAME &&
        Number(counted!.by_address) < LOGIN_LIMIT_PER_ADDRESS;
      const [inserted]: Array<{ id: string }> = await tx.query(
        `INSERT INTO auth_login_attempts (username, address, outcome) VALUES ($1, $2, $3) RETURNING id`,
        [username, address, allowed ? 'pending' : 'refused'],
      );
      return { id: inserted!.id, allowed, oldest: counted!.oldest };
    });
    if (row.allowed) return { id: row.id, allowed: true };
    const oldest = row.oldest ? row.oldest.getTime() : Date.now();
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((oldest + LOGIN_WINDOW_MINUTES * 60_000 - Date.now()) / 1000),
    );
    return { id: row.id, allowed: false, retryAfterSeconds };
  }

  async finish(id: string, outcome: 'success' | 'failure' | 'refused'): Promise<void> {
    await this.db.query(`UPDATE auth_login_attempts SET outcome = $2 WHERE id = $1`, [id, outcome]);
  }

  /** Attempts older than a day are of no use: dropped at most once a minute per process. */
  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < 60_000) return;
    this.lastCleanup = Date.now();
    await this.db.query(`DELETE FROM auth_login_attempts WHERE at < now() - interval '1 day'`);
  }
}
