import type { Actor } from '@app/event-store';

export const ROLES = [
  'accompagnateur',
  'coordinateur',
  'administration',
  'sanctioning-officer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles bound to one CRI: they see and record only that CRI's parcours. */
export const CRI_ROLES: readonly Role[] = ['accompagnateur', 'coordinateur'];

export interface AuthenticatedUser extends Actor {
  role: Role;
}

export const isCriBound = (user: AuthenticatedUser): boolean => CRI_ROLES.includes(user.role);
