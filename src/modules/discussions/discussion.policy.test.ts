import { describe, expect, it } from 'vitest';
import type { SignedIn } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import { discussionPolicy } from './discussion.policy.ts';

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
  scopes: via === 'session' ? ['read', 'write'] : ['read'],
});

describe('discussion policy', () => {
  it('shows a held comment to its author only, editors included among the others', () => {
    const held = { id: 4, ownerId: 7 };
    expect(discussionPolicy['discussions.readHeld'](person('member', 7), held)).toBe(true);
    expect(discussionPolicy['discussions.readHeld'](person('member', 8), held)).toBe(false);
    expect(discussionPolicy['discussions.readHeld'](person('admin', 8), held)).toBe(false);
    expect(discussionPolicy['discussions.readHeld'](person('member', 7), { id: 4 })).toBe(false);
    expect(can({ kind: 'anonymous' }, 'discussions.readHeld', held)).toBe(false);
  });

  it('publishes at once what the moderators post, in a session', () => {
    expect(can(person('editor', 1), 'discussions.postUnreviewed')).toBe(true);
    expect(can(person('admin', 1), 'discussions.postUnreviewed')).toBe(true);
    expect(can(person('reviewer', 1), 'discussions.postUnreviewed')).toBe(false);
    expect(can(person('editor', 1, 'token'), 'discussions.postUnreviewed')).toBe(false);
  });

  it('lets moderators ban anyone but themselves', () => {
    expect(can(person('editor', 1), 'discussions.ban', { id: 2 })).toBe(true);
    expect(can(person('editor', 1), 'discussions.ban', { id: 1 })).toBe(false);
    expect(can(person('member', 1), 'discussions.ban', { id: 2 })).toBe(false);
    expect(can(person('admin', 1, 'token'), 'discussions.ban', { id: 2 })).toBe(false);
  });

  it('keeps posting and moderating to sessions', () => {
    expect(can(person('member', 1), 'discussions.post')).toBe(true);
    expect(can(person('member', 1, 'token'), 'discussions.post')).toBe(false);
    expect(can(person('editor', 1), 'discussions.moderate')).toBe(true);
    expect(can(person('reviewer', 1), 'discussions.moderate')).toBe(false);
  });
});
