import { type Resource, type Rule, type SignedIn, writes } from '../../core/actor.ts';

/**
 * What a person may claim on their public profile. `core/authz.ts` assembles these rules with the
 * other modules'.
 *
 *   can(person, 'people.linkOrganisation', { id: 4, ownerId: person.id })  // a member of 4
 */
export const peoplePolicy = {
  /**
   * Link one's profile to an organisation of the directory (`ownerId`: the person, when they are
   * one of its members). Anyone else could claim to speak for any organisation, verified or not.
   */
  'people.linkOrganisation': (actor: SignedIn, organisation?: Resource) =>
    writes(actor) && organisation?.id !== undefined && organisation.ownerId === actor.id,
} satisfies Record<string, Rule>;
