import { describe, expect, it } from 'vitest';
import type { SignedIn } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import { contactPolicy } from './contact.policy.ts';

const person = (
  role: SignedIn['role'],
  id: number,
  via: SignedIn['via'] = 'session',
): SignedIn => ({
  kind: 'user',
  id,
  role,
  name: 'x',
  via,
  scopes: ['read', 'write'],
});

describe('contact policy', () => {
  it('lets a person write to anyone but themselves, in a session', () => {
    expect(contactPolicy['contact.writeTo'](person('member', 1), { id: 2 })).toBe(true);
    expect(contactPolicy['contact.writeTo'](person('member', 1), { id: 1 })).toBe(false);
    expect(contactPolicy['contact.writeTo'](person('admin', 1), { id: 1 })).toBe(false);
    expect(can(person('member', 1, 'token'), 'contact.writeTo', { id: 2 })).toBe(false);
    expect(can({ kind: 'anonymous' }, 'contact.writeTo', { id: 2 })).toBe(false);
  });

  it('leaves reports of abuse and bars to the editors, in a session', () => {
    expect(can(person('editor', 1), 'contact.moderate')).toBe(true);
    expect(can(person('reviewer', 1), 'contact.moderate')).toBe(false);
    expect(can(person('admin', 1, 'token'), 'contact.moderate')).toBe(false);
    expect(can(person('member', 1, 'token'), 'contact.send')).toBe(false);
  });
});
