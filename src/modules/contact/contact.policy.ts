import { hasRole, type Resource, type Rule, type SignedIn } from '../../core/actor.ts';

/**
 * Who may write through the contact relay, to whom, and who deals with reports of its abuse.
 * `core/authz.ts` assembles these rules with the other modules'; the contact service asks
 * `can(actor, action, resource)`. A sender barred by an editor is refused by the service, which
 * finds the bar in the database.
 *
 *   can(person, 'contact.writeTo', { id: person.id })  // false: not to oneself
 */
export const contactPolicy = {
  /** Write to a person or an organisation through the site's contact relay (never by API token). */
  'contact.send': (actor: SignedIn) => actor.via === 'session',
  /** Write to one person (`id` is their account) through the relay: anyone but oneself. */
  'contact.writeTo': (actor: SignedIn, person?: Resource) =>
    actor.via === 'session' && person?.id !== actor.id,
  /** Read reports of abuse of the contact relay and bar senders from it. */
  'contact.moderate': (actor: SignedIn) => actor.via === 'session' && hasRole(actor, 'editor'),
} satisfies Record<string, Rule>;
