import { hasRole, type Rule, type SignedIn, writes } from '../../core/actor.ts';

/**
 * Facts about cities (population, foreign-born share) with their sources, and their networks, are
 * kept by the editors. `core/authz.ts` assembles these rules with the other modules'.
 */
export const cityPolicy = {
  'cities.manage': (actor: SignedIn) => writes(actor) && hasRole(actor, 'editor'),
} satisfies Record<string, Rule>;
