import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { LOCALES } from '../../core/i18n/locales.ts';
import { type DemoEvents, loadDemoEvents } from './event-demo.service.ts';

/** The demo events as readers find them after a demo setup, and the loader's refusals. */

const FILE = new URL('../../../content/demo-events.json', import.meta.url);
const content = JSON.parse(readFileSync(FILE, 'utf8')) as DemoEvents;
// The shipped translations carry the day they were made (content/demo-events.json).
const TRANSLATION_NOTE = 'Traduit en français le 7 décembre 2026\u00a0; original en anglais.';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A copy of the file with one record changed, for the loader's refusals. */
function withRecord(index: number, change: (record: Record<string, unknown>) => void): DemoEvents {
  const copy = structuredClone(content);
  change(copy.events[index] as unknown as Record<string, unknown>);
  return copy;
}

describe.each(dialects)('the demo events on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('lists every demo event among the past ones, none among the coming ones', async () => {
    const past = (await app.inject('/api/v1/events?when=past&per_page=100')).json() as {
      total: number;
      results: { slug: string }[];
    };
    expect(past.total).toBeGreaterThanOrEqual(10);
    const pastSlugs = past.results.map((e) => e.slug);
    for (const { slug } of content.events) expect(pastSlugs, slug).toContain(slug);
    const upcoming = (await app.inject('/api/v1/events?when=upcoming&per_page=100')).json() as {
      results: { slug: string }[];
    };
    for (const { slug } of content.events)
      expect(upcoming.results.map((e) => e.slug)).not.toContain(slug);

    const page = await app.inject('/events?when=past');
    expect(page.statusCode).toBe(200);
    for (const { title } of content.events) expect(page.body).toContain(escapeHtml(String(title)));
  });

  it('shows the latest past events on the events page while nothing is planned', async () => {
    const latest = (await app.inject('/api/v1/events?when=past&per_page=5')).json() as {
      total: number;
      results: { title: string }[];
    };
    const page = (await app.inject('/events')).body;
    expect(page).toContain('No events are planned at the moment.');
    expect(page).toContain('<h2 id="recent-events">Recent events</h2>');
    for (const { title } of latest.results) expect(page).toContain(escapeHtml(title));
    expect(page).toContain(`All ${latest.total} past events`);
    const arabic = (await app.inject('/ar/events')).body;
    expect(arabic).toContain('فعاليات حديثة');
    // Places are written with the Arabic comma: "Geneva، سويسرا", never "Geneva, سويسرا".
    expect(arabic).toMatch(/[A-Za-z]، [\u0600-\u06FF]/);
    expect(arabic).not.toMatch(/[A-Za-z], [\u0600-\u06FF]/);
  });

  it('shows a demo event in French, labelled as a translation with its date, citing its source', async () => {
    const event = content.events[0];
    if (!event) throw new Error('no demo event');
    const french = event.translations.fr;
    const firstSentence = (french?.description ?? '').split('\n\n')[0]?.slice(0, 120) ?? '';
    const page = await app.inject(`/fr/events/${event.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(escapeHtml(french?.title ?? '-'));
    expect(page.body).toContain(escapeHtml(firstSentence));
    expect(page.body).toContain(TRANSLATION_NOTE);
    expect(page.body).toContain(`href="${escapeHtml(event.source.url)}"`);
    const original = await app.inject(`/events/${event.slug}`);
    expect(original.body).not.toContain('Translated into');
  });

  it('stores every demo event in the five other languages, dated as the file says', async () => {
    for (const { slug, language } of content.events) {
      const rows = await database.db
        .selectFrom('event_translations')
        .innerJoin('events', 'events.id', 'event_translations.event_id')
        .select(['event_translations.locale', 'event_translations.translated_on'])
        .where('events.slug', '=', slug)
        .execute();
      expect(rows.map((r) => r.locale).sort(), slug).toEqual(
        LOCALES.filter((l) => l !== language).sort(),
      );
      for (const row of rows) expect(row.translated_on, slug).toBe(content.translatedOn);
    }
  });

  it('gives every demo event as all-day: dates in the API, no time of day on its page', async () => {
    for (const event of content.events) {
      const api = (await app.inject(`/api/v1/events/${event.slug}`)).json();
      expect(api, event.slug).toMatchObject({
        all_day: true,
        starts_on: event.starts_at,
        ends_on: event.ends_at,
        local_starts_at: event.starts_at,
      });
      const page = (await app.inject(`/events/${event.slug}`)).body;
      const facts = page.slice(page.indexOf('class="facts__list"'));
      const dates = facts.slice(0, facts.indexOf('</dl>'));
      expect(dates, event.slug).toContain(`<time datetime="${event.starts_at}">`);
      expect(dates, event.slug).not.toMatch(/\d{1,2}:\d{2}|UTC|data-local-time/);
      const ics = (await app.inject(`/events/${event.slug}/event.ics`)).body;
      expect(ics, event.slug).toContain(
        `DTSTART;VALUE=DATE:${String(event.starts_at).replaceAll('-', '')}`,
      );
    }
    const rows = await database.db.selectFrom('events').select(['slug', 'all_day']).execute();
    const demo = rows.filter((r) => content.events.some((e) => e.slug === r.slug));
    expect(demo).toHaveLength(content.events.length);
    for (const row of demo) expect(row.all_day, row.slug).toBe(1);
  });

  it('names its organisers in the directory', async () => {
    const event = (await app.inject(`/api/v1/events/${content.events[0]?.slug}`)).json() as {
      organisations: { name: string; role: string }[];
    };
    expect(event.organisations.map((o) => o.role)).toContain('organiser');
  });

  it('adds nothing when loaded again', async () => {
    const before = await database.db.selectFrom('events').select('id').execute();
    expect(await loadDemoEvents(database.db, content)).toEqual([]);
    const after = await database.db.selectFrom('events').select('id').execute();
    expect(after.length).toBe(before.length);
  });

  it('refuses a bad record naming the file, the record and the field, writing nothing', async () => {
    const before = await database.db.selectFrom('events').select('id').execute();
    const slug = content.events[2]?.slug;
    const cases: [DemoEvents, RegExp][] = [
      [
        withRecord(2, (r) => {
          (r.source as { url: string }).url = 'http://example.org/event';
        }),
        new RegExp(`content/demo-events\\.json: record 3 \\(${slug}\\): source\\.url`),
      ],
      [
        withRecord(2, (r) => {
          delete (r.translations as Record<string, unknown>).zh;
        }),
        /record 3 .*: translations\.zh is missing/,
      ],
      [
        withRecord(2, (r) => {
          r.time_zone = 'Mars/Olympus';
        }),
        /record 3 .*: time_zone is not a known time zone/,
      ],
      [
        withRecord(2, (r) => {
          r.slug = 'a-new-event-to-come';
          r.starts_at = '2999-01-01';
          r.ends_at = '2999-01-01';
        }),
        /record 3 \(a-new-event-to-come\): ends_at must be in the past/,
      ],
    ];
    for (const [bad, message] of cases)
      await expect(loadDemoEvents(database.db, bad)).rejects.toThrow(message);
    const after = await database.db.selectFrom('events').select('id').execute();
    expect(after.length).toBe(before.length);
  });
});
