import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../core/i18n/locales.ts';
import { countrySeeds } from '../places/reference-data.ts';
import { readTaxonomyFile } from '../taxonomy/taxonomy.service.ts';
import { DEMO_FILE, DEMO_TRANSLATIONS_DIR, demoRecords } from './demo-content.ts';

interface DemoRecord {
  external_id: string;
  country: string;
  themes: string[];
  source_url?: string;
  illustrative?: boolean;
  language: string;
  summary: string;
  evidence_level: string;
  sections?: { evaluation?: string };
  sources?: { title: string; url: string }[];
}

describe('demo content', () => {
  const records = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as DemoRecord[];
  const regionOf = new Map(countrySeeds().map((c) => [c.code, c.regionCode]));
  const areaOf = new Map(
    readTaxonomyFile()
      .concepts.filter((c) => c.scheme === 'theme')
      .map((c) => [c.id, c.parent]),
  );

  it('holds at least 150 practices from at least 40 countries, Germany among them', () => {
    expect(records.length).toBeGreaterThanOrEqual(150);
    const countries = new Set(records.map((r) => r.country));
    expect(countries.size).toBeGreaterThanOrEqual(40);
    expect(countries.has('DE')).toBe(true);
  });

  it('rates at least 15 practices effective or promising, each on a named evaluation with its source', () => {
    const rated = records.filter((r) => ['effective', 'promising'].includes(r.evidence_level));
    expect(rated.length).toBeGreaterThanOrEqual(15);
    for (const r of rated) {
      // Who evaluated, in the evaluation section; the year there or in the source that gives it.
      expect(r.sections?.evaluation?.trim().length ?? 0, r.external_id).toBeGreaterThan(80);
      const dated = [r.sections?.evaluation ?? '', ...(r.sources ?? []).map((s) => s.title)];
      expect(
        dated.some((text) => /\b(19|20)\d\d\b/.test(text)),
        r.external_id,
      ).toBe(true);
      expect(r.sources?.length ?? 0, r.external_id).toBeGreaterThan(0);
    }
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

  it('gives every practice a title and summary in each of the six languages', () => {
    const missing: string[] = [];
    for (const record of demoRecords())
      for (const language of LOCALES) {
        const text = (record.language === language ? record : record.translations?.[language]) as
          | { title?: unknown; summary?: unknown }
          | undefined;
        if (!isText(text?.title) || !isText(text?.summary))
          missing.push(`${record.external_id} (${language})`);
      }
    expect(missing).toEqual([]);
  });

  it('keeps translations apart from the original: none is in the language of its practice', () => {
    const records = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as DemoRecord[];
    const ids = new Set(records.map((r) => r.external_id));
    for (const [language, texts] of translationFiles()) {
      for (const id of Object.keys(texts)) {
        expect(ids.has(id), `${language}.json: ${id}`).toBe(true);
        expect(records.find((r) => r.external_id === id)?.language).not.toBe(language);
      }
    }
  });
});

function translationFiles(): [string, Record<string, unknown>][] {
  return readdirSync(DEMO_TRANSLATIONS_DIR).map((name) => [
    name.replace(/\.json$/, ''),
    JSON.parse(readFileSync(new URL(name, DEMO_TRANSLATIONS_DIR), 'utf8')),
  ]);
}

function isText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
