import { hasRole, type Rule, type SignedIn } from '../../core/actor.ts';

/**
 * Who may see how the site itself is running. `core/authz.ts` assembles these rules with the other
 * modules'.
 */
export const systemPolicy = {
  /** The status page: this process, the database, the job queue, disk space, backups. */
  'system.status': (actor: SignedIn) => actor.via === 'session' && hasRole(actor, 'admin'),
} satisfies Record<string, Rule>;
