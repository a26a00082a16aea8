import { hasRole, type Rule, type SignedIn, writes } from '../../core/actor.ts';

/**
 * Events are curated by the editors, from the web forms or with an API token that has the write
 * scope. `core/authz.ts` assembles these rules with the other modules'.
 */
export const eventPolicy = {
  'events.manage': (actor: SignedIn) => writes(actor) && hasRole(actor, 'editor'),
} satisfies Record<string, Rule>;
