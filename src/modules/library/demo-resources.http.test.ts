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
import { DEMO_RESOURCES_FILE, prepareDatabase } from '../system/setup.service.ts';
import { type DemoResources, loadDemoResources } from './demo-resources.ts';

/** The demo library after a demo setup: listed, searchable, and read in the site's languages. */

const CONTENT = JSON.parse(readFileSync(DEMO_RESOURCES_FILE, 'utf8')) as DemoResources;
const RECORDS = CONTENT.resources;
const COMPACT = 'global-compact-for-migration';
const QUITO = 'declaracion-de-quito-movilidad-humana-2018';
const recordOf = (slug: string) => {
  const record = RECORDS.find((r) => r.slug === slug);
  if (!record) throw new Error(`${slug} is not in the demo resources`);
  return record;
};

describe.each(dialects)('the demo library on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const total = async () =>
    ((await app.inject('/api/v1/resources?per_page=1')).json() as { total: number }).total;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('lists at least 30 resources, every demo one among them', async () => {
    expect(await total()).toBeGreaterThanOrEqual(30);
    const page = await app.inject('/resources?per_page=100');
    expect(page.statusCode).toBe(200);
    for (const { slug } of RECORDS) expect(page.body, slug).toContain(`/resources/${slug}"`);
  });

  it('shows a translation in Arabic and French, labelled as one with its date', async () => {
    const record = recordOf(COMPACT);
    const ar = await app.inject(`/ar/resources/${COMPACT}`);
    expect(ar.statusCode).toBe(200);
    expect(ar.body).toContain(record.translations.ar?.abstract.slice(0, 80));
    expect(ar.body).toContain('مترجَم إلى');
    const fr = await app.inject(`/fr/resources/${COMPACT}`);
    expect(fr.body).toContain('Pacte mondial pour des migrations sûres, ordonnées et régulières');
    expect(fr.body).toContain('Traduit en français le 7 décembre 2026\u00a0; original en anglais.');
    const en = await app.inject(`/resources/${COMPACT}`);
    expect(en.body).toContain(record.abstract.slice(0, 80));
    expect(en.body).not.toContain('Translated into');
  });

  it('shows an original in Spanish as it is, and in English as a translation', async () => {
    const record = recordOf(QUITO);
    const es = await app.inject(`/es/resources/${QUITO}`);
    expect(es.body).toContain(record.abstract.slice(0, 80));
    expect(es.body).not.toContain('Traducido al');
    const en = await app.inject(`/resources/${QUITO}`);
    expect(en.body).toContain(record.translations.en?.abstract.slice(0, 80));
    expect(en.body).toContain('Translated into English');
  });

  it('finds demo resources by words in another language than the reader’s', async () => {
    const found = (await app.inject('/api/v1/resources?q=intercultural')).json() as {
      results: { slug: string }[];
    };
    expect(found.results.map((r) => r.slug)).toContain('coe-intercultural-cities-index');
  });

  it('are loaded once: preparing again, even without the setting, adds nothing', async () => {
    const before = await total();
    await prepareDatabase(database.db, { demo: true });
    await database.db
      .deleteFrom('settings')
      .where('key', '=', 'demo_resources_loaded_at')
      .execute();
    await prepareDatabase(database.db, { demo: true });
    expect(await total()).toBe(before);
  });

  it('refuses a bad record before writing anything, naming the file, record and field', async () => {
    const before = await total();
    const good = { ...recordOf(COMPACT), slug: 'a-new-resource' };
    const bad = { ...good, slug: 'a-bad-resource', themes: ['astrology'] };
    await expect(
      loadDemoResources(
        database.db,
        { translatedOn: '2026-12-07', resources: [good, bad] },
        'content/demo-resources.json',
      ),
    ).rejects.toThrow(
      'content/demo-resources.json: record 2 (a-bad-resource) themes: is not one of the choices',
    );
    const untranslated = {
      ...good,
      translations: { ...good.translations, fr: { title: 'Titre', abstract: '' } },
    };
    await expect(
      loadDemoResources(database.db, { translatedOn: '2026-12-07', resources: [untranslated] }),
    ).rejects.toThrow('record 1 (a-new-resource) translations.fr.t_abstract: is required');
    expect(await total()).toBe(before);
  });
});
