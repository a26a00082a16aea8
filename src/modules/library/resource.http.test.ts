import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/helpers/agent.ts';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { createUser, signIn } from '../../../test/helpers/users.ts';
import { reindexAll } from '../search/search-indexer.service.ts';
import { listResourceChoices, loadFoundingResources } from './resource.service.ts';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

type Fields = Record<string, string | string[]>;

/** Posts a multipart form the way a browser does, with an optional file. */
async function postMultipart(
  app: FastifyInstance,
  agent: Agent,
  url: string,
  from: string,
  fields: Fields,
  file?: { name: string; data: Buffer; type: string },
): Promise<LightMyRequestResponse> {
  const csrf = await agent.csrfFrom(from);
  const boundary = '----library-test-boundary';
  const parts: Buffer[] = [];
  const field = (name: string, value: string) =>
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  field('_csrf', csrf);
  for (const [name, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) field(name, v);
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(parts),
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
}

const HOUSING_GUIDE: Fields = {
  title: 'Finding homes for newcomers: a guide for cities',
  type: 'guideline',
  authors: 'Urban Housing Network',
  year: '2019',
  language: 'en',
  link_url: 'https://example.org/housing-guide',
  abstract: 'How municipalities help newly arrived families rent an apartment in their first year.',
  themes: ['housing'],
};

describe.each(dialects)('resource library on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let editor: Agent;
  let member: Agent;
  let housingSlug: string;

  const create = (fields: Fields, file?: { name: string; data: Buffer; type: string }) =>
    postMultipart(app, editor, '/editor/resources', '/editor/resources/new', fields, file);
  const api = async (query: string) => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/resources${query}` });
    return { status: response.statusCode, body: response.json() };
  };
  const count = async () =>
    Number(
      (
        await database.db
          .selectFrom('resources')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    app = await buildTestApp(database, {
      authRateLimitPerMinute: 100_000,
      loginDelayMs: 1,
      uploadMaxBytes: 200_000,
    });
    await createUser(database.db, 'editor@example.org', 'editor');
    await createUser(database.db, 'member@example.org', 'member');
    editor = new Agent(app);
    member = new Agent(app);
    await signIn(editor, 'editor@example.org');
    await signIn(member, 'member@example.org');

    const created = await create(HOUSING_GUIDE);
    expect(created.statusCode).toBe(303);
    housingSlug = String(created.headers.location).replace('/resources/', '');
    const others: Fields[] = [
      {
        title: 'Health needs of refugees: a survey in three cities',
        type: 'study',
        authors: 'Institute of Migration Research',
        year: '2022',
        language: 'en',
        link_url: 'https://example.org/health-study',
        abstract: 'Access to doctors and mental health care among recently arrived refugees.',
        themes: ['health'],
      },
      {
        title: 'Statistiques de l’emploi des personnes immigrées',
        type: 'dataset',
        authors: 'Observatoire régional',
        year: '2015',
        language: 'fr',
        link_url: 'https://example.org/emploi',
        abstract: 'Taux d’emploi par commune et par année d’arrivée.',
        themes: ['employment'],
      },
      {
        title: 'Tenant rights toolkit',
        type: 'toolkit',
        authors: 'Legal Aid Collective',
        year: '2010',
        language: 'en',
        link_url: 'https://example.org/tenants',
        abstract: 'Templates and checklists for advisers working with migrant tenants.',
        themes: ['housing', 'legal-status-documentation'],
      },
    ];
    for (const fields of others) expect((await create(fields)).statusCode).toBe(303);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('finds an English housing guide from the Spanish word "vivienda", through the theme', async () => {
    const { status, body } = await api('?q=vivienda');
    expect(status).toBe(200);
    const slugs = body.results.map((r: { slug: string }) => r.slug);
    expect(slugs).toContain(housingSlug);
    expect(slugs).not.toContain('health-needs-of-refugees-a-survey-in-three-cities');
    expect(body.concepts).toEqual([
      expect.objectContaining({ kind: 'theme', id: 'housing', matched: 'vivienda' }),
    ]);
    const page = await app.inject({ method: 'GET', url: '/es/resources?q=vivienda' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Finding homes for newcomers');
  });

  it('says what to do next when a search finds no resource', async () => {
    const page = await app.inject({ method: 'GET', url: '/resources?q=zzzzqqqq' });
    expect(page.statusCode).toBe(200);
    const empty = page.body.slice(page.body.indexOf('class="empty-state"'));
    expect(empty).toContain('<a href="/resources">Browse the whole library</a>');
    expect(empty).toContain(
      'href="/search?q=zzzzqqqq">Search the practices for “\u2068zzzzqqqq\u2069”</a>',
    );
  });

  it('matches words of the text with ranking, and excludes with a minus', async () => {
    const { body } = await api('?q=apartment');
    expect(body.results.map((r: { slug: string }) => r.slug)).toEqual([housingSlug]);
    const excluded = await api('?q=vivienda%20-tenants');
    expect(excluded.body.results.map((r: { slug: string }) => r.slug)).toEqual([housingSlug]);
  });

  it('filters by type, theme, language and years, counting each facet with the other filters', async () => {
    const all = await api('');
    expect(all.body.total).toBe(4);
    const byType = await api('?type=dataset');
    expect(byType.body.total).toBe(1);
    // The type facet still counts the other types (its own filter is left out)…
    const typeCounts = Object.fromEntries(
      byType.body.facets.type.map((v: { id: string; count: number }) => [v.id, v.count]),
    );
    expect(typeCounts).toMatchObject({ dataset: 1, guideline: 1, study: 1, toolkit: 1 });
    // …while the others count only datasets.
    expect(byType.body.facets.language).toEqual([
      expect.objectContaining({ id: 'fr', count: 1, label: 'French' }),
    ]);

    const housing = await api('?theme=housing');
    expect(housing.body.total).toBe(2);
    const housingToolkits = await api('?theme=housing&type=toolkit');
    expect(housingToolkits.body.results.map((r: { title: string }) => r.title)).toEqual([
      'Tenant rights toolkit',
    ]);
    expect((await api('?language=fr')).body.total).toBe(1);
    expect((await api('?language=en&theme=health')).body.total).toBe(1);
    const years = await api('?year_from=2012&year_to=2020');
    expect(years.body.results.map((r: { year: number }) => r.year).sort()).toEqual([2015, 2019]);
    expect((await api('?q=vivienda&year_to=2012')).body.results[0].title).toBe(
      'Tenant rights toolkit',
    );

    const page = await app.inject({ method: 'GET', url: '/resources?theme=housing&type=toolkit' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Tenant rights toolkit');
    expect(page.body).not.toContain('Finding homes for newcomers');
    expect(page.body).toMatch(/name="type" value="toolkit" checked/);
  });

  it('answers unknown filters with a problem naming the parameter, never a 500', async () => {
    const theme = await api('?theme=nonsense');
    expect(theme.status).toBe(400);
    expect(theme.body.errors).toEqual([
      expect.objectContaining({ field: 'theme', message: 'unknown value "nonsense"' }),
    ]);
    expect((await api('?type=novel')).status).toBe(400);
    expect((await api('?language=zz-!!')).status).toBe(400);
    const years = await api('?year_from=2020&year_to=2010');
    expect(years.status).toBe(400);
    expect(years.body.errors[0].field).toBe('year_to');
    const page = await app.inject({ method: 'GET', url: '/resources?theme=nonsense' });
    expect(page.statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/v1/resources/nope' })).statusCode).toBe(
      404,
    );
    expect((await app.inject({ method: 'GET', url: '/resources/nope' })).statusCode).toBe(404);
  });

  it('shows a resource with its facts, link, themes and JSON-LD by type', async () => {
    const page = await app.inject({ method: 'GET', url: `/resources/${housingSlug}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Urban Housing Network');
    expect(page.body).toContain('href="https://example.org/housing-guide"');
    expect(page.body).toContain('"@type":"CreativeWork"');
    const datasetSlug = (await api('?type=dataset')).body.results[0].slug;
    const dataset = await app.inject({ method: 'GET', url: `/resources/${datasetSlug}` });
    expect(dataset.statusCode).toBe(200);
    expect(dataset.body).toContain('"@type":"Dataset"');
    const detail = await app.inject({ method: 'GET', url: `/api/v1/resources/${housingSlug}` });
    expect(detail.json()).toMatchObject({
      slug: housingSlug,
      type: 'guideline',
      year: 2019,
      language: 'en',
      themes: [{ id: 'housing', label: 'Housing' }],
      file: null,
    });
  });

  it('stores an uploaded PDF, and refuses a renamed non-PDF and an image, storing nothing', async () => {
    const before = await count();
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(400, 0x90)]);
    const fake = await create(
      { ...HOUSING_GUIDE, title: 'Fake report', link_url: '' },
      { name: 'report.pdf', data: exe, type: 'application/pdf' },
    );
    expect(fake.statusCode).toBe(400);
    expect(fake.body).toContain('Only PDF, PNG, JPEG or WebP');
    expect(fake.body).toContain('value="Fake report"');
    const png = await sharp({
      create: { width: 20, height: 20, channels: 3, background: { r: 9, g: 9, b: 9 } },
    })
      .png()
      .toBuffer();
    const image = await create(
      { ...HOUSING_GUIDE, title: 'Poster', link_url: '' },
      { name: 'poster.pdf', data: png, type: 'application/pdf' },
    );
    expect(image.statusCode).toBe(400);
    expect(image.body).toContain('Only PDF documents are accepted in the library.');
    expect(await count()).toBe(before);
    expect(await database.db.selectFrom('files').select('id').execute()).toHaveLength(0);

    const ok = await create(
      { ...HOUSING_GUIDE, title: 'Annual integration report', type: 'policy-paper', link_url: '' },
      { name: 'rapport annuel.pdf', data: PDF, type: 'application/pdf' },
    );
    expect(ok.statusCode).toBe(303);
    const slug = String(ok.headers.location).replace('/resources/', '');
    const page = await app.inject({ method: 'GET', url: `/resources/${slug}` });
    expect(page.body).toContain(`href="/resources/${slug}/file"`);
    expect(page.body).toContain('"@type":"Report"');
    const file = await app.inject({ method: 'GET', url: `/resources/${slug}/file` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.equals(PDF)).toBe(true);
    const { body } = await api(`/${slug}`);
    expect(body.file).toMatchObject({ name: 'rapport annuel.pdf', media_type: 'application/pdf' });
    expect(body.file_url).toBe(`http://clearinghouse.test/resources/${slug}/file`);
    expect(
      (await app.inject({ method: 'GET', url: `/resources/${housingSlug}/file` })).statusCode,
    ).toBe(404);
  });

  it('refuses bad input beside each field, keeps what was typed and changes nothing', async () => {
    const before = await count();
    const bad = await create({
      title: '   ',
      type: 'novel',
      authors: 'Someone',
      year: '1850',
      language: 'klingonese',
      link_url: 'javascript:alert(1)',
      abstract: 'Something <b>bold</b>',
      themes: ['housing', 'not-a-theme'],
    });
    expect(bad.statusCode).toBe(400);
    for (const text of [
      'id="field-title-error"',
      'This is required.',
      'id="field-type-error"',
      'Choose from the list.',
      'id="field-year-error"',
      'Enter a year from 1900 to',
      'id="field-language-error"',
      '“klingonese” is not a known language code',
      'id="field-link_url-error"',
      'Enter a web address starting with https://',
      'id="field-themes-error"',
    ])
      expect(bad.body).toContain(text);
    expect(bad.body).toContain('Something &lt;b>bold&lt;/b>');
    expect(bad.body).not.toContain('<b>bold</b>');

    const neither = await create({ ...HOUSING_GUIDE, link_url: '' });
    expect(neither.statusCode).toBe(400);
    expect(neither.body).toContain('Give a link, a PDF file, or both.');
    const unknownLanguage = await create({ ...HOUSING_GUIDE, language: 'qq' });
    expect(unknownLanguage.statusCode).toBe(400);
    expect(unknownLanguage.body).toContain('id="field-language-error"');
    const future = await create({
      ...HOUSING_GUIDE,
      year: String(new Date().getUTCFullYear() + 3),
    });
    expect(future.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('lets only editors add and edit resources', async () => {
    expect((await member.get('/editor/resources/new')).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/editor/resources/new' })).statusCode).not.toBe(
      200,
    );
    const list = await member.get('/resources');
    expect(list.body).not.toContain('/editor/resources/new');
    const editorList = await editor.get('/resources');
    expect(editorList.body).toContain('/editor/resources/new');
    const edit = await postMultipart(
      app,
      editor,
      `/editor/resources/${housingSlug}`,
      `/editor/resources/${housingSlug}/edit`,
      { ...HOUSING_GUIDE, year: '2020', themes: ['housing', 'access-to-services'] },
    );
    expect(edit.statusCode).toBe(303);
    const { body } = await api(`/${housingSlug}`);
    expect(body.year).toBe(2020);
    expect(body.themes.map((t: { id: string }) => t.id).sort()).toEqual([
      'access-to-services',
      'housing',
    ]);
    const badEdit = await postMultipart(
      app,
      editor,
      `/editor/resources/${housingSlug}`,
      `/editor/resources/${housingSlug}/edit`,
      { ...HOUSING_GUIDE, year: '20x0' },
    );
    expect(badEdit.statusCode).toBe(400);
    expect(badEdit.body).toContain('value="20x0"');
    expect((await api(`/${housingSlug}`)).body.year).toBe(2020);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'resource')
      .execute();
    expect(audit.map((a) => a.action)).toContain('resource.updated');
  });

  it('shows the reader’s translation when there is one, else the original with a note', async () => {
    const from = `/editor/resources/${housingSlug}/edit`;
    const same = await editor.post(
      `/editor/resources/${housingSlug}/translations`,
      { locale: 'en', t_title: 'x', t_abstract: 'y' },
      { from },
    );
    expect(same.statusCode).toBe(400);
    expect(same.body).toContain('This is the language of the original');
    const saved = await editor.post(
      `/editor/resources/${housingSlug}/translations`,
      {
        locale: 'es',
        t_title: 'Encontrar vivienda para recién llegados',
        t_abstract: 'Cómo los municipios ayudan a alquilar un piso.',
      },
      { from },
    );
    expect(saved.statusCode).toBe(303);
    const spanish = await app.inject({ method: 'GET', url: `/es/resources/${housingSlug}` });
    expect(spanish.body).toContain('Encontrar vivienda para recién llegados');
    const french = await app.inject({ method: 'GET', url: `/fr/resources/${housingSlug}` });
    expect(french.body).toContain('Finding homes for newcomers');
    expect(french.body).toContain('pas encore traduit');
    // The translation is indexed: its own words find the resource.
    const { body } = await api('?q=piso&lang=es');
    expect(body.results[0]).toMatchObject({
      slug: housingSlug,
      title: 'Encontrar vivienda para recién llegados',
      display_language: 'es',
    });
  });

  it('offers the resources its words and filters select as CSV and XLSX, translated where it can', async () => {
    const page = (await app.inject({ method: 'GET', url: '/resources?theme=housing&page=1' })).body;
    expect(page).toContain('href="/resources.csv?theme=housing"');
    expect(page).toContain('href="/resources.xlsx?theme=housing"');
    const toolkits = await app.inject({
      method: 'GET',
      url: '/resources.csv?theme=housing&type=toolkit',
    });
    expect(toolkits.statusCode).toBe(200);
    expect(toolkits.body.startsWith('\uFEFF')).toBe(true);
    const toolkitRows = parseCsv(toolkits.body.slice(1)) as string[][];
    expect(toolkitRows.slice(1).map((r) => r[0])).toEqual(['Tenant rights toolkit']);
    expect(toolkitRows[1]?.[2]).toBe('Toolkit');

    const spanish = await app.inject({ method: 'GET', url: '/es/resources.csv?theme=housing' });
    const rows = parseCsv(spanish.body.slice(1)) as string[][];
    expect(rows[0]?.slice(0, 3)).toEqual(['Título', 'Enlace', 'Tipo']);
    const guide = rows.find((r) => r[1]?.endsWith(`/es/resources/${housingSlug}`));
    expect(guide?.[0]).toBe('Encontrar vivienda para recién llegados');

    const workbook = new ExcelJS.Workbook();
    const xlsx = await app.inject({ method: 'GET', url: '/es/resources.xlsx?theme=housing' });
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(rows.length);
    const titles: unknown[] = [];
    sheet?.eachRow((row) => {
      titles.push(row.getCell(1).value);
    });
    expect(titles).toEqual(rows.map((r) => r[0]));
    expect(
      (await app.inject({ method: 'GET', url: '/resources.csv?theme=nonsense' })).statusCode,
    ).toBe(400);
  });

  it('rebuilds the resources index with the full reindex, and lists choices for other modules', async () => {
    await reindexAll(database.db, 0);
    expect((await api('?q=vivienda')).body.results.map((r: { slug: string }) => r.slug)).toContain(
      housingSlug,
    );
    const founding = await loadFoundingResources(database.db);
    expect(await loadFoundingResources(database.db)).toEqual(founding);
    const organisations = await api('?type=organisation&q=migration');
    expect(organisations.body.results.map((r: { slug: string }) => r.slug)).toContain(
      'international-organization-for-migration',
    );
    const choices = await listResourceChoices(database.db);
    expect(choices.filter((c) => founding.includes(c.slug))).toHaveLength(2);
    expect(choices).toContainEqual({
      id: expect.any(Number),
      slug: housingSlug,
      title: HOUSING_GUIDE.title,
      year: 2020,
    });
  });
});
