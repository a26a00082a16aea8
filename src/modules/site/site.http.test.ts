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
import { createUser } from '../../../test/helpers/users.ts';
import { createEvent, loadFoundingEvent } from '../events/event.service.ts';
import type { DemoEvents } from '../events/event-demo.service.ts';

// The home page shows the two most recent past events: after a demo setup, from the demo file.
const RECENT = 2;
const DEMO_EVENTS_FILE = new URL('../../../content/demo-events.json', import.meta.url);
const DEMO_EVENTS = (JSON.parse(readFileSync(DEMO_EVENTS_FILE, 'utf8')) as DemoEvents).events;
const LATEST = [...DEMO_EVENTS].sort((a, b) =>
  String(b.ends_at).localeCompare(String(a.ends_at)),
)[0];

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
    // The latest demo event is over, and says so; the coming webinar does not.
    expect(events).toContain(`/events/${LATEST?.slug}`);
    const past = events.slice(events.indexOf(`/events/${LATEST?.slug}`));
    expect(past).toMatch(/^[^"]*"[\s\S]*?<span class="tag tag--past">Past event<\/span>/);
    expect(events.split('Past event').length - 1).toBe(Math.min(RECENT, DEMO_EVENTS.length + 1));
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
