import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { createUser } from '../../../test/helpers/users.ts';
import { createEvent, FOUNDING_EVENT_SLUG, loadFoundingEvent } from '../events/event.service.ts';

describe.each(dialects)('home page on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    app = await buildTestApp(database);
    await loadFoundingEvent(database.db);
    const editorId = await createUser(database.db, 'editor@example.org', 'editor');
    const next = new Date().getUTCFullYear() + 1;
    await createEvent(
      database.db,
      {
        kind: 'user',
        id: editorId,
        role: 'editor',
        name: 'Edith',
        via: 'session',
        scopes: ['read', 'write'],
      },
      {
        title: 'Welcoming cities webinar',
        type: 'webinar',
        description: 'How cities open their services to newcomers.',
        language: 'en',
        starts_at: `${next}-03-10T14:00`,
        ends_at: `${next}-03-10T15:30`,
        time_zone: 'UTC',
        online: '1',
      },
    );
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('shows at a glance the latest practices, the coming and the past events, and the evidence', async () => {
    const html = (await app.inject('/')).body;
    expect(html).toContain('Latest practices');
    expect(html.match(/class="card practice-card"/g)?.length).toBe(6);
    const events = html.slice(
      html.indexOf('id="events-heading"'),
      html.indexOf('id="news-heading"'),
    );
    expect(events).toContain('Coming up');
    expect(events).toContain('Welcoming cities webinar');
    expect(events).toContain('Recent events');
    // The roundtable took place in 2009, and says so; the coming webinar does not.
    const past = events.slice(events.indexOf(`/events/${FOUNDING_EVENT_SLUG}`));
    expect(past).toMatch(/^[^"]*"[\s\S]*?<span class="tag tag--past">Past event<\/span>/);
    expect(events.split('Past event').length - 1).toBe(1);
    expect(html).toContain('Each practice says how strong the evidence of its results is');
    expect(html).toContain('href="/evidence"');
  });

  it('advertises the feed of new practices in the head and in the page', async () => {
    const html = (await app.inject('/')).body;
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).toMatch(
      /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="\/feeds\/practices\.atom"/,
    );
    expect(html).toContain('href="/feeds/practices.atom" type="application/atom+xml"');
    const arabic = (await app.inject('/ar/')).body;
    expect(arabic).toContain('href="/ar/feeds/practices.atom"');
    expect((await app.inject('/ar/feeds/practices.atom')).statusCode).toBe(200);
    expect(arabic).toContain('فعالية سابقة');
  });
});
