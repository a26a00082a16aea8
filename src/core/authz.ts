/**
 * Who is asking, and what they may do: the one place where authorization is decided.
 * - Every route declares an access rule (checked by a hook before anything else runs, and by a
 *   test that calls every route as every role).
 * - `can(actor, action, resource)` decides actions on particular records; services call it
 *   before they change anything, and views call it to show only what the reader may do.
 * - Each module keeps its rules in its `*.policy.ts`, written in the terms of `actor.ts` alone;
 *   this file assembles them. It is the one file of core that imports modules, and only their
 *   policies, which import nothing but `actor.ts`: no cycle can pass through it.
 */
import { accountPolicy } from '../modules/accounts/account.policy.ts';
import { assessmentPolicy } from '../modules/assessment/assessment.policy.ts';
import { cityPolicy } from '../modules/cities/city.policy.ts';
import { contactPolicy } from '../modules/contact/contact.policy.ts';
import { organisationPolicy } from '../modules/directory/organisation.policy.ts';
import { discussionPolicy } from '../modules/discussions/discussion.policy.ts';
import { eventPolicy } from '../modules/events/event.policy.ts';
import { resourcePolicy } from '../modules/library/resource.policy.ts';
import { peoplePolicy } from '../modules/people/people.policy.ts';
import { practicePolicy } from '../modules/practices/practice.policy.ts';
import { newsPolicy } from '../modules/press/news.policy.ts';
import { recommendationPolicy } from '../modules/recommendations/recommendation.policy.ts';
import { reviewPolicy } from '../modules/review/review.policy.ts';
import { systemPolicy } from '../modules/system/system.policy.ts';
import { translationPolicy } from '../modules/translations/translation.policy.ts';
import { type Actor, hasRole, type Resource, type Rule } from './actor.ts';

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
  ...accountPolicy,
  ...systemPolicy,
  ...reviewPolicy,
  ...practicePolicy,
  ...eventPolicy,
  ...newsPolicy,
  ...recommendationPolicy,
  ...resourcePolicy,
  ...organisationPolicy,
  ...cityPolicy,
  ...discussionPolicy,
  ...contactPolicy,
  ...peoplePolicy,
  ...translationPolicy,
  ...assessmentPolicy,
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
