import { hasRole, type Rule, type SignedIn } from '../../core/actor.ts';

/**
 * Who may write through the contact relay, and who deals with reports of its abuse.
 * `core/authz.ts` assembles these rules with the other modules'.
 */
export const contactPolicy = {
  /** Write to a person or an organisation through the site's contact relay (never by API token). */
  'contact.send': (actor: SignedIn) => actor.via === 'session',
  /** Read reports of abuse of the contact relay and bar senders from it. */
  'contact.moderate': (actor: SignedIn) => actor.via === 'session' && hasRole(actor, 'editor'),
} satisfies Record<string, Rule>;
