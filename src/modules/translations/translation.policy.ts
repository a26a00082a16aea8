import { hasRole, type Resource, type Rule, type SignedIn } from '../../core/actor.ts';

/**
 * Who translates practices, and who publishes translations. `core/authz.ts` assembles these rules
 * with the other modules'; the translation service asks `can(actor, action, resource)`.
 *
 *   can(member, 'translations.edit', { id: 5, ownerId: member.id })  // true: their own draft
 *   can(editor, 'translations.publish', { id: 5, ownerId: editor.id }) // false: not one's own
 */
export const translationPolicy = {
  /** Start a translation of a published practice (into a language declared in one's profile). */
  'translations.offer': (actor: SignedIn) => actor.via === 'session',
  /** Read, change and send a translation (`ownerId` is its translator): only its translator. */
  'translations.edit': (actor: SignedIn, offer?: Resource) =>
    actor.via === 'session' && offer?.ownerId !== undefined && offer.ownerId === actor.id,
  /** See the translations sent to the editors. */
  'translations.review': (actor: SignedIn) => editor(actor),
  /** Publish or send back a translation: an editor, never for their own translation. */
  'translations.publish': (actor: SignedIn, offer?: Resource) =>
    editor(actor) && offer?.ownerId !== actor.id,
} satisfies Record<string, Rule>;

function editor(actor: SignedIn): boolean {
  return actor.via === 'session' && hasRole(actor, 'editor');
}
