import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { TEST_PUBLIC_URL, testConfig } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { insertAssessment } from '../assessment/assessment.repository.ts';
import { loadFramework } from '../assessment/framework.ts';
import { importPractices } from '../practices/practice-interchange.service.ts';
import { oaiRoutes } from './oai.routes.ts';

// ---- Schema validation, offline, against the vendored published schemas (as oai.http.test.ts). ----

const XSD_DIR = new URL('../../../test/fixtures/xsd/oai/', import.meta.url);
const xsd = (name: string) => ({
  fileName: name,
  contents: readFileSync(new URL(name, XSD_DIR), 'utf8'),
});
const SCHEMA = xsd('oai-pmh-with-oai_dc.xsd');
const PRELOAD = ['OAI-PMH.xsd', 'oai_dc.xsd', 'simpledc20021212.xsd', 'xml.xsd'].map(xsd);
const pending: string[] = [];

async function validatePending(): Promise<void> {
  const documents = pending.splice(0);
  if (documents.length === 0) return;
  const result = await validateXML({
    xml: documents.map((contents, i) => ({ fileName: `response-${i}.xml`, contents })),
    schema: [SCHEMA],
    preload: PRELOAD,
  });
  expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
  expect(result.valid).toBe(true);
}

type Node = ReturnType<typeof parseDocument>;
type El = ReturnType<typeof DomUtils.getElementsByTagName>[number];
const all = (root: Node | El, name: string): El[] =>
  DomUtils.getElementsByTagName(name, root as El, true);
const first = (root: Node | El, name: string): El | undefined => all(root, name)[0];
const text = (el: El | undefined): string => (el ? DomUtils.textContent(el) : '');
const texts = (root: Node | El, name: string): string[] => all(root, name).map(text);

async function oai(app: FastifyInstance, query: string) {
  const response = await app.inject({ method: 'GET', url: `/oai?${query}` });
  pending.push(response.body);
  const doc = parseDocument(response.body, { xmlMode: true, decodeEntities: true });
  return {
    doc,
    errors: all(doc, 'error').map((e) => e.attribs.code ?? ''),
    token: first(doc, 'resumptionToken'),
  };
}

async function harvest(app: FastifyInstance, verb: string, args: string) {
  const pages: Awaited<ReturnType<typeof oai>>[] = [];
  let query = `verb=${verb}&${args}`;
  for (let guard = 0; guard < 20; guard++) {
    const page = await oai(app, query);
    pages.push(page);
    const token = page.token ? text(page.token) : '';
    if (token === '') break;
    query = `verb=${verb}&resumptionToken=${encodeURIComponent(token)}`;
  }
  const headers = pages.flatMap((p) => all(p.doc, 'header'));
  return { pages, ids: headers.map((h) => text(first(h, 'identifier'))) };
}

// ---- Data -----------------------------------------------------------------------------------

const framework = loadFramework('2026.1');
const HOST = new URL(TEST_PUBLIC_URL).hostname;
const CITIES: [string, string, string][] = [
  ['lisbon', 'PT', 'Lisbon'],
  ['ghent', 'BE', 'Ghent'],
  ['lyon', 'FR', 'Lyon'],
  ['amman', 'JO', 'Amman'],
];

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

