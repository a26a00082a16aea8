import { describe, expect, it } from 'vitest';
import { type Actor, hasRole, isRole } from './actor.ts';
import { ACTIONS, can, decideAccess } from './authz.ts';

const session = (role: 'member' | 'reviewer' | 'editor' | 'admin', id = 1): Actor => ({
  kind: 'user',
  id,
  role,
  name: 'x',
  via: 'session',
  scopes: ['read', 'write'],
});
const token = (scopes: ('read' | 'write')[]): Actor => ({
  kind: 'user',
  id: 1,
  role: 'admin',
  name: 'x',
  via: 'token',
  scopes,
});

describe('access rules', () => {
  it('asks anonymous visitors to sign in for anything but public routes', () => {
    expect(decideAccess('public', { kind: 'anonymous' })).toBe('allow');
    for (const rule of ['signed-in', 'editor', 'admin', 'api-write'] as const)
      expect(decideAccess(rule, { kind: 'anonymous' })).toBe('sign-in');
  });

  it('ranks roles: admins can do what editors can', () => {
    expect(decideAccess('editor', session('member'))).toBe('forbid');
    expect(decideAccess('editor', session('editor'))).toBe('allow');
    expect(decideAccess('editor', session('admin'))).toBe('allow');
    expect(decideAccess('admin', session('editor'))).toBe('forbid');
    expect(hasRole(session('admin'), 'reviewer')).toBe(true);
  });

  it('keeps API tokens to the API: never the account pages, writes only with the write scope', () => {
    expect(decideAccess('signed-in', token(['read', 'write']))).toBe('forbid');
    expect(decideAccess('admin', token(['read', 'write']))).toBe('forbid');
    expect(decideAccess('api-write', token(['read']))).toBe('forbid');
    expect(decideAccess('api-write', token(['read', 'write']))).toBe('allow');
  });
});

describe('can(actor, action, resource)', () => {
  it('lets admins change roles, except their own', () => {
    expect(can(session('admin', 1), 'users.changeRole', { id: 2 })).toBe(true);
    expect(can(session('admin', 1), 'users.changeRole', { id: 1 })).toBe(false);
    expect(can(session('admin', 1), 'users.changeRole')).toBe(false);
    expect(can(session('editor', 1), 'users.changeRole', { id: 2 })).toBe(false);
  });

  it('shows the user list and the security log to admins only', () => {
    expect(can(session('admin'), 'users.list')).toBe(true);
    expect(can(session('editor'), 'users.list')).toBe(false);
    expect(can(session('admin'), 'audit.read')).toBe(true);
    expect(can(session('editor'), 'audit.read')).toBe(false);
    expect(can(session('admin'), 'system.status')).toBe(true);
    expect(can(session('editor'), 'system.status')).toBe(false);
    expect(can(token(['read', 'write']), 'system.status')).toBe(false);
  });

  it('lets people manage their own account only, and never through an API token', () => {
    expect(can(session('member', 7), 'account.manage', { id: 7 })).toBe(true);
    expect(can(session('admin', 7), 'account.manage', { id: 8 })).toBe(false);
    expect(can(token(['read', 'write']), 'account.manage', { id: 1 })).toBe(false);
  });

  it('keeps submissions to their author and the editors; writes need the write scope', () => {
    const author = session('member', 7);
    expect(can(author, 'submissions.create')).toBe(true);
    expect(can(token(['read']), 'submissions.create')).toBe(false);
    expect(can(token(['read', 'write']), 'submissions.create')).toBe(true);
    expect(can(author, 'submissions.read', { id: 3, ownerId: 7 })).toBe(true);
    expect(can(author, 'submissions.read', { id: 3, ownerId: 8 })).toBe(false);
    expect(can(author, 'submissions.edit', { id: 3, ownerId: 8 })).toBe(false);
    expect(can(session('editor', 1), 'submissions.read', { id: 3, ownerId: 8 })).toBe(true);
    // Editors decide, but the text is the author's: they do not edit someone else's draft.
    expect(can(session('editor', 1), 'submissions.edit', { id: 3, ownerId: 8 })).toBe(false);
    expect(can(author, 'submissions.manage')).toBe(false);
    expect(can(session('editor'), 'submissions.manage')).toBe(true);
    expect(can(token(['read', 'write']), 'submissions.manage')).toBe(false);
  });

  it('lets a reviewer act only on an assignment that is theirs', () => {
    const reviewer = session('reviewer', 5);
    expect(can(reviewer, 'reviews.accept')).toBe(true);
    expect(can(session('member', 5), 'reviews.accept')).toBe(false);
    expect(can(reviewer, 'reviews.write', { id: 1, ownerId: 5 })).toBe(true);
    expect(can(reviewer, 'reviews.write', { id: 1, ownerId: 6 })).toBe(false);
    expect(can(session('admin', 1), 'reviews.write', { id: 1, ownerId: 6 })).toBe(false);
  });

  it('lets the proposer and the editors start a new version of a practice', () => {
    expect(can(session('member', 7), 'practices.propose', { id: 1, ownerId: 7 })).toBe(true);
    expect(can(session('member', 7), 'practices.propose', { id: 1, ownerId: 8 })).toBe(false);
    expect(can(session('member', 7), 'practices.propose', { id: 1 })).toBe(false);
    expect(can(session('editor', 1), 'practices.propose', { id: 1 })).toBe(true);
  });

  it('lets the editors and the members of a city’s municipality manage its profile', () => {
    expect(can(session('member', 7), 'cities.manage', { id: 3, ownerId: 7 })).toBe(true);
    expect(can(session('member', 7), 'cities.manage', { id: 3 })).toBe(false);
    expect(can(session('member', 7), 'cities.manage', { id: 3, ownerId: 8 })).toBe(false);
    expect(can(session('editor', 1), 'cities.manage', { id: 3 })).toBe(true);
    const readOnly: Actor = {
      kind: 'user',
      id: 7,
      role: 'member',
      name: 'x',
      via: 'token',
      scopes: ['read'],
    };
    expect(can(readOnly, 'cities.manage', { id: 3, ownerId: 7 })).toBe(false);
  });

  it('allows nothing to anonymous visitors', () => {
    for (const action of ACTIONS) expect(can({ kind: 'anonymous' }, action, { id: 1 })).toBe(false);
  });

  it('knows the roles', () => {
    expect(isRole('reviewer')).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
