import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ROLES, type AuthenticatedUser, type Role } from './roles';
import { UserDirectory, type UserRecord } from './user-directory';

interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
  cri: string | null;
}

@Injectable()
export class AuthService implements OnModuleInit {
  private jwks: JWTVerifyGetKey | null = null;

  constructor(
    private readonly jwt: JwtService,
    private readonly users: UserDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const oidc = this.config.auth.oidc;
    if (oidc) {
      const jwksUrl = oidc.jwksUrl ?? `${oidc.issuer.replace(/\/$/, '')}/protocol/openid-connect/certs`;
      this.jwks = createRemoteJWKSet(new URL(jwksUrl));
    }
  }

  async login(username: string, password: string): Promise<{ accessToken: string; user: Omit<AuthenticatedUser, 'userId'> & { id: string } } | null> {
    const user = await this.users.authenticate(username, password);
    if (!user) return null;
    const claims: TokenClaims = { sub: user.id, username: user.username, role: user.role, cri: user.cri };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, user: { id: user.id, username: user.username, role: user.role, cri: user.cri } };
  }

  /** Verifies a bearer token: ours (HS256) or, when configured, one issued by the OIDC provider (JWKS). */
  async verify(token: string): Promise<AuthenticatedUser | null> {
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token);
      if (!(ROLES as readonly string[]).includes(claims.role)) return null;
      return { userId: claims.sub, username: claims.username, role: claims.role, cri: claims.cri ?? null };
    } catch {
      // not ours: maybe the identity provider's
    }
    if (!this.jwks || !this.config.auth.oidc) return null;
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: this.config.auth.oidc.issuer,
        ...(this.config.auth.oidc.audience ? { audience: this.config.auth.oidc.audience } : {}),
      });
      const role = (payload.jalon_role ?? payload.role) as string | undefined;
      const cri = (payload.jalon_cri ?? payload.cri ?? null) as string | null;
      const username = (payload.preferred_username ?? payload.sub) as string | undefined;
      if (!role || !(ROLES as readonly string[]).includes(role) || !username || !payload.sub) return null;
      if ((role === 'accompagnateur' || role === 'coordinateur') && !cri) return null;
      return { userId: payload.sub, username, role: role as Role, cri: role === 'accompagnateur' || role === 'coordinateur' ? cri : null };
    } catch {
      return null;
    }
  }

  findUser(username: string): UserRecord | undefined {
    return this.users.find(username);
  }
}
