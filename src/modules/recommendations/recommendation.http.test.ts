import type { FastifyInstance } from 'fastify';
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
import { importPractices, setPracticeArchived } from '../practices/practice-interchange.service.ts';

const EVIL = '</script><script>alert(1)</script>';

const RECORDS = [
  {
    external_id: 'rec-lisbon',
    title: 'Welcome desk for newcomers',
    language: 'en',
    summary: 'One place for every service a newcomer needs.',
    country: 'PT',
    city: 'Lisbon',
    themes: ['access-to-services', 'housing'],
    organisations: [{ name: 'City of Lisbon', role: 'lead' }],
    evidence_level: 'effective',
  },
  {
    external_id: 'rec-montreal',
    title: 'Housing mediators',
    language: 'en',
    summary: 'Mediators between landlords and newcomers.',
    country: 'CA',
    city: 'Montreal',
    themes: ['housing'],
    organisations: [{ name: 'Ville de Montréal', role: 'lead' }],
    evidence_level: 'promising',
  },
  {
    external_id: 'rec-porto',
    title: 'Language cafés',
    language: 'en',
    summary: 'Conversation evenings in public libraries.',
    country: 'PT',
    city: 'Porto',
    themes: ['housing'],
    organisations: [{ name: 'City of Porto', role: 'lead' }],
    evidence_level: 'promising',
  },
  {
    external_id: 'rec-archived',
    title: 'An archived practice',
    language: 'en',
    summary: 'No longer current.',
    country: 'FR',
    themes: ['health'],
    organisations: [{ name: 'Somebody', role: 'lead' }],
    evidence_level: 'emerging',
  },
];

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

const VALID = {
  title: 'Open municipal services to all residents',
  text: `Cities should open their services to every resident, whatever their status.\n\nA single desk lowers the cost of finding help ${EVIL}.`,
  language: 'en',
  audiences: ['local', 'national'],
  themes: ['access-to-services', 'housing'],
  title_fr: 'Ouvrir les services municipaux à tous les habitants',
  text_fr: '',
};