describe.each(dialects)('OAI-PMH set of city self-assessments on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  /** The OAI routes with pages of 2 records, to follow resumption tokens. */
  let app: FastifyInstance;
  const city: Record<string, number> = {};
  const identifier = (name: string, year: number) => `oai:${HOST}:assessment/${city[name]}-${year}`;

  const assess = async (
    name: string,
    year: number,
    publishedAt: string | null,
    options: { illustrative?: boolean; state?: string } = {},
  ) => {
    const at = `${year}-03-01T00:00:00.000Z`;
    await insertAssessment(database.db, {
      city_id: city[name] as number,
      year,
      framework_version: '2026.1',
      state: options.state ?? 'accepted',
      share_publicly: publishedAt === null ? 0 : 1,
      published_at: publishedAt,
      illustrative: options.illustrative ? 1 : 0,
      scores: JSON.stringify(
        Object.fromEntries(framework.areas.map((a, i) => [a.id, i === 0 ? null : 40 + i])),
      ),
      created_by: null,
      created_at: at,
      updated_at: at,
      submitted_at: at,
      decided_at: at,
      decided_by: null,
    });
  };

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    const report = await importPractices(
      database.db,
      values(
        CITIES.map(([id, country, name]) => ({
          external_id: id,
          title: `Practice in ${name}`,
          language: 'en',
          summary: `What ${name} does.`,
          country,
          city: name,
          themes: ['housing'],
          illustrative: false,
        })),
      ),
    );
    expect(report.committed, JSON.stringify(report.problems)).toBe(true);
    for (const row of await database.db
      .selectFrom('practices')
      .select(['external_id', 'city_id'])
      .execute())
      city[row.external_id] = row.city_id as number;
    await assess('lisbon', 2025, '2025-06-01T10:00:00.000Z');
    await assess('lisbon', 2026, '2026-06-02T10:00:00.000Z');
    await assess('ghent', 2026, '2026-06-03T10:00:00.000Z', { illustrative: true });
    // Accepted but kept private by the city, and one still with the editors: never harvested.
    await assess('lyon', 2026, null);
    await assess('amman', 2026, null, { state: 'submitted' });
    app = Fastify({ logger: false });
    app.decorate('config', testConfig(database));
    app.decorate('readDb', database.db);
    await app.register(oaiRoutes, { pageSize: 2 });
    await app.ready();
  });

  afterEach(validatePending);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('lists the set of city self-assessments', async () => {
    const r = await oai(app, 'verb=ListSets');
    const sets = new Map(
      all(r.doc, 'set').map((s) => [text(first(s, 'setSpec')), text(first(s, 'setName'))]),
    );
    expect(sets.get('assessments')).toBe('City self-assessments');
    expect(sets.get('theme')).toBe('Themes');
  });

  it('announces the earliest datestamp of the assessments when it is older than any practice', async () => {
    const r = await oai(app, 'verb=Identify');
    expect(texts(r.doc, 'earliestDatestamp')).toEqual(['2025-06-01T10:00:00Z']);
  });

  it('harvests every published assessment once, through resumption tokens, and no private one', async () => {
    const published = [
      identifier('lisbon', 2025),
      identifier('lisbon', 2026),
      identifier('ghent', 2026),
    ];
    for (const verb of ['ListIdentifiers', 'ListRecords']) {
      const { pages, ids } = await harvest(app, verb, 'metadataPrefix=oai_dc&set=assessments');
      expect(ids).toEqual(published);
      expect(pages).toHaveLength(2);
      expect(pages[0]?.token?.attribs.completeListSize).toBe('3');
      for (const page of pages) expect(texts(page.doc, 'setSpec')).not.toContain('theme:housing');
    }
    // A harvest without a set is the practice collection, as before.
    const practices = await harvest(app, 'ListIdentifiers', 'metadataPrefix=oai_dc');
    expect(practices.ids.every((id) => id.startsWith(`oai:${HOST}:practice/`))).toBe(true);
    expect(practices.ids).toHaveLength(CITIES.length);
  });

  it('selects assessments by the day they were published', async () => {
    const since = await harvest(
      app,
      'ListIdentifiers',
      'metadataPrefix=oai_dc&set=assessments&from=2026-06-02',
    );
    expect(since.ids).toEqual([identifier('lisbon', 2026), identifier('ghent', 2026)]);
    const until = await oai(
      app,
      'verb=ListIdentifiers&metadataPrefix=oai_dc&set=assessments&until=2025-12-31',
    );
    expect(texts(until.doc, 'identifier')).toEqual([identifier('lisbon', 2025)]);
    expect(texts(until.doc, 'datestamp')).toEqual(['2025-06-01T10:00:00Z']);
    const none = await oai(
      app,
      'verb=ListRecords&metadataPrefix=oai_dc&set=assessments&from=2027-01-01',
    );
    expect(none.errors).toEqual(['noRecordsMatch']);
  });

  it('gets one assessment as a Dublin Core dataset', async () => {
    const r = await oai(
      app,
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(identifier('lisbon', 2026))}`,
    );
    expect(r.errors).toEqual([]);
    expect(texts(r.doc, 'setSpec')).toEqual(['assessments']);
    expect(texts(r.doc, 'datestamp')).toEqual(['2026-06-02T10:00:00Z']);
    const url = `${TEST_PUBLIC_URL}/cities/${city.lisbon}/assessment/2026`;
    expect(texts(r.doc, 'dc:title')).toEqual(['City self-assessment 2026: Lisbon']);
    expect(texts(r.doc, 'dc:type')).toEqual(['Dataset']);
    expect(texts(r.doc, 'dc:identifier')).toEqual([url, `${url}.json`]);
    expect(texts(r.doc, 'dc:coverage')).toEqual(['Lisbon', 'Portugal']);
    expect(texts(r.doc, 'dc:date')).toEqual(['2026']);
    expect(texts(r.doc, 'dc:language')).toEqual(['en']);
    expect(texts(r.doc, 'dc:publisher')).toEqual(['Integration Clearinghouse']);
    expect(texts(r.doc, 'dc:rights')).toEqual([testConfig(database).licence.url]);
    const [description] = texts(r.doc, 'dc:description');
    expect(description).toContain('2026.1');
    const [unscored, second] = framework.areas;
    expect(description).toContain(`${unscored?.title.en} not scored`);
    expect(description).toContain(`${second?.title.en} 41`);
    expect(description).not.toContain('Illustrative');

    const demo = await oai(
      app,
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(identifier('ghent', 2026))}`,
    );
    expect(texts(demo.doc, 'dc:description')[0]).toMatch(/^Illustrative example/);
  });

  it('knows no private, unsent or unknown assessment', async () => {
    for (const id of [
      identifier('lyon', 2026),
      identifier('amman', 2026),
      identifier('lisbon', 2024),
      `oai:${HOST}:assessment/${city.lisbon}-02026`,
      `oai:${HOST}:assessment/lisbon-2026`,
    ]) {
      const r = await oai(
        app,
        `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(id)}`,
      );
      expect(r.errors, id).toEqual(['idDoesNotExist']);
      const formats = await oai(
        app,
        `verb=ListMetadataFormats&identifier=${encodeURIComponent(id)}`,
      );
      expect(formats.errors, id).toEqual(['idDoesNotExist']);
    }
    const known = await oai(
      app,
      `verb=ListMetadataFormats&identifier=${encodeURIComponent(identifier('lisbon', 2025))}`,
    );
    expect(texts(known.doc, 'metadataPrefix')).toEqual(['oai_dc']);
  });
});
