import { describe, expect, it } from 'vitest';
import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';

const user = (
  id: number,
  role: 'member' | 'editor',
  via: 'session' | 'token' = 'session',
): Actor => ({
  kind: 'user',
  id,
  role,
  name: `User ${id}`,
  via,
  scopes: ['read', 'write'],
});

describe('who translates practices and who publishes translations', () => {
  const member = user(1, 'member');
  const editor = user(2, 'editor');

  it('lets a signed-in member offer a translation, not a token or an anonymous reader', () => {
    expect(can(member, 'translations.offer')).toBe(true);
    expect(can(user(1, 'member', 'token'), 'translations.offer')).toBe(false);
    expect(can({ kind: 'anonymous' }, 'translations.offer')).toBe(false);
  });

  it('keeps a translation to its translator', () => {
    expect(can(member, 'translations.edit', { id: 9, ownerId: 1 })).toBe(true);
    expect(can(user(3, 'member'), 'translations.edit', { id: 9, ownerId: 1 })).toBe(false);
    expect(can(editor, 'translations.edit', { id: 9, ownerId: 1 })).toBe(false);
  });

  it('lets editors publish, never their own translation', () => {
    expect(can(member, 'translations.review')).toBe(false);
    expect(can(member, 'translations.publish', { id: 9, ownerId: 3 })).toBe(false);
    expect(can(editor, 'translations.review')).toBe(true);
    expect(can(editor, 'translations.publish', { id: 9, ownerId: 1 })).toBe(true);
    expect(can(editor, 'translations.publish', { id: 9, ownerId: 2 })).toBe(false);
  });
});
