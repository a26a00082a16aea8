import { type Actor, hasRole, ROLES, type Role } from '../../core/authz.ts';

/** Small named rules about accounts, tested on their own. */
export const accountPolicy = {
  /** Admins manage everyone's role but their own (an admin cannot lock the site out by accident). */
  canChangeRole(actor: Actor, target: { id: number }): boolean {
    return hasRole(actor, 'admin') && actor.kind === 'user' && actor.id !== target.id;
  },
  canListUsers(actor: Actor): boolean {
    return hasRole(actor, 'admin');
  },
  canViewAudit(actor: Actor): boolean {
    return hasRole(actor, 'admin');
  },
  isRole(value: string): value is Role {
    return (ROLES as readonly string[]).includes(value);
  },
};
