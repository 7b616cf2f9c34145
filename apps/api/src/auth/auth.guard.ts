import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppProblem } from '../http/problem';
import { AuthService } from './auth.service';
import { CaseAccess } from './case-access';
import { StaffNames } from './staff-names';
import type { AuthenticatedUser, Role } from './roles';

const PUBLIC = 'jalon:public';
const ROLES_KEY = 'jalon:roles';
const OFFICER_KEY = 'jalon:sanctioning-officer';

/** No token needed (login, health, documents verification). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Only these roles may call the route (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * What the sanctioning officer may call besides the routes whose @Roles name it (docs/security.md, data
 * minimisation): `'any'` (their own profile, logout), or `{ caseParam }`, one parcours, only when a sanction procedure
 * exists for it (404 otherwise, like a case out of scope). Every other route answers the officer 403.
 */
export const SanctioningOfficer = (access: 'any' | { caseParam: string }) => SetMetadata(OFFICER_KEY, access);

export type AuthenticatedRequest = Request & { user?: AuthenticatedUser; sessionId?: string | null };

/** Global guard: a valid bearer token on every route not marked @Public, and the role the route asks for. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly cases: CaseAccess,
    private readonly staff: StaffNames,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC, targets);
    const header = request.headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : null;
    if (token) {
      const verified = await this.auth.verify(token);
      if (verified) {
        request.user = verified.user;
        request.sessionId = verified.sessionId;
        if (verified.displayName)
          await this.staff
            .remember({ ...verified.user, displayName: verified.displayName })
            .catch(() => undefined);
      } else if (!isPublic)
        throw new AppProblem(
          401,
          'INVALID_TOKEN',
          'Authentification requise',
          'Jeton invalide, expiré ou révoqué : reconnectez-vous.',
        );
    }
    if (isPublic) return true;
    if (!request.user)
      throw new AppProblem(
        401,
        'UNAUTHENTICATED',
        'Authentification requise',
        'Connectez-vous pour accéder à cette ressource.',
      );
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(request.user.role)) {
      throw new AppProblem(
        403,
        'FORBIDDEN',
        'Action non autorisée',
        `Cette action est réservée aux rôles : ${roles.join(', ')}.`,
      );
    }
    if (request.user.role === 'sanctioning-officer' && !roles?.includes('sanctioning-officer')) {
      await this.officerMay(
        request,
        this.reflector.getAllAndOverride<'any' | { caseParam: string } | undefined>(OFFICER_KEY, targets),
      );
    }
    return true;
  }

  /** Fails closed: a route that does not say the officer may call it answers 403. */
  private async officerMay(
    request: AuthenticatedRequest,
    access: 'any' | { caseParam: string } | undefined,
  ): Promise<void> {
    if (access === 'any') return;
    if (access === undefined) {
      throw new AppProblem(
        403,
        'FORBIDDEN',
        'Action non autorisée',
        "L'agent sanctionnateur ne consulte que les dossiers sanctionnables et ceux de ses procédures.",
      );
    }
    const id = request.params[access.caseParam];
    if (typeof id !== 'string' || !(await this.cases.hasSanctionProcedure(id))) {
      throw new AppProblem(404, 'NOT_FOUND', 'Introuvable', "Ce parcours n'existe pas.");
    }
  }
}
