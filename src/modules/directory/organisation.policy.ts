import { hasRole, type Resource, type Rule, type SignedIn, writes } from '../../core/actor.ts';

/**
 * Who may add organisations to the directory, edit them and vouch for them. `core/authz.ts`
 * assembles these rules with the other modules'.
 */
export const organisationPolicy = {
  /** Create an organisation in the directory: any account (it starts unverified). */
  'organisations.create': (actor: SignedIn) => writes(actor),
  /** Edit an organisation's profile: editors, and the organisation's own members (ownerId). */
  'organisations.edit': (actor: SignedIn, organisation?: Resource) =>
    writes(actor) &&
    (hasRole(actor, 'editor') ||
      (organisation?.ownerId !== undefined && organisation.ownerId === actor.id)),
  /**
   * Accept an invitation to join (`ownerId`: the account it was sent to): only its addressee, in
   * a session, so that nobody is enrolled without their own consent.
   */
  'organisations.acceptInvitation': (actor: SignedIn, invitation?: Resource) =>
    actor.via === 'session' && invitation?.ownerId === actor.id,
  /**
   * Change at once the profile of an organisation that published practices name (their pages
   * show its name and website): editors. Its members' changes wait for an editor's approval.
   */
  'organisations.editNamed': (actor: SignedIn) => writes(actor) && hasRole(actor, 'editor'),
  /** Ask to manage an organisation, with evidence an editor weighs: any account, in a session. */
  'organisations.claim': (actor: SignedIn) => actor.via === 'session' && writes(actor),
  /** Approve or reject members' changes and claims to manage; merge a duplicate into another. */
  'organisations.curate': (actor: SignedIn) => actor.via === 'session' && hasRole(actor, 'editor'),
  /** Give or take away the "verified" mark: editors, from a form or a token with the write scope. */
  'organisations.verify': (actor: SignedIn) => writes(actor) && hasRole(actor, 'editor'),
} satisfies Record<string, Rule>;
