import { hasRole, type Resource, type Rule, type SignedIn } from '../../core/actor.ts';

/**
 * Who may take part in discussions, and who moderates them. `core/authz.ts` assembles these rules
 * with the other modules'; the discussion service asks `can(actor, action, resource)`.
 *
 *   can(author, 'discussions.readHeld', { id: 42, ownerId: author.id })  // true: their own
 *   can(editor, 'discussions.ban', { id: editor.id })                     // false: not oneself
 */
export const discussionPolicy = {
  /** Ask, comment, reply and report in the discussions of practices and recommendations. */
  'discussions.post': (actor: SignedIn) => actor.via === 'session',
  /** Approve, hide and restore comments; ban people from the discussions. */
  'discussions.moderate': (actor: SignedIn) => moderates(actor),
  /**
   * See a comment held for moderation in its thread (`ownerId` is its author): only its author,
   * who is told it waits; editors find it in the moderation queue instead.
   */
  'discussions.readHeld': (actor: SignedIn, comment?: Resource) =>
    comment?.ownerId !== undefined && comment.ownerId === actor.id,
  /** Publish without waiting for an editor, even a first post: the moderators themselves. */
  'discussions.postUnreviewed': (actor: SignedIn) => moderates(actor),
  /** Ban a person (`id` is their account) from the discussions: a moderator, never oneself. */
  'discussions.ban': (actor: SignedIn, person?: Resource) =>
    moderates(actor) && person?.id !== actor.id,
} satisfies Record<string, Rule>;

function moderates(actor: SignedIn): boolean {
  return actor.via === 'session' && hasRole(actor, 'editor');
}
