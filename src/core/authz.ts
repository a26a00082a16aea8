/**
 * Who is asking, and what they may do: the one place where authorization is decided.
 * - Every route declares an access rule (checked by a hook before anything else runs, and by a
 *   test that calls every route as every role).
 * - `can(actor, action, resource)` decides actions on particular records; services call it
 *   before they change anything, and views call it to show only what the reader may do.
 * - A module that owns its rules keeps them in its `*.policy.ts` (as review does); the policy
 *   below assembles them with the rules still kept here.
 */
import { reviewPolicy } from '../modules/review/review.policy.ts';
import { type Actor, hasRole, type Resource, type Rule, type SignedIn, writes } from './actor.ts';

// The actor and the roles are defined beside the rules' helpers; every importer finds them here.
export {
  type Actor,
  ANONYMOUS,
  hasRole,
  isRole,
  type Resource,
  ROLES,
  type Role,
} from './actor.ts';

/**
 * Route access rules.
 * - public: anyone.
 * - signed-in: any account (session).
 * - editor: editors and admins. admin: admins only.
 * - api-write: an API token with the write scope, or a signed-in session.
 */
export const ACCESS_RULES = ['public', 'signed-in', 'editor', 'admin', 'api-write'] as const;
export type AccessRule = (typeof ACCESS_RULES)[number];

const POLICY = {
  /** See and search every account. */
  'users.list': (actor: SignedIn) => hasRole(actor, 'admin'),
  /** Change another person's role; never one's own, so an admin cannot lock the site out. */
  'users.changeRole': (actor: SignedIn, target?: Resource) =>
    hasRole(actor, 'admin') && target?.id !== undefined && target.id !== actor.id,
  'audit.read': (actor: SignedIn) => hasRole(actor, 'admin'),
  /** The status page: this process, the database, the job queue, disk space, backups. */
  'system.status': (actor: SignedIn) => actor.via === 'session' && hasRole(actor, 'admin'),
  /**
   * Profile, address, password, sessions, API tokens, export and deletion of one's own account;
   * never through an API token, so a leaked token cannot take the account over.
   */
  'account.manage': (actor: SignedIn, account?: Resource) =>
    actor.via === 'session' && account?.id === actor.id,
  ...reviewPolicy,
  /** Start a new version of a published practice: editors, and whoever proposed it. */
  'practices.propose': (actor: SignedIn, practice?: Resource) =>
    writes(actor) &&
    (hasRole(actor, 'editor') ||
      (practice?.ownerId !== undefined && practice.ownerId === actor.id)),
  /**
   * Events, news, recommendations and the resource library are curated by the editors, from the
   * web forms or with an API token that has the write scope.
   */
  'events.manage': (actor: SignedIn) => writes(actor) && hasRole(actor, 'editor'),
  'news.manage': (actor: SignedIn) => writes(actor) && hasRole(actor, 'editor'),
  'recommendations.manage': (actor: SignedIn) => writes(actor) && hasRole(actor, 'editor'),
  'resources.manage': (actor: SignedIn) => writes(actor) && hasRole(actor, 'editor'),
  /** Create an organisation in the directory: any account (it starts unverified). */
  'organisations.create': (actor: SignedIn) => writes(actor),
  /** Edit an organisation's profile: editors, and the organisation's own members (ownerId). */
  'organisations.edit': (actor: SignedIn, organisation?: Resource) =>
    writes(actor) &&
    (hasRole(actor, 'editor') ||
      (organisation?.ownerId !== undefined && organisation.ownerId === actor.id)),
  /** Facts about cities (population, foreign-born share) with their sources, and their networks. */
  'cities.manage': (actor: SignedIn) => writes(actor) && hasRole(actor, 'editor'),
  /** Give or take away the "verified" mark. */
  'organisations.verify': (actor: SignedIn) => actor.via === 'session' && hasRole(actor, 'editor'),
  /** Ask, comment, reply and report in the discussions of practices and recommendations. */
  'discussions.post': (actor: SignedIn) => actor.via === 'session',
  /** Approve, hide and restore comments; ban people from the discussions. */
  'discussions.moderate': (actor: SignedIn) => actor.via === 'session' && hasRole(actor, 'editor'),
  /** Write to a person or an organisation through the site's contact relay (never by API token). */
  'contact.send': (actor: SignedIn) => actor.via === 'session',
  /** Read reports of abuse of the contact relay and bar senders from it. */
  'contact.moderate': (actor: SignedIn) => actor.via === 'session' && hasRole(actor, 'editor'),
} satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

export function can(actor: Actor, action: Action, resource?: Resource): boolean {
  return actor.kind === 'user' && POLICY[action](actor, resource);
}

export type AccessDecision = 'allow' | 'sign-in' | 'forbid';

export function decideAccess(rule: AccessRule, actor: Actor): AccessDecision {
  switch (rule) {
    case 'public':
      return 'allow';
    case 'signed-in':
      return actor.kind === 'user' && actor.via === 'session'
        ? 'allow'
        : actor.kind === 'user'
          ? 'forbid'
          : 'sign-in';
    case 'editor':
      if (actor.kind === 'anonymous') return 'sign-in';
      return actor.via === 'session' && hasRole(actor, 'editor') ? 'allow' : 'forbid';
    case 'admin':
      if (actor.kind === 'anonymous') return 'sign-in';
      return actor.via === 'session' && hasRole(actor, 'admin') ? 'allow' : 'forbid';
    case 'api-write':
      if (actor.kind === 'anonymous') return 'sign-in';
      return actor.via === 'session' || actor.scopes.includes('write') ? 'allow' : 'forbid';
  }
}
