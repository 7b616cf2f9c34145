import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { CRI_CODES } from '@app/parcours';
import { hash, verify } from 'argon2';
import { readFileSync } from 'node:fs';
import { ROLES, type Role } from './roles';

export interface UserRecord {
  id: string;
  username: string;
  role: Role;
  cri: string | null;
  displayName?: string;
  /** argon2id hash (`$argon2id$…`). */
  passwordHash: string;
}

/** The demo users of api.md (password `demo`): development and tests only, off in production unless enabled. */
const DEMO_USERS: Array<Omit<UserRecord, 'passwordHash'>> = [
  { id: 'demo-admin', username: 'admin', role: 'admin', cri: null, displayName: 'Administratrice technique' },
  { id: 'demo-spw', username: 'spw', role: 'administration', cri: null, displayName: 'SPW Intérieur et Action sociale' },
  { id: 'demo-sanction', username: 'sanction', role: 'sanctioning-officer', cri: null, displayName: 'Agent sanctionnateur' },
  { id: 'demo-cai-aline', username: 'cai.aline', role: 'accompagnateur', cri: 'CAI', displayName: 'Aline (CAI Namur)' },
  { id: 'demo-cai-coord', username: 'cai.coord', role: 'coordinateur', cri: 'CAI', displayName: 'Coordination CAI Namur' },
  { id: 'demo-cripel-marc', username: 'cripel.marc', role: 'accompagnateur', cri: 'CRIPEL', displayName: 'Marc (CRIPEL Liège)' },
];

/** Validates a users file: `[{id, username, role, cri, passwordHash}]`; errors name the entry and the field. */
export function parseUsersFile(text: string, source: string): UserRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${source}: not valid JSON`);
  }
  if (!Array.isArray(parsed)) throw new Error(`${source}: expected a JSON array of users`);
  const seen = new Set<string>();
  return parsed.map((entry: Record<string, unknown>, i) => {
    const where = `${source}[${i}]`;
    if (typeof entry !== 'object' || entry === null) throw new Error(`${where}: not an object`);
    const { id, username, role, cri, passwordHash, displayName } = entry;
    if (typeof id !== 'string' || !id) throw new Error(`${where}.id: required string`);
    if (typeof username !== 'string' || !/^[\w.@-]{2,64}$/.test(username)) throw new Error(`${where}.username: 2–64 letters, digits, . _ @ -`);
    if (seen.has(username)) throw new Error(`${where}.username: duplicate "${username}"`);
    seen.add(username);
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new Error(`${where}.role: one of ${ROLES.join(', ')}`);
    const bound = role === 'accompagnateur' || role === 'coordinateur';
    if (bound && (typeof cri !== 'string' || !(CRI_CODES as readonly string[]).includes(cri))) {
      throw new Error(`${where}.cri: required for ${role}, one of ${CRI_CODES.join(', ')}`);
    }
    if (typeof passwordHash !== 'string' || !passwordHash.startsWith('$argon2')) throw new Error(`${where}.passwordHash: an argon2 hash`);
    return {
      id,
      username,
      role: role as Role,
      cri: bound ? (cri as string) : null,
      passwordHash,
      ...(typeof displayName === 'string' ? { displayName } : {}),
    };
  });
}

@Injectable()
export class UserDirectory implements OnModuleInit {
  private users = new Map<string, UserRecord>();
  /** Verifying an unknown user costs the same as a known one (no user enumeration by timing). */
  private decoyHash = '';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const users: UserRecord[] = [];
    if (this.config.auth.usersFile) {
      users.push(...parseUsersFile(readFileSync(this.config.auth.usersFile, 'utf8'), this.config.auth.usersFile));
    }
    if (this.config.auth.demoUsers) {
      const demoHash = await hash('demo');
      for (const user of DEMO_USERS) if (!users.some((u) => u.username === user.username)) users.push({ ...user, passwordHash: demoHash });
    }
    this.users = new Map(users.map((u) => [u.username, u]));
    this.decoyHash = await hash('decoy-password-never-matches');
  }

  async authenticate(username: string, password: string): Promise<UserRecord | null> {
    const user = this.users.get(username);
    const ok = await verify(user?.passwordHash ?? this.decoyHash, password).catch(() => false);
    return user && ok ? user : null;
  }

  find(username: string): UserRecord | undefined {
    return this.users.get(username);
  }
}
