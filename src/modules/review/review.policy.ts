import { hasRole, type Resource, type Rule, type SignedIn, writes } from '../../core/actor.ts';

/**
 * Who may do what with submissions, calls for practices and reviews. `core/authz.ts` assembles
 * these rules with the other modules'; services and views ask `can(actor, action, resource)`.
 *
 *   can(author, 'submissions.review', { id: 3, ownerId: author.id })  // false: not one's own
 */
export const reviewPolicy = {
  /** Propose a practice: any account, or an API token with the write scope. */
  'submissions.create': (actor: SignedIn) => writes(actor),
  /** Read, change, submit or withdraw one's own submission; editors read every one. */
  'submissions.read': (actor: SignedIn, submission?: Resource) =>
    hasRole(actor, 'editor') || isOwner(actor, submission),
  'submissions.edit': (actor: SignedIn, submission?: Resource) =>
    writes(actor) && isOwner(actor, submission),
  /** The editorial queue: assign reviewers, decide, archive, open calls. */
  'submissions.manage': (actor: SignedIn) => actor.via === 'session' && hasRole(actor, 'editor'),
  'calls.manage': (actor: SignedIn) => actor.via === 'session' && hasRole(actor, 'editor'),
  /**
   * Be chosen to review a submission (`ownerId` is its author): reviewers and the editorial
   * staff, and never its author, who does not review their own work.
   */
  'submissions.review': (actor: SignedIn, submission?: Resource) =>
    hasRole(actor, 'reviewer') && submission?.ownerId !== actor.id,
  /** Be chosen as a reviewer. */
  'reviews.accept': (actor: SignedIn) => hasRole(actor, 'reviewer'),
  /** Declare a conflict and review: only the person the assignment is for. */
  'reviews.write': (actor: SignedIn, assignment?: Resource) =>
    actor.via === 'session' && isOwner(actor, assignment),
} satisfies Record<string, Rule>;

function isOwner(actor: SignedIn, resource: Resource | undefined): boolean {
  return resource?.ownerId !== undefined && resource.ownerId === actor.id;
}
