import { hasRole, type Resource, type Rule, type SignedIn, writes } from '../../core/actor.ts';

/**
 * A city's profile, its figures (population, foreign-born share) with their sources and its
 * networks are kept by the editors and by the members of the city's municipality. `core/authz.ts`
 * assembles these rules with the other modules'.
 */
export const cityPolicy = {
  /**
   * Edit a city's profile, figures and networks: editors, and the members of its municipality
   * (`ownerId`: the service gives the reader's id when their municipality is in that city).
   */
  'cities.manage': (actor: SignedIn, city?: Resource) =>
    writes(actor) &&
    (hasRole(actor, 'editor') || (city?.ownerId !== undefined && city.ownerId === actor.id)),
} satisfies Record<string, Rule>;