describe.each(dialects)('policy recommendations on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let editor: Agent;
  let member: Agent;
  const slugs: Record<string, string> = {};
  let eventId: number;
  let resourceId: number;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    app = await buildTestApp(database, { authRateLimitPerMinute: 100_000, loginDelayMs: 1 });
    const report = await importPractices(database.db, values(RECORDS));
    expect(report.problems).toEqual([]);
    for (const row of await database.db
      .selectFrom('practices')
      .select(['id', 'slug', 'external_id'])
      .execute())
      slugs[row.external_id] = row.slug;
    const archived = await database.db
      .selectFrom('practices')
      .select('id')
      .where('external_id', '=', 'rec-archived')
      .executeTakeFirstOrThrow();
    await setPracticeArchived(database.db, archived.id, true);
    const now = new Date().toISOString();
    eventId = (
      await database.db
        .insertInto('events')
        .values({
          slug: 'inter-ethnic-city-2009',
          type: 'roundtable',
          title: 'The Inter-ethnic City roundtable',
          description: 'New York, 28 September 2009.',
          language: 'en',
          starts_at: '2009-09-28T14:00:00.000Z',
          ends_at: '2009-09-28T18:00:00.000Z',
          time_zone: 'America/New_York',
          online: 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    resourceId = (
      await database.db
        .insertInto('resources')
        .values({
          slug: 'integration-toolkit',
          type: 'guideline',
          title: 'Integration toolkit',
          abstract: 'A toolkit.',
          authors: 'Someone',
          year: 2020,
          language: 'en',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await createUser(database.db, 'editor@rec.test', 'editor');
    await createUser(database.db, 'member@rec.test', 'member');
    editor = new Agent(app);
    member = new Agent(app);
    await signIn(editor, 'editor@rec.test');
    await signIn(member, 'member@rec.test');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const create = (fields: Record<string, string | string[]>) =>
    editor.post('/editor/recommendations/new', fields);

  it('refuses an empty title and text, naming the fields and keeping what was typed', async () => {
    const response = await create({ ...VALID, title: '  ', text: '', title_fr: 'Gardé tel quel' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('id="field-title-error"');
    expect(response.body).toContain('id="field-text-error"');
    expect(response.body).toContain('This is required.');
    expect(response.body).toContain('value="Gardé tel quel"');
    expect(await database.db.selectFrom('recommendations').selectAll().execute()).toEqual([]);
  });

  it('refuses an unknown theme, audience and source', async () => {
    const response = await create({
      ...VALID,
      themes: ['housing', 'no-such-theme'],
      audiences: ['galactic'],
      source_event: '999999',
      source_resource: 'abc',
    });
    expect(response.statusCode).toBe(400);
    for (const field of ['themes', 'audiences', 'source_event', 'source_resource'])
      expect(response.body).toContain(`id="field-${field}-error"`);
    expect(response.body).toContain('Choose from the list.');
    expect(await database.db.selectFrom('recommendations').selectAll().execute()).toEqual([]);
  });

  it('lets only editors write recommendations', async () => {
    const form = await member.get('/editor/recommendations/new');
    expect(form.statusCode).toBe(403);
    const csrf = await member.csrfFrom('/account');
    const post = await member.post('/editor/recommendations/new', VALID, { csrf });
    expect(post.statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/editor/recommendations/new' });
    expect([303, 401]).toContain(anonymous.statusCode);
    expect(await database.db.selectFrom('recommendations').selectAll().execute()).toEqual([]);
  });

  it('publishes a recommendation with its source and translation, and audits it', async () => {
    const response = await create({
      ...VALID,
      source_event: String(eventId),
      source_resource: String(resourceId),
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(
      '/recommendations/open-municipal-services-to-all-residents',
    );
    const page = await app.inject({
      method: 'GET',
      url: '/recommendations/open-municipal-services-to-all-residents',
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      '<h1 lang="en" dir="ltr">Open municipal services to all residents</h1>',
    );
    // Paragraphs kept apart, and the text escaped.
    expect(page.body).toContain('<p>Cities should open their services');
    expect(page.body).not.toContain(EVIL);
    expect(page.body).toContain('help &lt;/script>&lt;script>alert(1)&lt;/script>.');
    expect(page.body).toContain('href="/events/inter-ethnic-city-2009"');
    expect(page.body).toContain('The Inter-ethnic City roundtable');
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'subject_type'])
      .where('action', '=', 'recommendation.created')
      .execute();
    expect(audit).toEqual([{ action: 'recommendation.created', subject_type: 'recommendation' }]);

    // A French reader gets the translated title and the original text, with a note.
    const fr = await app.inject({
      method: 'GET',
      url: '/fr/recommendations/open-municipal-services-to-all-residents',
    });
    expect(fr.body).toContain('Ouvrir les services municipaux à tous les habitants');
    expect(fr.body).toContain('<p>Cities should open their services');
    expect(fr.body).toContain('Affichée dans sa langue d’origine');
  });

  const editPath = '/editor/recommendations/open-municipal-services-to-all-residents';

  it('links only published, current practices, by slug or by address', async () => {
    const link = (practice: string, note = '') =>
      editor.post(`${editPath}/practices`, { practice, note }, { from: `${editPath}/edit` });

    const unknown = await link('no-such-practice');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('id="field-practice-error"');
    expect(unknown.body).toContain('This is not a published practice of the clearinghouse');
    expect(unknown.body).toContain('value="no-such-practice"');

    const archived = await link(slugs['rec-archived'] as string);
    expect(archived.statusCode).toBe(400);
    expect(archived.body).toContain('This practice is archived');

    const empty = await link('');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="field-practice-error"');

    expect(await database.db.selectFrom('recommendation_practices').selectAll().execute()).toEqual(
      [],
    );

    expect(
      (await link(slugs['rec-lisbon'] as string, 'One desk for every service.')).statusCode,
    ).toBe(303);
    expect(
      (await link(`http://clearinghouse.test/fr/practices/${slugs['rec-montreal']}?lang=fr`))
        .statusCode,
    ).toBe(303);
    expect((await link(slugs['rec-porto'] as string)).statusCode).toBe(303);

    const twice = await link(slugs['rec-lisbon'] as string);
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('This practice already supports this recommendation.');

    // Someone who is not an editor cannot link anything.
    const csrf = await member.csrfFrom('/account');
    const refused = await member.post(
      `${editPath}/practices`,
      { practice: slugs['rec-lisbon'] as string },
      { csrf },
    );
    expect(refused.statusCode).toBe(403);
  });

  it('shows the evidence with levels, places, notes and a summary', async () => {
    const page = await app.inject({
      method: 'GET',
      url: '/recommendations/open-municipal-services-to-all-residents',
    });
    expect(page.body).toContain('3 practices: 1 rigorously evaluated, 2 promising; 2 regions');
    expect(page.body).toContain('badge--effective');
    expect(page.body).toContain('badge--promising');
    expect(page.body).toContain('<bdi>Lisbon</bdi>, <bdi>Portugal</bdi>');
    expect(page.body).toContain('Europe');
    expect(page.body).toContain('One desk for every service.');
    expect(page.body).not.toContain('An archived practice');

    const [ld] = jsonLdOf(page.body).filter((d) => d['@type'] === 'CreativeWork');
    expect(ld).toBeDefined();
    const citation = ld?.citation as { '@id': string; url: string }[];
    expect(citation.map((c) => c.url)).toEqual([
      `http://clearinghouse.test/practices/${slugs['rec-lisbon']}`,
      `http://clearinghouse.test/practices/${slugs['rec-montreal']}`,
      `http://clearinghouse.test/practices/${slugs['rec-porto']}`,
    ]);
    expect(citation[0]?.['@id']).toBe(
      `http://clearinghouse.test/practices/${slugs['rec-lisbon']}#practice`,
    );
    const basedOn = ld?.isBasedOn as { '@type': string; url: string }[];
    expect(basedOn).toContainEqual({
      '@type': 'Event',
      name: 'The Inter-ethnic City roundtable',
      url: 'http://clearinghouse.test/events/inter-ethnic-city-2009',
    });
  });

  it('shows on each supporting practice page the recommendations it supports', async () => {
    const lisbon = await app.inject({ method: 'GET', url: `/practices/${slugs['rec-lisbon']}` });
    expect(lisbon.body).toContain('Recommendations it supports');
    expect(lisbon.body).toContain(
      'href="/recommendations/open-municipal-services-to-all-residents"',
    );
    const other = await database.db
      .selectFrom('practices')
      .select('slug')
      .where('external_id', '=', 'rec-archived')
      .executeTakeFirstOrThrow();
    const none = await app.inject({ method: 'GET', url: `/practices/${other.slug}` });
    expect(none.body).not.toContain('Recommendations it supports');
  });

  it('marks thin cells and gaps of the matrix in words', async () => {
    const second = await create({
      ...VALID,
      title: 'Train staff in health services',
      themes: ['health'],
      audiences: ['international'],
      title_fr: '',
    });
    expect(second.statusCode).toBe(303);
    const secondSlug = 'train-staff-in-health-services';
    const add = await editor.post(
      `/editor/recommendations/${secondSlug}/practices`,
      { practice: slugs['rec-montreal'] as string, note: '' },
      { from: `/editor/recommendations/${secondSlug}/edit` },
    );
    expect(add.statusCode).toBe(303);

    const matrix = await app.inject({ method: 'GET', url: '/recommendations/matrix' });
    expect(matrix.statusCode).toBe(200);
    const rows = matrix.body.split('<tr>').slice(2);
    const first = rows.find((r) => r.includes('Open municipal services')) as string;
    const other = rows.find((r) => r.includes('Train staff')) as string;
    // Housing: three practices, the strongest rigorously evaluated.
    expect(first).toMatch(/matrix__cell--ok">[\s\S]*?3 practices[\s\S]*?badge--effective/);
    // Access to services: only Lisbon, so thin.
    expect(first).toContain('matrix__cell--thin');
    expect(first).toContain('thin evidence');
    // Health is a theme of the second recommendation, and no linked practice works on it.
    expect(other).toContain('gap: no practice yet');
    expect(other).toMatch(/matrix__cell--thin">[\s\S]*?1 practice[\s\S]*?badge--promising/);
  });

  it('lists and filters by theme and audience, refusing unknown values', async () => {
    const all = await app.inject({ method: 'GET', url: '/recommendations' });
    expect(all.body).toContain('2 recommendations');
    const health = await app.inject({ method: 'GET', url: '/recommendations?theme=health' });
    expect(health.body).toContain('1 recommendation');
    expect(health.body).toContain('Train staff in health services');
    expect(health.body).not.toContain('Open municipal services to all residents</a>');
    const local = await app.inject({ method: 'GET', url: '/recommendations?audience=local' });
    expect(local.body).toContain('Open municipal services to all residents');
    expect(local.body).not.toContain('Train staff in health services');
    const bad = await app.inject({ method: 'GET', url: '/recommendations?audience=galactic' });
    expect(bad.statusCode).toBe(400);
  });

  it('answers the API with evidence, filters and problems', async () => {
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/recommendations?audience=international&per_page=5',
    });
    expect(list.statusCode).toBe(200);
    const body = list.json() as {
      total: number;
      results: { slug: string; practice_count: number }[];
    };
    expect(body.total).toBe(1);
    expect(body.results[0]).toMatchObject({
      slug: 'train-staff-in-health-services',
      practice_count: 1,
    });

    const bad = await app.inject({ method: 'GET', url: '/api/v1/recommendations?theme=nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((bad.json() as { errors: { field: string }[] }).errors[0]?.field).toBe('theme');

    const one = await app.inject({
      method: 'GET',
      url: '/api/v1/recommendations/open-municipal-services-to-all-residents?lang=fr',
    });
    expect(one.statusCode).toBe(200);
    const detail = one.json() as {
      title: string;
      title_language: string;
      text_language: string;
      source: unknown;
      evidence: {
        summary: { count: number; by_level: unknown[] };
        practices: { note: string }[];
      };
    };
    expect(detail.title).toBe('Ouvrir les services municipaux à tous les habitants');
    expect(detail.title_language).toBe('fr');
    expect(detail.text_language).toBe('en');
    expect(detail.source).toMatchObject({ kind: 'event', slug: 'inter-ethnic-city-2009' });
    expect(detail.evidence.summary.count).toBe(3);
    expect(detail.evidence.summary.by_level).toEqual([
      { level: 'effective', count: 1 },
      { level: 'promising', count: 2 },
    ]);
    expect(detail.evidence.practices[0]?.note).toBe('One desk for every service.');

    const missing = await app.inject({ method: 'GET', url: '/api/v1/recommendations/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const page404 = await app.inject({ method: 'GET', url: '/recommendations/nope' });
    expect(page404.statusCode).toBe(404);
  });

  it('edits a recommendation, keeps its slug, and removes a link', async () => {
    const form = await editor.get(`${editPath}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Ouvrir les services municipaux à tous les habitants"');

    const bad = await editor.post(`${editPath}/edit`, { ...VALID, audiences: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="field-audiences-error"');

    const saved = await editor.post(`${editPath}/edit`, {
      ...VALID,
      title: 'Open all municipal services to every resident',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(
      '/recommendations/open-municipal-services-to-all-residents',
    );

    const removed = await editor.post(
      `${editPath}/practices/${slugs['rec-porto']}/delete`,
      {},
      { from: `${editPath}/edit` },
    );
    expect(removed.statusCode).toBe(303);
    const page = await app.inject({
      method: 'GET',
      url: '/recommendations/open-municipal-services-to-all-residents',
    });
    expect(page.body).toContain('Open all municipal services to every resident');
    expect(page.body).toContain('2 practices: 1 rigorously evaluated, 1 promising; 2 regions');
  });

  it('finds practices to link by words', async () => {
    const found = await editor.get(`${editPath}/edit?q=mediators`);
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('Housing mediators');
    expect(found.body).toContain(`name="practice" value="${slugs['rec-montreal']}"`);
  });
});
