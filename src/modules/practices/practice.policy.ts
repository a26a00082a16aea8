import { hasRole, type Resource, type Rule, type SignedIn, writes } from '../../core/actor.ts';

/**
 * Who may change a published practice. `core/authz.ts` assembles these rules with the other
 * modules'.
 */
export const practicePolicy = {
  /** Start a new version of a published practice: editors, and whoever proposed it. */
  'practices.propose': (actor: SignedIn, practice?: Resource) =>
    writes(actor) &&
    (hasRole(actor, 'editor') ||
      (practice?.ownerId !== undefined && practice.ownerId === actor.id)),
} satisfies Record<string, Rule>;
