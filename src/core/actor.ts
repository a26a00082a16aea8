/**
 * Who is asking: the actor, the roles and their ranks. The modules' policies are written in
 * these terms; they live apart from `authz.ts` so that it can assemble the policies without an
 * import cycle.
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

export type SignedIn = Extract<Actor, { kind: 'user' }>;

export const ANONYMOUS: Actor = { kind: 'anonymous' };

const RANK: Record<Role, number> = { member: 0, contributor: 1, reviewer: 2, editor: 3, admin: 4 };

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.kind === 'user' && RANK[actor.role] >= RANK[role];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Changes come from a session, or from an API token that was given the write scope. */
export function writes(actor: SignedIn): boolean {
  return actor.via === 'session' || actor.scopes.includes('write');
}

/** The record an action is about, when it matters: its id, and who owns it. */
export interface Resource {
  id?: number;
  ownerId?: number;
}

/** One named rule: may this signed-in person do the action (on this record)? */
export type Rule = (actor: SignedIn, resource?: Resource) => boolean;
