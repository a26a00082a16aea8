import { hasRole, type Rule, type SignedIn, writes } from '../../core/actor.ts';

/**
 * The resource library is curated by the editors, from the web forms or with a write token.
 * `core/authz.ts` assembles these rules with the other modules'.
 */
export const resourcePolicy = {
  'resources.manage': (actor: SignedIn) => writes(actor) && hasRole(actor, 'editor'),
} satisfies Record<string, Rule>;
