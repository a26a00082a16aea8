import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countrySeeds } from '../places/reference-data.ts';
import { readTaxonomyFile } from '../taxonomy/taxonomy.service.ts';
import { DEMO_FILE } from './setup.service.ts';

interface DemoRecord {
  country: string;
  themes: string[];
  source_url?: string;
  illustrative?: boolean;
  language: string;
  summary: string;
}

describe('demo content', () => {
  const records = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as DemoRecord[];
  const regionOf = new Map(countrySeeds().map((c) => [c.code, c.regionCode]));
  const areaOf = new Map(
    readTaxonomyFile()
      .concepts.filter((c) => c.scheme === 'theme')
      .map((c) => [c.id, c.parent]),
  );

  it('has at least 40 practices', () => {
    expect(records.length).toBeGreaterThanOrEqual(40);
  });

  it('covers all five world regions', () => {
    const regions = new Set(records.map((r) => regionOf.get(r.country)));
    expect([...regions].sort()).toEqual(['002', '009', '019', '142', '150']);
  });

  it('covers all three policy areas', () => {
    const areas = new Set(
      records.flatMap((r) => r.themes.map((t) => areaOf.get(t))).filter(Boolean),
    );
    expect([...areas].sort()).toEqual(['cultural', 'legal-political', 'socio-economic']);
  });

  it('gives every real practice its public source, or marks it illustrative', () => {
    for (const r of records)
      expect(r.illustrative === true || /^https:\/\//.test(r.source_url ?? '')).toBe(true);
  });

  it('is written in the six UN languages', () => {
    expect(new Set(records.map((r) => r.language))).toEqual(
      new Set(['ar', 'en', 'es', 'fr', 'ru', 'zh']),
    );
  });
});
