import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CRI_CODES } from '@app/parcours';
import { APP_CONFIG, jwtSecret, type AppConfig } from '@app/platform';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { CRI_ROLES, ROLES, type AuthenticatedUser, type Role } from './roles';
import { SessionStore } from './sessions';
import { UserDirectory, type UserRecord } from './user-directory';

/** The issuer and audience of the tokens Jalon signs (a token of another system signed with the same secret is refused). */
const ISSUER = 'jalon';
const AUDIENCE = 'jalon-api';

export interface VerifiedToken {
  user: AuthenticatedUser;
  /** The identity provider's display name (claim `name`), for its users. */
  displayName?: string;
  /** Our session id (`jti`); null for a token of the OIDC provider. */
  sessionId: string | null;
}

/** `8h`, `30m`, `3600s`, `1d` in milliseconds (the format AUTH_JWT_TTL is validated against). */
export function durationMs(ttl: string): number {
  const match = /^(\d+)([smhd])$/.exec(ttl);
  if (!match) throw new Error(`not a duration: ${ttl}`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

@Injectable()
export class AuthService implements OnModuleInit {
  private jwks: JWTVerifyGetKey | null = null;
  /** Built once: deriving the HMAC key on every verification cost a fifth of a command's CPU. */
  private readonly key: KeyObject;
  private readonly ttlMs: number;

  constructor(
    private readonly users: UserDirectory,
    private readonly sessions: SessionStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = createSecretKey(Buffer.from(jwtSecret(config), 'utf8'));
    this.ttlMs = durationMs(config.auth.jwtTtl);
  }

  onModuleInit(): void {
    const oidc = this.config.auth.oidc;
    if (oidc) {
      const jwksUrl = oidc.jwksUrl ?? `${oidc.issuer.replace(/\/$/, '')}/protocol/openid-connect/certs`;
      this.jwks = createRemoteJWKSet(new URL(jwksUrl));
    }
  }

  /** Checks the password; on success opens a session and signs its token (HS256, `exp`, `jti` = the session). */
  async login(
    username: string,
    password: string,
  ): Promise<{ accessToken: string; user: Omit<AuthenticatedUser, 'userId'> & { id: string } } | null> {
    const user = await this.users.authenticate(username, password);
    if (!user) return null;
    const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const expiresAt = new Date(issuedAt.getTime() + this.ttlMs);
    const sessionId = randomUUID();
    await this.sessions.open({
      id: sessionId,
      userId: user.id,
      username: user.username,
      issuedAt,
      expiresAt,
    });
    const accessToken = await new SignJWT({ username: user.username, role: user.role, cri: user.cri })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setJti(sessionId)
      .setIssuedAt(issuedAt.getTime() / 1000)
      .setExpirationTime(expiresAt.getTime() / 1000)
      .sign(this.key);
    return { accessToken, user: { id: user.id, username: user.username, role: user.role, cri: user.cri } };
  }

  /**
   * A bearer token, ours or (when configured) the OIDC provider's, or null. Ours must carry `exp` and `jti`, name a
   * user the directory still has with the same id, role and CRI, and belong to a session that has not ended.
   * A CRI role without its CRI is refused (never read as regional).
   */
  async verify(token: string): Promise<VerifiedToken | null> {
    const ours = await jwtVerify(token, this.key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
    }).catch(() => null);
    if (ours) {
      const { payload } = ours;
      const record = typeof payload.username === 'string' ? this.users.find(payload.username) : undefined;
      if (
        !record ||
        record.id !== payload.sub ||
        record.role !== payload.role ||
        (record.cri ?? null) !== (payload.cri ?? null)
      )
        return null;
      if (CRI_ROLES.includes(record.role) && !record.cri) return null;
      if (!(await this.sessions.isActive(payload.jti!))) return null;
      return {
        user: { userId: record.id, username: record.username, role: record.role, cri: record.cri },
        sessionId: payload.jti!,
      };
    }
    if (!this.jwks || !this.config.auth.oidc) return null;
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: this.config.auth.oidc.issuer,
        requiredClaims: ['exp', 'sub'],
        ...(this.config.auth.oidc.audience ? { audience: this.config.auth.oidc.audience } : {}),
      });
      const role = payload.jalon_role ?? payload.role;
      const cri = payload.jalon_cri ?? payload.cri ?? null;
      const username = payload.preferred_username ?? payload.sub;
      if (!isRole(role) || typeof username !== 'string' || !payload.sub) return null;
      const bound = CRI_ROLES.includes(role);
      if (bound && (typeof cri !== 'string' || !(CRI_CODES as readonly string[]).includes(cri))) return null;
      const displayName =
        typeof payload.name === 'string' && payload.name.trim() ? payload.name.trim() : undefined;
      return {
        user: { userId: payload.sub, username, role, cri: bound ? (cri as string) : null },
        sessionId: null,
        ...(displayName ? { displayName } : {}),
      };
    } catch {
      return null;
    }
  }

  /** Logout: the session of this token ends (everywhere, within SESSION_CACHE_MS on other replicas). */
  async logout(sessionId: string, user: AuthenticatedUser): Promise<void> {
    await this.sessions.end(sessionId, user.username);
  }

  /** An admin ends every session of a user of the directory; null when the directory has no such user. */
  async revokeSessions(username: string, by: AuthenticatedUser): Promise<number | null> {
    const record = this.users.find(username);
    if (!record) return null;
    return this.sessions.endAllOf(record.id, by.username);
  }

  findUser(username: string): UserRecord | undefined {
    return this.users.find(username);
  }
}
