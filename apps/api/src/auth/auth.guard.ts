import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppProblem } from '../http/problem';
import { AuthService } from './auth.service';
import type { AuthenticatedUser, Role } from './roles';

const PUBLIC = 'jalon:public';
const ROLES_KEY = 'jalon:roles';

/** No token needed (login, health, documents verification). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Only these roles may call the route (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export type AuthenticatedRequest = Request & { user?: AuthenticatedUser };

/** Global guard: a valid bearer token on every route not marked @Public, and the role the route asks for. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC, targets);
    const header = request.headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : null;
    if (token) {
      const user = await this.auth.verify(token);
      if (user) request.user = user;
      else if (!isPublic) throw new AppProblem(401, 'INVALID_TOKEN', 'Authentification requise', 'Jeton invalide ou expiré : reconnectez-vous.');
    }
    if (isPublic) return true;
    if (!request.user) throw new AppProblem(401, 'UNAUTHENTICATED', 'Authentification requise', 'Connectez-vous pour accéder à cette ressource.');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(request.user.role)) {
      throw new AppProblem(403, 'FORBIDDEN', 'Action non autorisée', `Cette action est réservée aux rôles : ${roles.join(', ')}.`);
    }
    return true;
  }
}
