import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../core/i18n/locales.ts';
import type { DemoResources } from '../library/index.ts';
import { RESOURCE_TYPES } from '../library/resource.model.ts';
import { readTaxonomyFile } from '../taxonomy/taxonomy.service.ts';
import { DEMO_RESOURCES_FILE } from './setup.service.ts';

/**
 * The demo library as shipped: real documents and organisations, each readable in the six
 * languages (the original, or a translation), linking to its publisher over https.
 */

const content = JSON.parse(readFileSync(DEMO_RESOURCES_FILE, 'utf8')) as DemoResources;
const records = content.resources;
const SIX = [...LOCALES].sort();
const themes = new Set(
  readTaxonomyFile()
    .concepts.filter((c) => c.scheme === 'theme')
    .map((c) => c.id),
);
const isText = (value: unknown) => typeof value === 'string' && value.trim() !== '';
/** Every text of a record in one language: the original's, or the translation's. */
const textsIn = (locale: string) =>
  records.map((r) => {
    const text = r.language === locale ? r : r.translations?.[locale];
    return { slug: r.slug, title: text?.title ?? '', abstract: text?.abstract ?? '' };
  });

describe('the demo resources file', () => {
  it('holds enough resources for a library worth searching, each slug once', () => {
    expect(records.length).toBeGreaterThanOrEqual(30);
    const slugs = records.map((r) => r.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(content.translatedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('gives every resource a title and abstract in each of the six languages', () => {
    const missing: string[] = [];
    for (const record of records) {
      for (const locale of LOCALES) {
        const text = record.language === locale ? record : record.translations?.[locale];
        if (!isText(text?.title) || !isText(text?.abstract))
          missing.push(`${record.slug} (${locale})`);
      }
      // A translation into the original's language would hide the original.
      expect(Object.keys(record.translations ?? {}), record.slug).not.toContain(record.language);
      expect(
        [record.language, ...Object.keys(record.translations ?? {})].sort(),
        record.slug,
      ).toEqual(SIX);
    }
    expect(missing).toEqual([]);
  });

  it('links every resource to its publisher over https', () => {
    for (const { slug, link_url } of records) {
      expect(link_url, slug).toMatch(/^https:\/\//);
      expect(new URL(link_url).hostname, slug).toContain('.');
    }
  });

  it('uses only the library’s types and the taxonomy’s themes', () => {
    for (const { slug, type, themes: mine } of records) {
      expect(RESOURCE_TYPES, slug).toContain(type);
      expect(mine.length, slug).toBeGreaterThan(0);
      for (const theme of mine) expect(themes.has(theme), `${slug}: ${theme}`).toBe(true);
    }
  });

  it('varies types and original languages', () => {
    expect(new Set(records.map((r) => r.type))).toEqual(new Set(RESOURCE_TYPES));
    expect(new Set(records.map((r) => r.language)).size).toBeGreaterThan(2);
  });

  it('keeps each English abstract between 40 and 90 words', () => {
    for (const { slug, abstract } of textsIn('en')) {
      const words = abstract.split(/\s+/).filter(Boolean).length;
      expect(words, slug).toBeGreaterThanOrEqual(40);
      expect(words, slug).toBeLessThanOrEqual(90);
    }
  });

  it('follows the glossary’s typography', () => {
    for (const { slug, title, abstract } of textsIn('ru'))
      expect(`${title} ${abstract}`, slug).not.toMatch(/[ёЁ]/);
    for (const { slug, title, abstract } of textsIn('zh'))
      expect(`${title} ${abstract}`, slug).not.toContain('实践');
    for (const { slug, title, abstract } of textsIn('fr')) {
      const text = `${title} ${abstract}`;
      expect(text, slug).not.toMatch(/\p{L}'\p{L}/u);
      // A non-breaking space before two-part punctuation and inside guillemets.
      expect(text, slug).not.toMatch(/ [:;?!»]|« /);
    }
  });
});
