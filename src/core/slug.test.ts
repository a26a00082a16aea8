import { describe, expect, it } from 'vitest';
import { toSlug } from './slug.ts';

describe('toSlug', () => {
  it('cuts a long title after its last whole word, never inside one', () => {
    const title =
      'Municipal one-stop shop for the social and economic integration of newly arriving migrants and refugees';
    const slug = toSlug(title);
    expect(slug.length).toBeLessThanOrEqual(80);
    const words = slugWords(title);
    for (const word of slug.split('-')) expect(words).toContain(word);
    expect(slug).toBe('municipal-one-stop-shop-for-the-social-and-economic-integration-of-newly');
  });

  it('keeps a cut that falls exactly between two words', () => {
    expect(toSlug('alpha beta gamma', 'item', 10)).toBe('alpha-beta');
    expect(toSlug('alpha beta gamma', 'item', 9)).toBe('alpha');
  });

  it('cuts inside a single word only when that word alone is longer than the limit', () => {
    expect(toSlug('Donaudampfschifffahrtsgesellschaft', 'item', 10)).toBe('donaudampf');
  });

  it('leaves a short slug as it is', () => {
    expect(toSlug('Intégration à Montréal')).toBe('integration-a-montreal');
    expect(toSlug('外国人服务站', 'practice')).toBe('practice');
  });
});

function slugWords(text: string): string[] {
  return toSlug(text, 'item', 10_000).split('-');
}
