import { hasRole, type Rule, type SignedIn, writes } from '../../core/actor.ts';

/**
 * Recommendations are curated by the editors, from the web forms or with a write token.
 * `core/authz.ts` assembles these rules with the other modules'.
 */
export const recommendationPolicy = {
  'recommendations.manage': (actor: SignedIn) => writes(actor) && hasRole(actor, 'editor'),
} satisfies Record<string, Rule>;
