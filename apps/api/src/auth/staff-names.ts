import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UserDirectory } from './user-directory';

/** How a person of the staff is shown: « Aline Dupont (CAI) ». */
export interface StaffName {
  /** The key recorded on the case or the event (a username, or the user id of older cases). */
  readonly id: string;
  /** The user's username when the user is known (the same person may be recorded by username or by id). */
  readonly username: string | null;
  readonly displayName: string;
  readonly cri: string | null;
  /** What screens show: the display name and the CRI. */
  readonly label: string;
}

const REMEMBER_AGAIN_MS = 10 * 60_000;

/**
 * Display names of the staff, for every screen, dashboard, export and history: from the users directory (users file,
 * demo users), else from the profiles of identity-provider users as last seen (claim `name`). A key nobody knows is
 * shown as « Utilisateur inconnu » with its key, so that it can still be traced.
 */
@Injectable()
export class StaffNames {
  private readonly remembered = new Map<string, { at: number; fingerprint: string }>();

  constructor(
    private readonly directory: UserDirectory,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** Keeps the display name of a user of the identity provider (at most every 10 minutes per user, or when it changed). */
  async remember(user: {
    userId: string;
    username: string;
    role: string;
    cri: string | null;
    displayName?: string;
  }): Promise<void> {
    if (!user.displayName || this.directory.find(user.username)) return;
    const fingerprint = `${user.userId}|${user.displayName}|${user.role}|${user.cri ?? ''}`;
    const last = this.remembered.get(user.username);
    if (last && last.fingerprint === fingerprint && Date.now() - last.at < REMEMBER_AGAIN_MS) return;
    await this.db.query(
      `INSERT INTO app_user_profiles (username, user_id, display_name, role, cri, seen_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (username) DO UPDATE SET user_id = $2, display_name = $3, role = $4, cri = $5, seen_at = now()`,
      [user.username, user.userId, user.displayName.slice(0, 200), user.role, user.cri],
    );
    this.remembered.set(user.username, { at: Date.now(), fingerprint });
  }

  /** The names of these keys (usernames or user ids); nulls are skipped. */
  async names(keys: readonly (string | null | undefined)[]): Promise<Map<string, StaffName>> {
    const wanted = [...new Set(keys.filter((k): k is string => typeof k === 'string' && k.length > 0))];
    const found = new Map<string, StaffName>();
    const missing: string[] = [];
    for (const key of wanted) {
      const user = this.directory.findByUsernameOrId(key);
      if (user) found.set(key, staffName(key, user.username, user.displayName ?? user.username, user.cri));
      else missing.push(key);
    }
    if (missing.length > 0) {
      const rows: Array<{ username: string; user_id: string; display_name: string; cri: string | null }> =
        await this.db.query(
          `SELECT username, user_id, display_name, cri FROM app_user_profiles WHERE username = ANY($1::text[]) OR user_id = ANY($1::text[])`,
          [missing],
        );
      for (const key of missing) {
        const row = rows.find((r) => r.username === key || r.user_id === key);
        found.set(
          key,
          row
            ? staffName(key, row.username, row.display_name, row.cri)
            : {
                id: key,
                username: null,
                displayName: 'Utilisateur inconnu',
                cri: null,
                label: `Utilisateur inconnu (${key})`,
              },
        );
      }
    }
    return found;
  }

  /** Every key a case may record for this user: the username and the user id (older cases used the id). */
  aliases(key: string): string[] {
    const user = this.directory.findByUsernameOrId(key);
    return user ? [...new Set([user.username, user.id])] : [key];
  }

  async name(key: string | null | undefined): Promise<StaffName | null> {
    if (!key) return null;
    return (await this.names([key])).get(key) ?? null;
  }
}

export const staffName = (
  id: string,
  username: string | null,
  displayName: string,
  cri: string | null,
): StaffName => ({
  id,
  username,
  displayName,
  cri,
  label: cri ? `${displayName} (${cri})` : displayName,
});
