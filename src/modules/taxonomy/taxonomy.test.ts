import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../core/i18n/locales.ts';
import { SCHEMES } from './taxonomy.model.ts';
import { readTaxonomyFile } from './taxonomy.service.ts';

const REQUIRED: Record<string, string[]> = {
  'policy-area': ['socio-economic', 'legal-political', 'cultural'],
  theme: [
    'employment',
    'entrepreneurship',
    'housing',
    'health',
    'education',
    'language-learning',
    'access-to-services',
    'political-participation',
    'anti-discrimination',
    'legal-status-documentation',
    'public-perceptions',
    'intercultural-dialogue',
    'social-cohesion',
    'urban-planning',
    'women',
    'youth-children',
  ],
  'target-group': [
    'refugees',
    'asylum-seekers',
    'labour-migrants',
    'undocumented-migrants',
    'women',
    'youth',
    'children',
    'host-community',
    'all-residents',
  ],
  'actor-type': [
    'municipality',
    'national-government',
    'ngo',
    'international-organisation',
    'academia',
    'private-sector',
    'migrant-association',
    'faith-based',
  ],
  'gcm-objective': Array.from({ length: 23 }, (_, i) => String(i + 1)),
  'sdg-target': ['10.7', '10.c', '8.8', '16.9', '17.18'],
};

const AREA_OF: Record<string, string | null> = {
  employment: 'socio-economic',
  housing: 'socio-economic',
  'political-participation': 'legal-political',
  'anti-discrimination': 'legal-political',
  'public-perceptions': 'cultural',
  'urban-planning': 'cultural',
  women: null,
  'youth-children': null,
};

describe('taxonomy file', () => {
  const { concepts } = readTaxonomyFile();

  it.each(Object.entries(REQUIRED))('has every required id of %s', (scheme, ids) => {
    const present = concepts.filter((c) => c.scheme === scheme).map((c) => c.id);
    expect(present).toEqual(expect.arrayContaining(ids));
  });

  it('groups themes under the three policy areas, with women and youth cross-cutting', () => {
    for (const [theme, area] of Object.entries(AREA_OF)) {
      expect(concepts.find((c) => c.scheme === 'theme' && c.id === theme)?.parent).toBe(area);
    }
  });

  it('labels and defines every concept in the six UN languages, with synonyms', () => {
    for (const concept of concepts) {
      expect(SCHEMES).toContain(concept.scheme);
      for (const locale of LOCALES) {
        expect(
          concept.labels[locale]?.trim(),
          `${concept.scheme}/${concept.id} ${locale}`,
        ).toBeTruthy();
        expect(
          concept.definitions[locale]?.trim(),
          `${concept.scheme}/${concept.id} ${locale}`,
        ).toBeTruthy();
        expect(Array.isArray(concept.synonyms[locale])).toBe(true);
      }
    }
  });

  it('has unique ids within each scheme', () => {
    const keys = concepts.map((c) => `${c.scheme}/${c.id}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
