import { hasRole, type Rule, type SignedIn } from '../../core/actor.ts';

/**
 * Who may take part in discussions, and who moderates them. `core/authz.ts` assembles these rules
 * with the other modules'.
 */
export const discussionPolicy = {
  /** Ask, comment, reply and report in the discussions of practices and recommendations. */
  'discussions.post': (actor: SignedIn) => actor.via === 'session',
  /** Approve, hide and restore comments; ban people from the discussions. */
  'discussions.moderate': (actor: SignedIn) => actor.via === 'session' && hasRole(actor, 'editor'),
} satisfies Record<string, Rule>;
