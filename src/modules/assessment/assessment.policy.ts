import { hasRole, type Resource, type Rule, type SignedIn } from '../../core/actor.ts';

/**
 * Who fills in a city's self-assessment and who checks it. Speaking for a city needs membership of
 * its municipality, which only the database knows: the service finds it and passes the city as
 * the resource's `id` when the actor is one of its people (`ownerId` is then the actor).
 *
 *   can(official, 'assessments.fill', { id: 12, ownerId: official.id }) // true: their city
 *   can(editor, 'assessments.review')                                   // true
 */
export const assessmentPolicy = {
  /** Start, fill in, submit and share a city's assessment: its municipality's members, or an editor. */
  'assessments.fill': (actor: SignedIn, city?: Resource) =>
    actor.via === 'session' &&
    (hasRole(actor, 'editor') || (city?.ownerId !== undefined && city.ownerId === actor.id)),
  /** See the submitted assessments, ask the city a question, accept. */
  'assessments.review': (actor: SignedIn) => actor.via === 'session' && hasRole(actor, 'editor'),
} satisfies Record<string, Rule>;
