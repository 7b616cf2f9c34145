import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { CRI_CODES } from '@app/parcours';
import { DEMO_STAFF } from '@app/parcours/seed/reference';
import { hash, verify } from 'argon2';
import { readFileSync, statSync } from 'node:fs';
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

/**
 * The demo users of api.md (password `demo`): development and tests only, off in production unless enabled. Besides
 * the six of api.md, every accompagnateur of the demo population (DEMO_STAFF) is a demo user, so that every case of
 * the seed is assigned to someone with a name.
 */
const DEMO_USERS: Array<Omit<UserRecord, 'passwordHash'>> = [
  { id: 'demo-admin', username: 'admin', role: 'admin', cri: null, displayName: 'Administratrice technique' },
  {
    id: 'demo-spw',
    username: 'spw',
    role: 'administration',
    cri: null,
    displayName: 'SPW Intérieur et Action sociale',
  },
  {
    id: 'demo-sanction',
    username: 'sanction',
    role: 'sanctioning-officer',
    cri: null,
    displayName: 'Agent sanctionnateur',
  },
  {
    id: 'demo-cai-aline',
    username: 'cai.aline',
    role: 'accompagnateur',
    cri: 'CAI',
    displayName: 'Aline Dupont',
  },
  {
    id: 'demo-cai-coord',
    username: 'cai.coord',
    role: 'coordinateur',
    cri: 'CAI',
    displayName: 'Claire Martin',
  },
  {
    id: 'demo-cripel-marc',
    username: 'cripel.marc',
    role: 'accompagnateur',
    cri: 'CRIPEL',
    displayName: 'Marc Lejeune',
  },
  // The coordinator of the CRI a transferred case arrives in (it assigns it).
  {
    id: 'demo-cripel-coord',
    username: 'cripel.coord',
    role: 'coordinateur',
    cri: 'CRIPEL',
    displayName: 'Luc Renson',
  },
];
for (const [cri, people] of Object.entries(DEMO_STAFF)) {
  for (const { username, displayName } of people) {
    if (!DEMO_USERS.some((u) => u.username === username)) {
      DEMO_USERS.push({
        id: `demo-${username.replace('.', '-')}`,
        username,
        role: 'accompagnateur',
        cri,
        displayName,
      });
    }
  }
}

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
    if (typeof username !== 'string' || !/^[\w.@-]{2,64}$/.test(username))
      throw new Error(`${where}.username: 2–64 letters, digits, . _ @ -`);
    if (seen.has(username)) throw new Error(`${where}.username: duplicate "${username}"`);
    seen.add(username);
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role))
      throw new Error(`${where}.role: one of ${ROLES.join(', ')}`);
    const bound = role === 'accompagnateur' || role === 'coordinateur';
    if (bound && (typeof cri !== 'string' || !(CRI_CODES as readonly string[]).includes(cri))) {
      throw new Error(`${where}.cri: required for ${role}, one of ${CRI_CODES.join(', ')}`);
    }
    if (typeof passwordHash !== 'string' || !passwordHash.startsWith('$argon2'))
      throw new Error(`${where}.passwordHash: an argon2 hash`);
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

/** How often the users file is looked at again: a removed user or a changed role takes effect within this. */
export const DIRECTORY_REFRESH_MS = 10_000;

@Injectable()
export class UserDirectory implements OnModuleInit {
  private users = new Map<string, UserRecord>();
  /** Verifying an unknown user costs the same as a known one (no user enumeration by timing). */
  private decoyHash = '';
  private demoHash = '';
  private fileVersion = '';
  private checkedAt = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    if (this.config.auth.demoUsers) this.demoHash = await hash('demo');
    this.load();
    this.decoyHash = await hash('decoy-password-never-matches');
  }

  /** (Re)reads the users file; a file that became invalid keeps the last good directory (and says so in the error log). */
  private load(): void {
    const users: UserRecord[] = [];
    const file = this.config.auth.usersFile;
    if (file) {
      const stat = statSync(file);
      this.fileVersion = `${stat.mtimeMs}:${stat.size}`;
      users.push(...parseUsersFile(readFileSync(file, 'utf8'), file));
    }
    if (this.config.auth.demoUsers) {
      for (const user of DEMO_USERS)
        if (!users.some((u) => u.username === user.username))
          users.push({ ...user, passwordHash: this.demoHash });
    }
    this.users = new Map(users.map((u) => [u.username, u]));
    this.checkedAt = Date.now();
  }

  /** Picks up an edited users file (checked at most every DIRECTORY_REFRESH_MS). */
  private refresh(): void {
    const file = this.config.auth.usersFile;
    if (!file || Date.now() - this.checkedAt < DIRECTORY_REFRESH_MS) return;
    this.checkedAt = Date.now();
    try {
      const stat = statSync(file);
      if (`${stat.mtimeMs}:${stat.size}` !== this.fileVersion) this.load();
    } catch (error) {
      process.stderr.write(
        `Users file ${file} could not be read again, the previous users stay: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
  }

  async authenticate(username: string, password: string): Promise<UserRecord | null> {
    this.refresh();
    const user = this.users.get(username);
    const ok = await verify(user?.passwordHash ?? this.decoyHash, password).catch(() => false);
    return user && ok ? user : null;
  }

  find(username: string): UserRecord | undefined {
    this.refresh();
    return this.users.get(username);
  }

  /** A user by username or by id (older cases were assigned by user id). */
  findByUsernameOrId(key: string): UserRecord | undefined {
    this.refresh();
    return this.users.get(key) ?? [...this.users.values()].find((u) => u.id === key);
  }
}
