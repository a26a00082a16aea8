import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/helpers/agent.ts';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { jsonLdOf } from '../../../test/helpers/practice-versions.ts';
import { createUser, signIn } from '../../../test/helpers/users.ts';
import { createApiToken } from '../accounts/api-token.service.ts';
import { loadFoundingPressRelease } from '../press/news.service.ts';
import {
  FOUNDING_EVENT_SLUG,
  listEventChoices,
  listEventsForOrganisation,
  loadFoundingEvent,
} from './event.service.ts';

function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe.each(dialects)('events on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let editor: Agent;
  let member: Agent;
  let writeToken: string;
  let memberToken: string;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    app = await buildTestApp(database, { authRateLimitPerMinute: 100_000, loginDelayMs: 1 });
    const editorId = await createUser(database.db, 'editor@example.org', 'editor');
    const memberId = await createUser(database.db, 'member@example.org', 'member');
    editor = new Agent(app);
    member = new Agent(app);
    await signIn(editor, 'editor@example.org');
    await signIn(member, 'member@example.org');
    const as = (id: number, role: 'editor' | 'member') =>
      ({ kind: 'user', id, role, name: 'x', via: 'session', scopes: ['read', 'write'] }) as const;
    writeToken = (
      await createApiToken(database.db, as(editorId, 'editor'), {
        name: 'w',
        scopes: ['read', 'write'],
      })
    ).token;
    memberToken = (
      await createApiToken(database.db, as(memberId, 'member'), {
        name: 'w',
        scopes: ['read', 'write'],
      })
    ).token;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('loads the founding roundtable once, with its organisations, speakers and times', async () => {
    const first = await loadFoundingEvent(database.db);
    expect(await loadFoundingEvent(database.db)).toBe(first);
    expect((await listEventChoices(database.db)).filter((e) => e.id === first)).toHaveLength(1);
    const api = (await app.inject(`/api/v1/events/${FOUNDING_EVENT_SLUG}`)).json();
    expect(api.starts_at).toBe('2009-09-28T13:00:00.000Z');
    expect(api.ends_at).toBe('2009-09-28T17:00:00.000Z');
    expect(api.local_starts_at).toBe('2009-09-28T09:00:00-04:00');
    expect(api.time_zone).toBe('America/New_York');
    expect(api.venue).toMatchObject({ city: 'New York', country: 'US' });
    expect(api.webcast_url).toBe('http://www.un.org/webcast');
    expect(api.organisations.map((o: { name: string; role: string }) => [o.name, o.role])).toEqual([
      ['United Nations Alliance of Civilizations', 'organiser'],
      ['International Organization for Migration', 'organiser'],
      ['Permanent Mission of Italy to the United Nations', 'co-sponsor'],
      ['Permanent Mission of Canada to the United Nations', 'co-sponsor'],
    ]);
    expect(api.speakers.map((s: { name: string }) => s.name)).toEqual([
      'Enzo Scotti',
      'William Lacy Swing',
      'Jorge Sampaio',
      'Keith Christie',
      'Marc Scheuer',
    ]);
    const iom = await database.db
      .selectFrom('organisations')
      .select('id')
      .where('name', '=', 'International Organization for Migration')
      .executeTakeFirstOrThrow();
    const ofIom = await listEventsForOrganisation(database.db, iom.id, 'fr');
    expect(ofIom.map((e) => [e.slug, e.role])).toEqual([[FOUNDING_EVENT_SLUG, 'organiser']]);
  });

  it('shows the event page in the event zone and UTC, with JSON-LD and the press release', async () => {
    await loadFoundingPressRelease(database.db);
    const page = await app.inject(`/events/${FOUNDING_EVENT_SLUG}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<time datetime="2009-09-28T13:00:00.000Z">');
    expect(page.body).toContain('(America/New York)');
    expect(page.body).toContain('data-local-time="2009-09-28T13:00:00.000Z"');
    expect(page.body).toContain(
      'href="/press/benefits-of-migration-to-be-showcased-by-leading-experts"',
    );
    expect(page.body).toContain('property="og:type" content="article"');
    const event = jsonLdOf(page.body).find((d) => d['@type'] === 'Event') as {
      startDate: string;
      eventAttendanceMode: string;
      location: { '@type': string }[];
      organizer: { name: string }[];
      performer: unknown[];
    };
    expect(event.startDate).toBe('2009-09-28T09:00:00-04:00');
    expect(event.eventAttendanceMode).toBe('https://schema.org/MixedEventAttendanceMode');
    expect(event.location.map((l: { '@type': string }) => l['@type'])).toEqual([
      'Place',
      'VirtualLocation',
    ]);
    expect(event.organizer.map((o: { name: string }) => o.name)).toContain(
      'International Organization for Migration',
    );
    expect(event.performer).toHaveLength(5);
    const french = await app.inject(`/fr/events/${FOUNDING_EVENT_SLUG}`);
    expect(french.body).toContain('langue d');
    expect((await app.inject('/events/no-such-event')).statusCode).toBe(404);
    expect((await app.inject('/events/no-such-event/event.ics')).statusCode).toBe(404);
  });

  it('serves iCalendar files that a parser reads back', async () => {
    const one = await app.inject(`/events/${FOUNDING_EVENT_SLUG}/event.ics`);
    expect(one.headers['content-type']).toContain('text/calendar');
    const [event] = parseCalendar(one.body);
    expect(event?.summary).toBe(
      'The Inter-ethnic City: Management and Policies for a Better Integration of Migrants',
    );
    expect(event?.startDate.toJSDate().toISOString()).toBe('2009-09-28T13:00:00.000Z');
    expect(event?.endDate.toJSDate().toISOString()).toBe('2009-09-28T17:00:00.000Z');
    expect(event?.location).toContain('Conference Room 8');
    expect(event?.description).toContain('2009-09-28 09:00 – 2009-09-28 13:00 (America/New_York)');
    expect(String(event?.component.getFirstPropertyValue('url'))).toBe(
      `http://clearinghouse.test/events/${FOUNDING_EVENT_SLUG}`,
    );
    const all = await app.inject('/events/calendar.ics');
    expect(parseCalendar(all.body).map((e) => e.summary)).toContain(event?.summary);
  });

  it('serves Atom and RSS feeds of events', async () => {
    const parser = new Parser();
    const atom = await parser.parseString((await app.inject('/events/feed.atom')).body);
    const rss = await parser.parseString((await app.inject('/events/feed.rss')).body);
    for (const feed of [atom, rss])
      expect(feed.items.map((i) => i.link)).toContain(
        `http://clearinghouse.test/events/${FOUNDING_EVENT_SLUG}`,
      );
  });

  it('lists upcoming and past events, on the page and in the API', async () => {
    const past = await app.inject('/events?when=past');
    expect(past.body).toContain(`/events/${FOUNDING_EVENT_SLUG}`);
    const upcoming = await app.inject('/events');
    // Not among the planned events; with none planned, it shows under the recent ones.
    const [planned, recent] = upcoming.body.split('id="recent-events"');
    expect(planned).not.toContain(`/events/${FOUNDING_EVENT_SLUG}"`);
    expect(recent).toContain(`/events/${FOUNDING_EVENT_SLUG}"`);
    const api = (
      await app.inject('/api/v1/events?when=past&type=roundtable&q=inter-ETHNIC')
    ).json();
    expect(api.total).toBe(1);
    expect((await app.inject('/api/v1/events?when=upcoming')).json().total).toBe(0);
    const bad = await app.inject('/api/v1/events?when=tomorrow');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('when');
  });

  const valid = {
    title: 'Night of welcome',
    type: 'conference',
    description: 'A night across the change of clocks.',
    language: 'en',
    starts_at: '2026-10-24T22:00',
    ends_at: '2026-10-25T10:00',
    time_zone: 'Europe/Paris',
    venue_name: 'Hôtel de Ville',
    venue_city: 'Paris',
    venue_country: 'FR',
  };

  it('creates an event through the API with a write token, across a DST change', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { authorization: `Bearer ${writeToken}` },
      payload: {
        ...valid,
        online: true,
        organisations: [
          { organisation: 'International Organization for Migration', role: 'partner' },
        ],
        agenda: [{ starts_at: '23:00', title: 'Welcome' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const event = created.json();
    // 22:00 CEST is 20:00Z; 10:00 CET is 09:00Z: thirteen hours, not twelve.
    expect(event.starts_at).toBe('2026-10-24T20:00:00.000Z');
    expect(event.ends_at).toBe('2026-10-25T09:00:00.000Z');
    expect((Date.parse(event.ends_at) - Date.parse(event.starts_at)) / 3600_000).toBe(13);
    expect(event.local_ends_at).toBe('2026-10-25T10:00:00+01:00');
    expect(event.agenda[0].starts_at).toBe('2026-10-24T21:00:00.000Z');
    const [ics] = parseCalendar((await app.inject(`/events/${event.slug}/event.ics`)).body);
    expect(ics?.duration.toSeconds()).toBe(13 * 3600);

    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/events/${event.slug}`,
      headers: { authorization: `Bearer ${writeToken}` },
      payload: { recording_url: 'https://example.org/recording' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().recording_url).toBe('https://example.org/recording');
    expect(patched.json().starts_at).toBe('2026-10-24T20:00:00.000Z');
    // The founding roundtable, loaded before, has rows of its own: only this event's count here.
    const { id } = await database.db
      .selectFrom('events')
      .select('id')
      .where('slug', '=', event.slug)
      .executeTakeFirstOrThrow();
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'event')
      .where('subject_id', '=', String(id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['event.created', 'event.updated']);
  });

  it('refuses bad input through the API, naming the field, and saves nothing', async () => {
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ ends_at: '2026-10-24T21:00' }, 'ends_at'],
      [{ time_zone: 'Mars/Olympus_Mons' }, 'time_zone'],
      [{ starts_at: '2026-02-30T10:00' }, 'starts_at'],
      [{ webcast_url: 'javascript:alert(1)' }, 'webcast_url'],
      [{ documents: [{ title: 'x', url: 'ftp://example.org/a' }] }, 'documents'],
      [{ organisations: [{ organisation: 'Nobody at all', role: 'organiser' }] }, 'organisations'],
    ];
    for (const [change, field] of cases) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: { authorization: `Bearer ${writeToken}` },
        payload: { ...valid, ...change },
      });
      expect(response.statusCode, field).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const forbidden = await app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { authorization: `Bearer ${memberToken}` },
      payload: valid,
    });
    expect(forbidden.statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'POST', url: '/api/v1/events', payload: valid });
    expect(anonymous.statusCode).toBe(401);
    expect(await count()).toBe(before);
  });

  it('refuses bad input on the editor form beside the field, keeping what was typed', async () => {
    const response = await editor.post('/editor/events/new', {
      ...valid,
      title: 'Kept <title>',
      time_zone: 'Nowhere/Land',
      starts_at: '2026-13-01T10:00',
      webcast_url: 'data:text/html,x',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('value="Kept <title>"');
    for (const id of ['time_zone', 'starts_at', 'webcast_url'])
      expect(response.body).toMatch(new RegExp(`id="field-${id}-error"`));
    const endBefore = await editor.post('/editor/events/new', {
      ...valid,
      ends_at: '2026-10-24T21:59',
    });
    expect(endBefore.statusCode).toBe(400);
    expect(endBefore.body).toContain('id="field-ends_at-error"');
    expect((await member.get('/editor/events/new')).statusCode).toBe(403);
  });

  it('creates, edits and translates an event through the editor forms', async () => {
    const created = await editor.post('/editor/events/new', {
      ...valid,
      title: 'Webinar on housing',
      type: 'webinar',
      starts_at: '2027-03-10T15:00',
      ends_at: '2027-03-10T16:30',
      venue_name: '',
      venue_city: '',
      venue_country: '',
      online: '1',
      webcast_url: 'https://example.org/live',
      speakers: 'Jane Doe | Mayor | City of Lyon | opening remarks',
      organisations: 'organiser | International Organization for Migration',
    });
    expect(created.statusCode, created.body).toBe(303);
    const slug = String(created.headers.location).split('/').pop() as string;
    const edit = await editor.get(`/editor/events/${slug}/edit`);
    expect(edit.body).toContain('Jane Doe | Mayor | City of Lyon | opening remarks');
    expect(edit.body).toContain('value="2027-03-10T15:00"');
    const translated = await editor.post(
      `/editor/events/${slug}/translations/fr`,
      { tr_title: 'Webinaire sur le logement', tr_description: 'En ligne.' },
      { from: `/editor/events/${slug}/edit?lang=fr` },
    );
    expect(translated.statusCode).toBe(303);
    const fr = await app.inject(`/fr/events/${slug}`);
    expect(fr.body).toContain('Webinaire sur le logement');
    expect(fr.body).not.toContain('langue d’origine');
    const es = await app.inject(`/es/events/${slug}`);
    expect(es.body).toContain('Webinar on housing');
    expect(es.body).toContain('idioma original');
    const upcoming = await app.inject('/events');
    expect(upcoming.body).toContain(`/events/${slug}`);
    expect((await editor.get('/editor/events/no-such-event/edit')).statusCode).toBe(404);
  });

  it('says a past event took place, offers its record and no calendar entry', async () => {
    const past = (await app.inject(`/events/${FOUNDING_EVENT_SLUG}`)).body;
    expect(past).toContain('This event has taken place: it ended on');
    expect(past).not.toContain('Add to calendar');
    expect(past).not.toContain(`/events/${FOUNDING_EVENT_SLUG}/event.ics`);
    expect(past).not.toContain('Watch live');
    expect(past).toMatch(/href="http:\/\/www\.un\.org\/webcast" rel="noopener">\s*Recording</);
    const french = (await app.inject(`/fr/events/${FOUNDING_EVENT_SLUG}`)).body;
    expect(french).toContain('Cet événement a eu lieu');
    expect(french).toContain('Enregistrement');

    const created = await editor.post('/editor/events/new', {
      ...valid,
      title: 'Coming webinar with a live stream',
      type: 'webinar',
      starts_at: '2031-05-10T15:00',
      ends_at: '2031-05-10T16:30',
      online: '1',
      webcast_url: 'https://example.org/stream',
    });
    expect(created.statusCode, created.body).toBe(303);
    const slug = String(created.headers.location).split('/').pop() as string;
    const coming = (await app.inject(`/events/${slug}`)).body;
    expect(coming).not.toContain('This event has taken place');
    expect(coming).toContain(`href="/events/${slug}/event.ics"`);
    expect(coming).toContain('Add to calendar');
    expect(coming).toMatch(/href="https:\/\/example\.org\/stream" rel="noopener">\s*Watch live</);
    expect(coming).not.toContain('Recording');
  });

  it('offers the coming and the past events as CSV and XLSX in the reader’s language', async () => {
    const upcoming = (await app.inject('/events')).body;
    expect(upcoming).toContain('href="/events.csv"');
    expect(upcoming).toContain('href="/events.xlsx"');
    const pastPage = (await app.inject('/fr/events?when=past')).body;
    expect(pastPage).toContain('href="/fr/events.csv?when=past"');
    expect(pastPage).toContain('href="/fr/events.xlsx?when=past"');

    const past = await app.inject('/fr/events.csv?when=past');
    expect(past.statusCode).toBe(200);
    expect(past.body.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(past.body.slice(1)) as string[][];
    expect(rows[0]?.slice(0, 4)).toEqual(['Titre', 'Lien', 'Type', 'Début (UTC)']);
    const roundtable = rows.find((r) => r[1]?.endsWith(`/fr/events/${FOUNDING_EVENT_SLUG}`));
    expect(roundtable?.[2]).toBe('Table ronde');
    expect(roundtable?.[3]).toBe('2009-09-28 13:00');
    expect(roundtable?.[8]).toBe('États-Unis');
    expect(rows.some((r) => r[0] === 'Webinar on housing')).toBe(false);
    const coming = parseCsv((await app.inject('/events.csv')).body.slice(1)) as string[][];
    expect(coming.some((r) => r[0] === 'Webinar on housing')).toBe(true);
    expect(coming.some((r) => r[1]?.endsWith(`/events/${FOUNDING_EVENT_SLUG}`))).toBe(false);

    const workbook = new ExcelJS.Workbook();
    const xlsx = await app.inject('/fr/events.xlsx?when=past');
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(rows.length);
    expect(sheet?.getRow(1).getCell(1).value).toBe('Titre');
  });
  it('keeps an all-day event to its dates: page, API, JSON-LD, iCalendar and the list', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { authorization: `Bearer ${writeToken}` },
      payload: {
        ...valid,
        title: 'Festival of neighbours',
        all_day: true,
        starts_at: '2031-04-12',
        ends_at: '2031-04-13',
        time_zone: 'America/Los_Angeles',
        agenda: [{ starts_at: '10:00', title: 'Opening' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const event = created.json();
    expect(event.all_day).toBe(true);
    expect(event.starts_on).toBe('2031-04-12');
    expect(event.ends_on).toBe('2031-04-13');
    // The instants stay instants (midnight UTC of the first and last days) for older readers.
    expect(event.starts_at).toBe('2031-04-12T00:00:00.000Z');
    expect(event.ends_at).toBe('2031-04-13T00:00:00.000Z');
    expect(event.local_starts_at).toBe('2031-04-12');
    expect(event.local_ends_at).toBe('2031-04-13');
    // A time alone in the agenda is on the first day, not on the day before in a western zone.
    expect(event.agenda[0].starts_at).toBe('2031-04-12T17:00:00.000Z');

    const page = await app.inject(`/events/${event.slug}`);
    expect(page.statusCode).toBe(200);
    const facts = page.body.slice(page.body.indexOf('class="facts__list"'));
    const dates = facts.slice(0, facts.indexOf('</dl>'));
    expect(dates).toContain('<time datetime="2031-04-12">April 12, 2031</time>');
    expect(dates).toContain('<time datetime="2031-04-13">April 13, 2031</time>');
    expect(dates).not.toContain('UTC');
    expect(dates).not.toContain('data-local-time');
    expect(dates).not.toContain('Los Angeles');
    expect(dates).not.toMatch(/\d{1,2}:\d{2}/);
    const ld = jsonLdOf(page.body).find((d) => d['@type'] === 'Event') as Record<string, string>;
    expect(ld.startDate).toBe('2031-04-12');
    expect(ld.endDate).toBe('2031-04-13');
    const arabic = await app.inject(`/ar/events/${event.slug}`);
    expect(arabic.body).toContain('<time datetime="2031-04-12">');
    expect(arabic.body).not.toContain('data-local-time');

    const ics = (await app.inject(`/events/${event.slug}/event.ics`)).body;
    expect(ics).toContain('DTSTART;VALUE=DATE:20310412');
    // RFC 5545: the end of an all-day event is the day after its last day.
    expect(ics).toContain('DTEND;VALUE=DATE:20310414');
    const [parsed] = parseCalendar(ics);
    expect(parsed?.startDate.isDate).toBe(true);
    expect(parsed?.description).not.toContain('00:00');

    const list = await app.inject('/events');
    const item = list.body.slice(list.body.indexOf(`/events/${event.slug}"`));
    expect(item.slice(0, item.indexOf('</li>'))).toContain('<time datetime="2031-04-12">');
    expect(item.slice(0, item.indexOf('</li>'))).not.toContain('UTC');
    const csv = parseCsv((await app.inject('/events.csv')).body.slice(1)) as string[][];
    expect(csv.find((r) => r[0] === 'Festival of neighbours')?.slice(3, 5)).toEqual([
      '2031-04-12',
      '2031-04-13',
    ]);

    // A partial change keeps the event all-day; sending times makes it a timed one again.
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/events/${event.slug}`,
      headers: { authorization: `Bearer ${writeToken}` },
      payload: { venue_name: 'Town square' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ all_day: true, starts_on: '2031-04-12' });
    const timed = await app.inject({
      method: 'PATCH',
      url: `/api/v1/events/${event.slug}`,
      headers: { authorization: `Bearer ${writeToken}` },
      payload: { all_day: false, starts_at: '2031-04-12T10:00', ends_at: '2031-04-13T18:00' },
    });
    expect(timed.statusCode, timed.body).toBe(200);
    expect(timed.json()).toMatchObject({ all_day: false, starts_at: '2031-04-12T17:00:00.000Z' });
  });

  it('keeps an all-day event among the coming ones until its last day is over', async () => {
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const make = async (title: string, starts: string, ends: string) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: { authorization: `Bearer ${writeToken}` },
        payload: { ...valid, title, all_day: true, starts_at: starts, ends_at: ends },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().slug as string;
    };
    const today = await make('Ends today', day(-1), day(0));
    const yesterday = await make('Ended yesterday', day(-2), day(-1));
    const slugs = async (when: string) =>
      (
        (await app.inject(`/api/v1/events?when=${when}&per_page=100`)).json() as {
          results: { slug: string }[];
        }
      ).results.map((e) => e.slug);
    expect(await slugs('upcoming')).toContain(today);
    expect(await slugs('past')).toContain(yesterday);
    expect(await slugs('past')).not.toContain(today);
    expect((await app.inject(`/events/${today}`)).body).not.toContain('has taken place');
    expect((await app.inject(`/events/${yesterday}`)).body).toContain('has taken place');
  });

  it('takes a date-only event on the editor form, and refuses an end before its start', async () => {
    const created = await editor.post('/editor/events/new', {
      ...valid,
      title: 'Open day at the welcome centre',
      all_day: '1',
      starts_at: '2031-06-02',
      ends_at: '2031-06-02',
    });
    expect(created.statusCode, created.body).toBe(303);
    const slug = String(created.headers.location).split('/').pop() as string;
    const api = (await app.inject(`/api/v1/events/${slug}`)).json();
    expect(api).toMatchObject({ all_day: true, starts_on: '2031-06-02', ends_on: '2031-06-02' });
    const edit = (await editor.get(`/editor/events/${slug}/edit`)).body;
    expect(edit).toMatch(/<input[^>]*name="starts_at"[^>]*type="date"[^>]*value="2031-06-02"/);
    expect(edit).toMatch(/<input[^>]*name="all_day"[^>]*value="1"[^>]*checked/);
    const fresh = (await editor.get('/editor/events/new')).body;
    expect(fresh).toContain('All day, or times not known');
    expect(fresh).toMatch(/<input[^>]*name="starts_at"[^>]*type="datetime-local"/);

    // Without the script, the date-time fields stay: their times are ignored.
    const noScript = await editor.post('/editor/events/new', {
      ...valid,
      title: 'Open day, typed with times',
      all_day: '1',
      starts_at: '2031-06-03T09:00',
      ends_at: '2031-06-04T17:00',
    });
    expect(noScript.statusCode, noScript.body).toBe(303);
    const noScriptSlug = String(noScript.headers.location).split('/').pop() as string;
    expect((await app.inject(`/api/v1/events/${noScriptSlug}`)).json()).toMatchObject({
      all_day: true,
      starts_at: '2031-06-03T00:00:00.000Z',
      ends_on: '2031-06-04',
    });

    const endBefore = await editor.post('/editor/events/new', {
      ...valid,
      all_day: '1',
      starts_at: '2031-06-03',
      ends_at: '2031-06-02',
    });
    expect(endBefore.statusCode).toBe(400);
    expect(endBefore.body).toContain('id="field-ends_at-error"');
    expect(endBefore.body).toContain('The last day cannot be before the first.');
    expect(endBefore.body).toMatch(
      /<input[^>]*name="ends_at"[^>]*type="date"[^>]*value="2031-06-02"/,
    );
    const badDate = await editor.post('/editor/events/new', {
      ...valid,
      all_day: '1',
      starts_at: '2031-02-30',
      ends_at: '',
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('id="field-starts_at-error"');
    expect(badDate.body).toContain('id="field-ends_at-error"');
    const timedDateOnly = await editor.post('/editor/events/new', {
      ...valid,
      starts_at: '2031-06-03',
      ends_at: '2031-06-04',
    });
    expect(timedDateOnly.statusCode).toBe(400);
    expect(timedDateOnly.body).toContain('id="field-starts_at-error"');
  });
});
