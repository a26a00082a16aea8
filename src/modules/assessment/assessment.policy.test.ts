import { describe, expect, it } from 'vitest';
import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';

const user = (
  id: number,
  role: 'member' | 'contributor' | 'editor',
  via: 'session' | 'token' = 'session',
): Extract<Actor, { kind: 'user' }> => ({
  kind: 'user',
  id,
  role,
  name: `User ${id}`,
  via,
  scopes: ['read', 'write'],
});

describe('who fills in a city’s self-assessment and who checks it', () => {
  const official = user(1, 'member');
  const contributor = user(2, 'contributor');
  const editor = user(3, 'editor');

  it('lets a person speak for the city the service found them a member of', () => {
    expect(can(official, 'assessments.fill', { id: 12, ownerId: official.id })).toBe(true);
    expect(can(official, 'assessments.fill', { id: 12, ownerId: 99 })).toBe(false);
    expect(can(official, 'assessments.fill')).toBe(false);
    expect(can(contributor, 'assessments.fill')).toBe(false);
    expect(can(user(1, 'member', 'token'), 'assessments.fill', { id: 12, ownerId: 1 })).toBe(false);
    expect(can({ kind: 'anonymous' }, 'assessments.fill')).toBe(false);
  });

  it('lets the editors act for any city and check submitted assessments', () => {
    expect(can(editor, 'assessments.fill')).toBe(true);
    expect(can(editor, 'assessments.review')).toBe(true);
    expect(can(official, 'assessments.review')).toBe(false);
    expect(can(contributor, 'assessments.review')).toBe(false);
    expect(can(user(3, 'editor', 'token'), 'assessments.review')).toBe(false);
  });
});
