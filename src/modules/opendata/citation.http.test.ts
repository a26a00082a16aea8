import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_PUBLIC_URL } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { EVIL, seedVersions } from '../../../test/helpers/practice-versions.ts';
import { translator } from '../../core/i18n/i18n.ts';

// The CSL-JSON input schema from citation-style-language/schema (see citation.service.test.ts).
const validateCsl = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(
    readFileSync(new URL('../../../test/fixtures/csl-data.json', import.meta.url), 'utf8'),
  ) as object,
);

const TODAY = () => new Date().toISOString().slice(0, 10);

describe.each(dialects)('citation downloads on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let slug: string;
  let evilSlug: string;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    ({ slug, evilSlug } = await seedVersions(database.db));
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('serves BibTeX of the current version as an attachment', async () => {
    const response = await get(`/practices/${slug}/cite.bib`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-bibtex; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${slug}-v3.bib"`);
    const url = `${TEST_PUBLIC_URL}/practices/${slug}/versions/3`;
    expect(response.body).toMatch(new RegExp(`^@misc\\{${slug}-v3,\\n`));
    expect(response.body).toContain('  title = {{One-stop welcome desk}},\n');
    expect(response.body).toContain('  author = {{City of Lisbon \\& Partners}},\n');
    expect(response.body).toMatch(/ {2}year = \{\d{4}\},\n/);
    expect(response.body).toContain(`  howpublished = {\\url{${url}}},\n`);
    expect(response.body).toContain(`  url = {${url}},\n`);
    expect(response.body).toContain(`  urldate = {${TODAY()}},\n`);
    expect(response.body).toContain('  note = {Integration Clearinghouse},\n');
    expect(response.body).toContain('  version = {3}\n}\n');
  });

  it('cites an earlier version, in the language asked for', async () => {
    const first = await get(`/practices/${slug}/cite.bib?version=1`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-disposition']).toBe(`attachment; filename="${slug}-v1.bib"`);
    expect(first.body).toContain('  title = {{Welcome desk for newcomers}},\n');
    expect(first.body).toContain(`/practices/${slug}/versions/1}`);

    const french = await get(`/practices/${slug}/cite.json?version=2&lang=fr`);
    const [item] = french.json() as Record<string, unknown>[];
    expect(item).toMatchObject({ title: 'Guichet d’accueil', language: 'fr', version: '2' });
  });

  it('serves CSL-JSON that the CSL schema accepts', async () => {
    const response = await get(`/practices/${slug}/cite.json`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.citationstyles.csl+json');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${slug}-v3.json"`);
    const body = response.json() as Record<string, unknown>[];
    expect(validateCsl(body), JSON.stringify(validateCsl.errors)).toBe(true);
    expect(body).toHaveLength(1);
    const [y, m, d] = TODAY().split('-').map(Number);
    expect(body[0]).toMatchObject({
      id: `${slug}-v3`,
      type: 'webpage',
      title: 'One-stop welcome desk',
      author: [{ literal: 'City of Lisbon & Partners' }],
      URL: `${TEST_PUBLIC_URL}/practices/${slug}/versions/3`,
      'container-title': 'Integration Clearinghouse',
      accessed: { 'date-parts': [[y, m, d]] },
      language: 'en',
      version: '3',
    });
    const { issued } = body[0] as { issued: { 'date-parts': number[][] } };
    expect(issued['date-parts'][0]).toHaveLength(3);
  });

  it('cites a practice without versions at its page, whatever its text holds', async () => {
    const bib = await get(`/practices/${evilSlug}/cite.bib`);
    expect(bib.statusCode).toBe(200);
    expect(bib.headers['content-disposition']).toBe(`attachment; filename="${evilSlug}.bib"`);
    expect(bib.body).toContain(`  url = {${TEST_PUBLIC_URL}/practices/${evilSlug}},\n`);
    expect(bib.body).not.toContain('version =');
    const json = await get(`/practices/${evilSlug}/cite.json`);
    const body = json.json() as Record<string, unknown>[];
    expect(validateCsl(body), JSON.stringify(validateCsl.errors)).toBe(true);
    expect(body[0]?.title).toBe(`Evil ${EVIL} practice`);
    expect(body[0]?.author).toEqual([{ literal: `Org ${EVIL}` }]);
  });

  it('uses the site name of the reader’s language', async () => {
    const response = await get(`/fr/practices/${slug}/cite.json`);
    expect(response.statusCode).toBe(200);
    const [item] = response.json() as Record<string, unknown>[];
    expect(item?.['container-title']).toBe(translator('fr')('site.name'));
    expect(item?.['container-title']).not.toBe('Integration Clearinghouse');
  });

  it('refuses a version that is not a number, and finds no missing version or practice', async () => {
    // A download link followed by a person: the error is a page that says what was wrong.
    const wrong = await get(`/practices/${slug}/cite.bib?version=two`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain(
      '<strong>version</strong>: <span>must be a version number such as 2</span>',
    );
    expect((await get(`/practices/${slug}/cite.json?version=0`)).statusCode).toBe(400);
    expect((await get(`/practices/${slug}/cite.json?version=9`)).statusCode).toBe(404);
    expect((await get('/practices/no-such-practice/cite.bib')).statusCode).toBe(404);
    expect((await get(`/practices/${evilSlug}/cite.bib?version=1`)).statusCode).toBe(404);
  });
});
