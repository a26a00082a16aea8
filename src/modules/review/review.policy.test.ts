import { describe, expect, it } from 'vitest';
import type { SignedIn } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import { reviewPolicy } from './review.policy.ts';

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

describe('review policy', () => {
  it('never lets an author review their own submission, whatever their role', () => {
    const submission = { id: 3, ownerId: 7 };
    for (const role of ['reviewer', 'editor', 'admin'] as const) {
      expect(reviewPolicy['submissions.review'](person(role, 7), submission)).toBe(false);
      expect(reviewPolicy['submissions.review'](person(role, 8), submission)).toBe(true);
    }
  });

  it('chooses reviewers among reviewers and the editorial staff only', () => {
    expect(reviewPolicy['submissions.review'](person('member', 8), { id: 3, ownerId: 7 })).toBe(
      false,
    );
    expect(reviewPolicy['submissions.review'](person('contributor', 8), { id: 3 })).toBe(false);
    expect(reviewPolicy['submissions.review'](person('reviewer', 8), { id: 3 })).toBe(true);
  });

  it('is the rule that can() applies, and refuses anonymous visitors', () => {
    expect(can(person('reviewer', 7), 'submissions.review', { id: 3, ownerId: 7 })).toBe(false);
    expect(can(person('reviewer', 8), 'submissions.review', { id: 3, ownerId: 7 })).toBe(true);
    expect(can({ kind: 'anonymous' }, 'submissions.review', { id: 3 })).toBe(false);
  });

  it('keeps reviews to the person assigned, in a session', () => {
    expect(reviewPolicy['reviews.write'](person('reviewer', 5), { id: 1, ownerId: 5 })).toBe(true);
    expect(
      reviewPolicy['reviews.write'](person('reviewer', 5, 'token'), { id: 1, ownerId: 5 }),
    ).toBe(false);
    expect(reviewPolicy['reviews.write'](person('admin', 1), { id: 1, ownerId: 5 })).toBe(false);
  });
});
