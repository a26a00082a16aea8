import { hasRole, type Resource, type Rule, type SignedIn } from '../../core/actor.ts';

/**
 * Who may see and change accounts: people their own, administrators the others. `core/authz.ts`
 * assembles these rules with the other modules'.
 */
export const accountPolicy = {
  /** See and search every account. */
  'users.list': (actor: SignedIn) => hasRole(actor, 'admin'),
  /** Change another person's role; never one's own, so an admin cannot lock the site out. */
  'users.changeRole': (actor: SignedIn, target?: Resource) =>
    hasRole(actor, 'admin') && target?.id !== undefined && target.id !== actor.id,
  'audit.read': (actor: SignedIn) => hasRole(actor, 'admin'),
  /**
   * Profile, address, password, sessions, API tokens, export and deletion of one's own account;
   * never through an API token, so a leaked token cannot take the account over.
   */
  'account.manage': (actor: SignedIn, account?: Resource) =>
    actor.via === 'session' && account?.id === actor.id,
} satisfies Record<string, Rule>;
