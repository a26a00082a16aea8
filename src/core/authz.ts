/**
 * Who is asking, and what they may do. Every route declares an access rule (checked by a hook
 * before anything else runs, and by a test that enumerates every route); finer rules about
 * particular records are small named functions in each module's policy, called by services.
 */
export const ROLES = ['member', 'contributor', 'reviewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type Actor =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      id: number;
      role: Role;
      name: string;
      /** How the request was authenticated; an API token carries scopes. */
      via: 'session' | 'token';
      scopes: readonly ('read' | 'write')[];
    };

export const ANONYMOUS: Actor = { kind: 'anonymous' };

/**
 * Route access rules.
 * - public: anyone.
 * - signed-in: any account (session).
 * - editor: editors and admins. admin: admins only.
 * - api-write: an API token with the write scope, or a signed-in session.
 */
export const ACCESS_RULES = ['public', 'signed-in', 'editor', 'admin', 'api-write'] as const;
export type AccessRule = (typeof ACCESS_RULES)[number];

const RANK: Record<Role, number> = { member: 0, contributor: 1, reviewer: 2, editor: 3, admin: 4 };

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.kind === 'user' && RANK[actor.role] >= RANK[role];
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
