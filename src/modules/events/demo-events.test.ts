import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../core/i18n/locales.ts';
import { zonedToUtc } from '../../core/time.ts';
import type { DemoEvents } from './event-demo.service.ts';

/**
 * content/demo-events.json: real past events, each readable in the six languages and traceable
 * to its organiser's page. The loader enforces the same at start; this says which record is wrong
 * before anyone starts a site.
 */

const FILE = new URL('../../../content/demo-events.json', import.meta.url);
const content = JSON.parse(readFileSync(FILE, 'utf8')) as DemoEvents;
const filled = (value: unknown) => typeof value === 'string' && value.trim() !== '';

describe('the demo events file', () => {
  it('lists at least ten events, each with its own slug', () => {
    expect(content.events.length).toBeGreaterThanOrEqual(10);
    const slugs = content.events.map((e) => e.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it.each(content.events.map((e) => [e.slug, e] as const))(
    '%s has its title and description in every language',
    (_slug, event) => {
      expect(filled(event.title) && filled(event.description)).toBe(true);
      for (const locale of LOCALES.filter((l) => l !== event.language)) {
        const translation = event.translations[locale];
        expect(filled(translation?.title), `${locale} title`).toBe(true);
        expect(filled(translation?.description), `${locale} description`).toBe(true);
      }
    },
  );

  it.each(content.events.map((e) => [e.slug, e] as const))(
    '%s names an https source and an organiser',
    (_slug, event) => {
      expect(event.source.url).toMatch(/^https:\/\/[^/\s]+\.[^/\s]+/);
      expect(filled(event.source.title)).toBe(true);
      expect(event.organisations.some((o) => o.role === 'organiser')).toBe(true);
    },
  );

  it.each(content.events.map((e) => [e.slug, e] as const))(
    '%s is all-day, its sourced dates without invented times',
    (_slug, event) => {
      expect(event.all_day).toBe(true);
      expect(event.starts_at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(event.ends_at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(String(event.ends_at) >= String(event.starts_at)).toBe(true);
    },
  );

  it.each(content.events.map((e) => [e.slug, e] as const))(
    '%s is over, and after the 2009 roundtable',
    (_slug, event) => {
      const starts = zonedToUtc(`${event.starts_at}T00:00`, 'UTC');
      const ends = zonedToUtc(`${event.ends_at}T00:00`, 'UTC');
      expect(ends, 'ends_at').toBeDefined();
      expect(starts, 'starts_at').toBeDefined();
      // Over once its last day is: the day after it has begun.
      expect(Date.parse(ends as string) + 86_400_000).toBeLessThan(Date.now());
      expect(String(starts) > '2009-12-31').toBe(true);
    },
  );

  it('keeps the translation rules of each language', () => {
    for (const event of content.events) {
      const { fr, ru, zh } = event.translations;
      const french = `${fr?.title} ${fr?.description}`;
      expect(french, event.slug).not.toMatch(/\p{L}'\p{L}/u);
      expect(french, event.slug).not.toMatch(/ [:;?!»]/);
      expect(`${ru?.title} ${ru?.description}`, event.slug).not.toMatch(/[ёЁ]/);
      expect(`${zh?.title} ${zh?.description}`, event.slug).not.toContain('实践');
    }
  });
});
