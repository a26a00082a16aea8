import type { FastifyInstance } from 'fastify';
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
import { FOUNDING_EVENT_SLUG } from '../events/event.service.ts';
import {
  FOUNDING_PRESS_SLUG,
  loadFoundingPressRelease,
  saveNewsTranslation,
} from './news.service.ts';

describe.each(dialects)('the press room on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let editor: Agent;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    app = await buildTestApp(database, { authRateLimitPerMinute: 100_000, loginDelayMs: 1 });
    await createUser(database.db, 'editor@example.org', 'editor');
    editor = new Agent(app);
    await signIn(editor, 'editor@example.org');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('loads the founding press release once, tied to the roundtable and its partners', async () => {
    expect(await loadFoundingPressRelease(database.db)).toBe(FOUNDING_PRESS_SLUG);
    expect(await loadFoundingPressRelease(database.db)).toBe(FOUNDING_PRESS_SLUG);
    const rows = await database.db.selectFrom('news_items').select('id').execute();
    expect(rows).toHaveLength(1);
    const item = (await app.inject(`/api/v1/news/${FOUNDING_PRESS_SLUG}`)).json();
    expect(item).toMatchObject({
      kind: 'press-release',
      title: 'Benefits of Migration to be Showcased by Leading Experts',
      dateline: 'New York',
      published_on: '2009-09-26',
      speakers_available: true,
      event: { slug: FOUNDING_EVENT_SLUG },
    });
    expect(item.contacts).toEqual([
      {
        name: 'Daanish Masood',
        role: 'Communications Officer',
        organisation: 'Alliance of Civilizations',
        phone: '+1 917 847 3084',
        email: 'daanishm@unops.org',
      },
    ]);
    expect(item.organisations.map((o: { name: string }) => o.name)).toEqual([
      'United Nations Alliance of Civilizations',
      'International Organization for Migration',
    ]);
    expect(item.body).toContain('Fondazione della Rocca');
    const list = (await app.inject('/api/v1/news')).json();
    expect(list.total).toBe(1);
    expect((await app.inject('/api/v1/news/nothing-here')).statusCode).toBe(404);
  });

  it('shows the release with its contact, partners and NewsArticle data', async () => {
    const page = await app.inject(`/press/${FOUNDING_PRESS_SLUG}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="mailto:daanishm@unops.org"');
    expect(page.body).toContain('href="tel:+19178473084"');
    expect(page.body).toContain(`href="/events/${FOUNDING_EVENT_SLUG}"`);
    expect(page.body).toMatch(/href="\/organisations\/international-organization-for-migration"/);
    const article = jsonLdOf(page.body).find((d) => d['@type'] === 'NewsArticle');
    expect(article?.datePublished).toBe('2009-09-26');
    const list = await app.inject('/press');
    expect(list.body).toContain(`/press/${FOUNDING_PRESS_SLUG}`);
    expect(list.body).toContain('href="/press/feed.atom"');
    expect((await app.inject('/press/nothing-here')).statusCode).toBe(404);
  });

  it('serves Atom and RSS feeds that parse', async () => {
    const parser = new Parser();
    for (const format of ['atom', 'rss']) {
      const response = await app.inject(`/press/feed.${format}`);
      const feed = await parser.parseString(response.body);
      expect(feed.items[0]?.title).toBe('Benefits of Migration to be Showcased by Leading Experts');
      expect(feed.items[0]?.link).toBe(`http://clearinghouse.test/press/${FOUNDING_PRESS_SLUG}`);
    }
  });

  it('creates and edits news through the editor form; bad input is refused at the field', async () => {
    const bad = await editor.post('/editor/press/new', {
      kind: 'news',
      title: 'Kept title',
      language: 'en',
      published_on: '2026-02-30',
      body: 'Text.',
      event: 'no-such-event',
      contacts: 'Ann | Officer | UN | call me | not-an-email',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('value="Kept title"');
    for (const id of ['published_on', 'event', 'contacts'])
      expect(bad.body).toContain(`id="field-${id}-error"`);
    expect((await database.db.selectFrom('news_items').select('id').execute()).length).toBe(1);
    const created = await editor.post('/editor/press/new', {
      kind: 'news',
      title: 'A new city joins',
      language: 'en',
      dateline: 'Geneva',
      published_on: '2026-11-30',
      body: 'First paragraph.\n\nSecond <b>paragraph</b>.',
      event: FOUNDING_EVENT_SLUG,
      organisations: 'International Organization for Migration',
    });
    expect(created.statusCode, created.body).toBe(303);
    const page = await app.inject(String(created.headers.location));
    expect(page.body).toContain('Second &lt;b>paragraph&lt;/b>.');
    const edited = await editor.post('/editor/press/a-new-city-joins/edit', {
      kind: 'news',
      title: 'A new city joined',
      language: 'en',
      published_on: '2026-11-30',
      body: 'Done.',
      event: FOUNDING_EVENT_SLUG,
    });
    expect(edited.statusCode).toBe(303);
    expect((await app.inject('/api/v1/news/a-new-city-joins')).json().title).toBe(
      'A new city joined',
    );
    const { id } = await database.db
      .selectFrom('news_items')
      .select('id')
      .where('slug', '=', 'a-new-city-joins')
      .executeTakeFirstOrThrow();
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'news')
      .where('subject_id', '=', String(id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['news.created', 'news.updated']);
    const event = await app.inject(`/events/${FOUNDING_EVENT_SLUG}`);
    expect(event.body).toContain('href="/press/a-new-city-joins"');
    expect((await app.inject('/editor/press/new')).statusCode).not.toBe(200);
  });

  it('takes translations from the edit page, refusing an incomplete one at its field', async () => {
    await loadFoundingPressRelease(database.db);
    const path = `/editor/press/${FOUNDING_PRESS_SLUG}`;
    const form = await editor.get(`${path}/edit?lang=es`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`action="${path}/translations/es"`);
    const incomplete = await editor.post(
      `${path}/translations/es`,
      { tr_title: 'Expertos mostrarán los beneficios de la migración', tr_body: '' },
      { from: `${path}/edit?lang=es` },
    );
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toMatch(/id="field-tr_body"[^>]*aria-invalid="true"/);
    expect((await app.inject(`/es/press/${FOUNDING_PRESS_SLUG}`)).body).not.toContain(
      'Expertos mostrarán',
    );
    const saved = await editor.post(
      `${path}/translations/es`,
      {
        tr_title: 'Expertos mostrarán los beneficios de la migración',
        tr_body: 'Expertos en migración de todo el mundo se reunirán en Nueva York.',
      },
      { from: `${path}/edit?lang=es` },
    );
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${path}/edit?lang=es&saved=translation`);
    const page = await app.inject(`/es/press/${FOUNDING_PRESS_SLUG}`);
    expect(page.body).toContain('Expertos mostrarán los beneficios de la migración');
    // Only editors translate.
    const member = new Agent(app);
    await createUser(database.db, `member-${dialect}@example.org`, 'member');
    await signIn(member, `member-${dialect}@example.org`);
    const refused = await member.post(
      `${path}/translations/fr`,
      { tr_title: 'x', tr_body: 'y' },
      { csrf: await member.csrfFrom('/account') },
    );
    expect(refused.statusCode).toBe(403);
  });

  it('shows a translation in the reader language, else the original with a note', async () => {
    const editorId = (await database.db.selectFrom('users').select('id').executeTakeFirstOrThrow())
      .id;
    const actor = {
      kind: 'user',
      id: editorId,
      role: 'editor',
      name: 'e',
      via: 'session',
      scopes: ['read', 'write'],
    } as const;
    await expect(
      saveNewsTranslation(database.db, actor, FOUNDING_PRESS_SLUG, 'fr', { title: 'Seul' }),
    ).rejects.toThrow('body');
    await saveNewsTranslation(database.db, actor, FOUNDING_PRESS_SLUG, 'fr', {
      title: 'Les bienfaits de la migration',
      body: 'Premier paragraphe.',
    });
    const fr = await app.inject(`/fr/press/${FOUNDING_PRESS_SLUG}`);
    expect(fr.body).toContain('Les bienfaits de la migration');
    const ru = await app.inject(`/ru/press/${FOUNDING_PRESS_SLUG}`);
    expect(ru.body).toContain('Benefits of Migration');
    expect(ru.body).toContain('Показано на языке оригинала');
  });
});
