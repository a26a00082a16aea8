import { describe, expect, it } from 'vitest';
import { accountPolicy } from '../modules/accounts/account.policy.ts';
import { type Actor, decideAccess, hasRole } from './authz.ts';

const session = (role: 'member' | 'editor' | 'admin', id = 1): Actor => ({
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

describe('account policy', () => {
  it('lets admins change roles, except their own', () => {
    expect(accountPolicy.canChangeRole(session('admin', 1), { id: 2 })).toBe(true);
    expect(accountPolicy.canChangeRole(session('admin', 1), { id: 1 })).toBe(false);
    expect(accountPolicy.canChangeRole(session('editor', 1), { id: 2 })).toBe(false);
    expect(accountPolicy.canChangeRole({ kind: 'anonymous' }, { id: 2 })).toBe(false);
  });

  it('shows the user list and the security log to admins only', () => {
    expect(accountPolicy.canListUsers(session('admin'))).toBe(true);
    expect(accountPolicy.canViewAudit(session('editor'))).toBe(false);
  });
});
