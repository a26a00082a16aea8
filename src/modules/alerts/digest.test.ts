import { describe, expect, it } from 'vitest';
import type { PracticeCard } from '../practices/index.ts';
import { type DigestContent, digestText } from './digest.service.ts';

const card = { title: 'Access to City Services', slug: 'toronto-access', cityName: 'Toronto' };

function digestOf(countryName: string, cityName: string | null = card.cityName): DigestContent {
  return {
    practices: [{ card: { ...card, cityName, countryName } as PracticeCard, isNew: true }],
    events: [],
    replies: [],
  };
}

describe('the digest email', () => {
  it('writes a practice’s place the way the reader’s language does', () => {
    expect(digestText(digestOf('كندا'), 'ar', 'https://example.org')).toContain('Toronto، كندا');
    expect(digestText(digestOf('加拿大'), 'zh', 'https://example.org')).toContain(
      'Toronto（加拿大）',
    );
    expect(digestText(digestOf('Canada'), 'en', 'https://example.org')).toContain(
      '— Toronto, Canada\n  https://example.org/practices/toronto-access',
    );
    expect(digestText(digestOf('Canada', null), 'fr', 'https://example.org')).toContain(
      '— Canada\n',
    );
  });
});
