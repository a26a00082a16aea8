import { readFileSync } from 'node:fs';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { Agent } from '../../../test/helpers/agent.ts';
import { buildTestApp, TEST_PUBLIC_URL, testConfig } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import type { RawRecord } from '../practices/interchange-format.ts';
import { importPractices, setPracticeArchived } from '../practices/practice-interchange.service.ts';
import { oaiRoutes } from './oai.routes.ts';
import { encodeToken, TOKEN_TTL_SECONDS } from './oai-protocol.ts';

// ---- Schema validation, offline: the published schemas are vendored under test/fixtures. ----

const XSD_DIR = new URL('../../../test/fixtures/xsd/oai/', import.meta.url);
const xsd = (name: string) => ({
  fileName: name,
  contents: readFileSync(new URL(name, XSD_DIR), 'utf8'),
});
const SCHEMA = xsd('oai-pmh-with-oai_dc.xsd');
const PRELOAD = ['OAI-PMH.xsd', 'oai_dc.xsd', 'simpledc20021212.xsd', 'xml.xsd'].map(xsd);

/** Responses waiting to be validated: one xmllint run per test checks them all (it is slow to start). */
const pending: string[] = [];

async function validatePending(): Promise<void> {
  const documents = pending.splice(0);
  if (documents.length === 0) return;
  const result = await validateXML({
    xml: documents.map((contents, i) => ({ fileName: `response-${i}.xml`, contents })),
    schema: [SCHEMA],
    preload: PRELOAD,
  });
  const failures = result.errors.map((e) => {
    const index = Number(/response-(\d+)\.xml/.exec(e.loc?.fileName ?? '')?.[1]);
    return `${e.rawMessage}\n${documents[index]?.slice(0, 1500) ?? ''}`;
  });
  expect(failures).toEqual([]);
  expect(result.valid).toBe(true);
}

// ---- Reading responses ----------------------------------------------------------------------

type Node = ReturnType<typeof parseDocument>;
type El = ReturnType<typeof DomUtils.getElementsByTagName>[number];

const all = (root: Node | El, name: string): El[] =>
  DomUtils.getElementsByTagName(name, root as El, true);
const first = (root: Node | El, name: string): El | undefined => all(root, name)[0];
const text = (el: El | undefined): string => (el ? DomUtils.textContent(el) : '');
const texts = (root: Node | El, name: string): string[] => all(root, name).map(text);

interface Oai {
  status: number;
  contentType: string;
  xml: string;
  doc: Node;
  errors: { code: string; message: string }[];
  request: Record<string, string>;
  token: El | undefined;
}

function read(status: number, contentType: string, xml: string): Oai {
  const doc = parseDocument(xml, { xmlMode: true, decodeEntities: true });
  const request = first(doc, 'request');
  return {
    status,
    contentType,
    xml,
    doc,
    errors: all(doc, 'error').map((e) => ({ code: e.attribs.code ?? '', message: text(e) })),
    request: { ...(request?.attribs ?? {}) },
    token: first(doc, 'resumptionToken'),
  };
}

async function oai(app: FastifyInstance, query: string): Promise<Oai> {
  const response = await app.inject({ method: 'GET', url: `/oai?${query}` });
  pending.push(response.body);
  return read(response.statusCode, String(response.headers['content-type']), response.body);
}

/** Every record or header of a list, following resumption tokens to the end. */
async function harvest(app: FastifyInstance, verb: string, args: string) {
  const pages: Oai[] = [];
  let query = `verb=${verb}&${args}`;
  for (let guard = 0; guard < 100; guard++) {
    const page = await oai(app, query);
    pages.push(page);
    const token = page.token ? text(page.token) : '';
    if (token === '') break;
    query = `verb=${verb}&resumptionToken=${encodeURIComponent(token)}`;
  }
  const headers = pages.flatMap((p) => all(p.doc, 'header'));
  return { pages, headers, ids: headers.map((h) => text(first(h, 'identifier'))) };
}

// ---- Data -----------------------------------------------------------------------------------

const EDGE = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/practices-edge.json', import.meta.url), 'utf8'),
) as Record<string, unknown>[];

const GENERATED: [string, string, string[]][] = [
  ['oai-de', 'DE', ['housing']],
  ['oai-fr', 'FR', ['language-learning', 'education']],
  ['oai-ke', 'KE', ['employment']],
  ['oai-br', 'BR', ['health']],
  ['oai-us', 'US', ['housing', 'employment']],
  ['oai-it', 'IT', ['intercultural-dialogue']],
  ['städte 10/x', 'ES', ['anti-discrimination']],
  ['oai-archived', 'SE', ['housing']],
];

function generated([externalId, country, themes]: [string, string, string[]], i: number) {
  return {
    external_id: externalId,
    title: `Practice ${i + 1} in ${country}`,
    language: 'en',
    summary: `What practice ${i + 1} does.`,
    type: 'programme',
    country,
    city: null,
    level: 'national',
    themes,
    target_groups: ['refugees'],
    actor_type: [],
    organisations: [{ name: `Agency ${i + 1}`, role: 'lead', type: 'ngo', website: null }],
    status: 'ongoing',
    start_year: 2010 + i,
    end_year: null,
    sections: {},
    gcm_objectives: [],
    sdg_targets: [],
    evidence_level: 'emerging',
    source_url: `https://example.org/practice-${i + 1}`,
    sources: [],
    translations: {},
    illustrative: false,
  };
}

const RECORDS = [...EDGE, ...GENERATED.map(generated)];
const EXTERNAL_IDS = RECORDS.map((r) => r.external_id as string);
const HOST = new URL(TEST_PUBLIC_URL).hostname;
const identifierOf = (externalId: string) =>
  `oai:${HOST}:practice/${encodeURIComponent(externalId)}`;
const LIVE_IDS = EXTERNAL_IDS.filter((id) => id !== 'oai-archived').map(identifierOf);
const ARCHIVED_ID = identifierOf('oai-archived');

/** updated_at of the n-th record: one day apart from 2024-01-01, at half past a second. */
const updatedAt = (n: number) => new Date(Date.UTC(2024, 0, 1 + n, 8, 30, 15, 500)).toISOString();
const ARCHIVED_AT = '2024-06-01T12:00:00.250Z';

async function* fromValues(values: unknown[]): AsyncGenerator<RawRecord> {
  let number = 0;
  for (const value of values) yield { number: ++number, value };
}

describe('the schema check', () => {
  it('refuses what the published schemas forbid, inside the Dublin Core too', async () => {
    const document = (header: string, dc: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-01T00:00:00Z</responseDate><request verb="GetRecord">http://x.test/oai</request><GetRecord><record><header><identifier>oai:x.test:practice/1</identifier><datestamp>2024-01-01T00:00:00Z</datestamp>${header}</header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">${dc}</oai_dc:dc></metadata></record></GetRecord></OAI-PMH>`;
    const check = async (xml: string) =>
      (
        await validateXML({
          xml: [{ fileName: 'probe.xml', contents: xml }],
          schema: [SCHEMA],
          preload: PRELOAD,
        })
      ).valid;
    expect(
      await check(
        document('<setSpec>theme:housing</setSpec>', '<dc:title xml:lang="fr">t</dc:title>'),
      ),
    ).toBe(true);
    expect(await check(document('<setSpec>theme housing</setSpec>', ''))).toBe(false);
    expect(await check(document('', '<dc:name>not Dublin Core</dc:name>'))).toBe(false);
    expect(await check(document('', '<dc:title xml:lang="not a language">t</dc:title>'))).toBe(
      false,
    );
    expect(await check(document('', '<dc:title>unclosed</dc:title'))).toBe(false);
  });
});

describe.each(dialects)('OAI-PMH on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  /** The same routes with pages of 3 records, to follow resumption tokens. */
  let paged: FastifyInstance;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    const report = await importPractices(database.db, fromValues(RECORDS));
    expect(report.problems).toEqual([]);
    for (const [n, externalId] of EXTERNAL_IDS.entries())
      await database.db
        .updateTable('practices')
        .set({ updated_at: updatedAt(n) })
        .where('external_id', '=', externalId)
        .execute();
    const archived = await database.db
      .selectFrom('practices')
      .select('id')
      .where('external_id', '=', 'oai-archived')
      .executeTakeFirstOrThrow();
    await setPracticeArchived(database.db, archived.id, true);
    await database.db
      .updateTable('practices')
      // As if archived then: archiving also moves the practice's updated_at.
      .set({ archived_at: ARCHIVED_AT, updated_at: ARCHIVED_AT })
      .where('id', '=', archived.id)
      .execute();
    app = await buildTestApp(database);
    const config = testConfig(database);
    paged = Fastify({ logger: false });
    paged.decorate('config', config);
    paged.decorate('readDb', database.db);
    await paged.register(formbody);
    await paged.register(oaiRoutes, { pageSize: 3 });
    await paged.ready();
  });

  // Every response a test received is well-formed and valid against the published schemas.
  afterEach(validatePending);

  afterAll(async () => {
    await paged?.close();
    await app?.close();
    await database?.drop();
  });

  it('answers Identify as an OAI-PMH document', async () => {
    const r = await oai(app, 'verb=Identify');
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('text/xml; charset=utf-8');
    expect(r.xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(text(first(r.doc, 'responseDate'))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(r.request).toEqual({ verb: 'Identify' });
    expect(text(first(r.doc, 'request'))).toBe(`${TEST_PUBLIC_URL}/oai`);
    const identify = first(r.doc, 'Identify') as El;
    expect(text(first(identify, 'repositoryName'))).toBe('Integration Clearinghouse');
    expect(text(first(identify, 'baseURL'))).toBe(`${TEST_PUBLIC_URL}/oai`);
    expect(text(first(identify, 'protocolVersion'))).toBe('2.0');
    expect(text(first(identify, 'adminEmail'))).toBe(`no-reply@${HOST}`);
    expect(text(first(identify, 'earliestDatestamp'))).toBe('2024-01-01T08:30:15Z');
    expect(text(first(identify, 'deletedRecord'))).toBe('transient');
    expect(text(first(identify, 'granularity'))).toBe('YYYY-MM-DDThh:mm:ssZ');
  });

  it('lists oai_dc as the metadata format, for the repository and for one record', async () => {
    for (const query of [
      'verb=ListMetadataFormats',
      `verb=ListMetadataFormats&identifier=${encodeURIComponent(LIVE_IDS[0] as string)}`,
      `verb=ListMetadataFormats&identifier=${encodeURIComponent(ARCHIVED_ID)}`,
    ]) {
      const r = await oai(app, query);
      expect(r.errors).toEqual([]);
      expect(texts(r.doc, 'metadataPrefix')).toEqual(['oai_dc']);
      expect(texts(r.doc, 'metadataNamespace')).toEqual([
        'http://www.openarchives.org/OAI/2.0/oai_dc/',
      ]);
    }
    const unknown = await oai(
      app,
      `verb=ListMetadataFormats&identifier=${encodeURIComponent(`oai:${HOST}:practice/nope`)}`,
    );
    expect(unknown.errors.map((e) => e.code)).toEqual(['idDoesNotExist']);
    expect(unknown.request).toEqual({
      verb: 'ListMetadataFormats',
      identifier: `oai:${HOST}:practice/nope`,
    });
  });

  it('lists sets by theme and by M49 region, named in English', async () => {
    const r = await oai(app, 'verb=ListSets');
    const sets = new Map(
      all(r.doc, 'set').map((s) => [text(first(s, 'setSpec')), text(first(s, 'setName'))]),
    );
    expect(sets.get('theme')).toBe('Themes');
    expect(sets.get('theme:housing')).toBe('Housing');
    expect(sets.get('region')).toBe('Regions (UN M49)');
    expect(sets.get('region:150')).toBe('Europe');
    expect(sets.get('region:155')).toBe('Western Europe');
    expect(r.token).toBeUndefined();
  });

  it('gets one record as Dublin Core, with translations, subjects, places and links', async () => {
    // The English version began as machine translation, read by an editor, on a known day.
    const practice = await database.db
      .selectFrom('practices')
      .select('id')
      .where('external_id', '=', 'edge-1')
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable('practice_translations')
      .set({ machine_reviewed: 1, translated_at: '2026-03-01T09:30:00.000Z' })
      .where('practice_id', '=', practice.id)
      .where('locale', '=', 'en')
      .execute();
    const r = await oai(
      app,
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(identifierOf('edge-1'))}`,
    );
    expect(r.errors).toEqual([]);
    expect(r.request).toEqual({
      verb: 'GetRecord',
      metadataPrefix: 'oai_dc',
      identifier: identifierOf('edge-1'),
    });
    const header = first(r.doc, 'header') as El;
    expect(header.attribs.status).toBeUndefined();
    expect(text(first(header, 'identifier'))).toBe(identifierOf('edge-1'));
    expect(text(first(header, 'datestamp'))).toBe('2024-01-01T08:30:15Z');
    expect(texts(header, 'setSpec')).toEqual([
      'theme:access-to-services',
      'theme:language-learning',
      'region:019',
      'region:021',
    ]);
    const dc = first(r.doc, 'oai_dc:dc') as El;
    const titles = all(dc, 'dc:title').map((t) => [t.attribs['xml:lang'], text(t)]);
    const edge = EDGE[0] as { title: string; summary: string };
    expect(titles).toEqual([
      ['fr', edge.title],
      ['ar', 'الشباك الموحد'],
      ['en', 'One-stop desk'],
    ]);
    const descriptions = all(dc, 'dc:description').map((d) => [d.attribs['xml:lang'], text(d)]);
    expect(descriptions.slice(0, 2)).toEqual([
      ['fr', edge.summary],
      ['en', 'A desk that brings services together.'],
    ]);
    // Then a note on each translation, in its language: what it is, when, and how it was made.
    expect(descriptions[2]?.[0]).toBe('ar');
    expect(descriptions[2]?.[1]).toMatch(/الفرنسية/);
    expect(descriptions.slice(3)).toEqual([
      [
        'en',
        'Translated into English on March 1, 2026; original in French. Machine translation reviewed by the editors.',
      ],
    ]);
    expect(texts(dc, 'dc:subject')).toEqual([
      'Access to services',
      'Language learning',
      'Refugees',
      'Asylum seekers',
    ]);
    expect(texts(dc, 'dc:creator')).toEqual(['Ville de Montréal; Bureau | BINAM']);
    expect(texts(dc, 'dc:contributor')).toEqual(['Partenaire sans site']);
    expect(texts(dc, 'dc:publisher')).toEqual(['Integration Clearinghouse']);
    expect(texts(dc, 'dc:date')).toEqual(['2016']);
    expect(texts(dc, 'dc:type')).toEqual(['Text', 'service']);
    const slug = (
      await database.db
        .selectFrom('practices')
        .select('slug')
        .where('external_id', '=', 'edge-1')
        .executeTakeFirstOrThrow()
    ).slug;
    expect(texts(dc, 'dc:identifier')).toEqual([`${TEST_PUBLIC_URL}/practices/${slug}`]);
    expect(texts(dc, 'dc:relation')).toEqual([
      `${TEST_PUBLIC_URL}/practices/${slug}?lang=ar`,
      `${TEST_PUBLIC_URL}/practices/${slug}?lang=en`,
    ]);
    expect(texts(dc, 'dc:source')).toEqual([
      'https://montreal.ca/en/topics/newcomers',
      'https://example.org/report?a=1&b=2',
      'https://example.org/plain',
    ]);
    expect(texts(dc, 'dc:language')).toEqual(['fr', 'ar', 'en']);
    expect(texts(dc, 'dc:coverage')).toEqual(['Montreal', 'Canada']);
    expect(texts(dc, 'dc:rights')).toEqual(['https://creativecommons.org/licenses/by/4.0/']);
    // Markup in a title is text, escaped once.
    expect(r.xml).toContain('&lt;script&gt;alert(');
    expect(r.xml).not.toContain('<script>');
  });

  it('percent-encodes external ids in identifiers, and finds the practice by them', async () => {
    const id = identifierOf('städte 10/x');
    expect(id).toBe(`oai:${HOST}:practice/st%C3%A4dte%2010%2Fx`);
    const r = await oai(
      app,
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(id)}`,
    );
    expect(r.errors).toEqual([]);
    expect(text(first(r.doc, 'identifier'))).toBe(id);
    // Another spelling of the same external id is not an identifier of this repository.
    const other = await oai(
      app,
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(`oai:${HOST}:practice/st%c3%a4dte%2010%2Fx`)}`,
    );
    expect(other.errors.map((e) => e.code)).toEqual(['idDoesNotExist']);
  });

  it('reports an archived practice as a deleted record, never as a live one', async () => {
    const r = await oai(
      app,
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(ARCHIVED_ID)}`,
    );
    const header = first(r.doc, 'header') as El;
    expect(header.attribs.status).toBe('deleted');
    expect(text(first(header, 'datestamp'))).toBe('2024-06-01T12:00:00Z');
    expect(first(r.doc, 'metadata')).toBeUndefined();
    const list = await oai(app, 'verb=ListRecords&metadataPrefix=oai_dc');
    for (const record of all(list.doc, 'record')) {
      const h = first(record, 'header') as El;
      const deleted = text(first(h, 'identifier')) === ARCHIVED_ID;
      expect(h.attribs.status).toBe(deleted ? 'deleted' : undefined);
      expect(first(record, 'metadata') === undefined).toBe(deleted);
    }
    expect(texts(list.doc, 'dc:title')).not.toContain('Practice 8 in SE');
  });

  it('lists every identifier and every record in one page when they fit', async () => {
    const ids = await oai(app, 'verb=ListIdentifiers&metadataPrefix=oai_dc');
    expect(ids.errors).toEqual([]);
    expect(all(ids.doc, 'header').map((h) => text(first(h, 'identifier')))).toEqual([
      ...LIVE_IDS,
      ARCHIVED_ID,
    ]);
    expect(ids.token).toBeUndefined();
    const records = await oai(app, 'verb=ListRecords&metadataPrefix=oai_dc');
    expect(all(records.doc, 'record')).toHaveLength(EXTERNAL_IDS.length);
    expect(all(records.doc, 'oai_dc:dc')).toHaveLength(LIVE_IDS.length);
    // Identify announces gzip: a harvester that accepts it gets it.
    const compressed = await app.inject({
      method: 'GET',
      url: '/oai?verb=ListRecords&metadataPrefix=oai_dc',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(compressed.headers['content-encoding']).toBe('gzip');
  });

  it('harvests every practice exactly once through resumption tokens', async () => {
    for (const verb of ['ListIdentifiers', 'ListRecords']) {
      const { pages, ids } = await harvest(paged, verb, 'metadataPrefix=oai_dc');
      expect(ids).toEqual([...LIVE_IDS, ARCHIVED_ID]);
      expect(new Set(ids).size).toBe(ids.length);
      expect(pages).toHaveLength(Math.ceil(EXTERNAL_IDS.length / 3));
      pages.forEach((page, i) => {
        expect(page.errors).toEqual([]);
        const token = page.token as El;
        expect(token.attribs.cursor).toBe(String(i * 3));
        expect(token.attribs.completeListSize).toBe(String(EXTERNAL_IDS.length));
        const last = i === pages.length - 1;
        expect(text(token) === '').toBe(last);
        expect(token.attribs.expirationDate === undefined).toBe(last);
      });
      // A request with a token echoes only the verb and the token.
      expect(Object.keys(pages[1]?.request ?? {}).sort()).toEqual(['resumptionToken', 'verb']);
    }
    const records = await harvest(paged, 'ListRecords', 'metadataPrefix=oai_dc');
    expect(records.pages.flatMap((p) => all(p.doc, 'oai_dc:dc'))).toHaveLength(LIVE_IDS.length);
  });

  it('keeps the set and dates of a harvest in its resumption tokens', async () => {
    const { ids, pages } = await harvest(
      paged,
      'ListIdentifiers',
      'metadataPrefix=oai_dc&set=region:150&from=2024-01-04',
    );
    expect(ids).toEqual(
      ['oai-de', 'oai-fr', 'oai-it', 'städte 10/x', 'oai-archived'].map(identifierOf),
    );
    expect(pages).toHaveLength(2);
    expect(pages[0]?.request).toEqual({
      verb: 'ListIdentifiers',
      metadataPrefix: 'oai_dc',
      set: 'region:150',
      from: '2024-01-04',
    });
  });

  it('selects by datestamp, from and until inclusive, at day or second granularity', async () => {
    const harvested = async (args: string) =>
      (await harvest(app, 'ListIdentifiers', `metadataPrefix=oai_dc&${args}`)).ids;
    // Records 0..10 were updated on 2024-01-01 .. 2024-01-11 at 08:30:15.5; one archived in June.
    expect(await harvested('from=2024-01-02&until=2024-01-03')).toEqual(
      EXTERNAL_IDS.slice(1, 3).map(identifierOf),
    );
    expect(await harvested('from=2024-01-02T08:30:15Z&until=2024-01-03T08:30:15Z')).toEqual(
      EXTERNAL_IDS.slice(1, 3).map(identifierOf),
    );
    expect(await harvested('from=2024-01-02T08:30:16Z&until=2024-01-03T08:30:14Z')).toEqual([]);
    expect(await harvested('from=2024-05-01')).toEqual([ARCHIVED_ID]);
    expect(await harvested('until=2024-01-01')).toEqual([identifierOf(EXTERNAL_IDS[0] as string)]);
    const none = await oai(app, 'verb=ListRecords&metadataPrefix=oai_dc&until=2023-12-31');
    expect(none.errors.map((e) => e.code)).toEqual(['noRecordsMatch']);
    expect(none.request).toEqual({
      verb: 'ListRecords',
      metadataPrefix: 'oai_dc',
      until: '2023-12-31',
    });
  });

  it('selects by theme and by region, sets below included', async () => {
    const harvested = async (set: string) =>
      (await harvest(app, 'ListIdentifiers', `metadataPrefix=oai_dc&set=${set}`)).ids;
    expect(await harvested('theme:housing')).toEqual(
      ['oai-de', 'oai-us', 'oai-archived'].map(identifierOf),
    );
    expect(await harvested('theme:language-learning')).toEqual(
      ['edge-1', 'edge-3', 'oai-fr'].map(identifierOf),
    );
    // Every practice has a theme.
    expect((await harvested('theme')).length).toBe(EXTERNAL_IDS.length);
    expect(await harvested('region:002')).toEqual([identifierOf('oai-ke')]);
    expect(await harvested('region:019')).toEqual(['edge-1', 'oai-br', 'oai-us'].map(identifierOf));
    expect((await harvested('region')).length).toBe(EXTERNAL_IDS.length);
    const unknown = await oai(app, 'verb=ListRecords&metadataPrefix=oai_dc&set=theme:nothing');
    expect(unknown.errors.map((e) => e.code)).toEqual(['noRecordsMatch']);
  });

  it('answers each bad request with its protocol error, and echoes arguments only when allowed', async () => {
    const cases: [string, string, boolean][] = [
      ['', 'badVerb', false],
      ['verb=Dance', 'badVerb', false],
      ['verb=Identify&verb=Identify', 'badVerb', false],
      ['verb=Identify&extra=1', 'badArgument', false],
      ['verb=ListRecords', 'badArgument', false],
      ['verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc', 'badArgument', false],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-13-01', 'badArgument', false],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-30', 'badArgument', false],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=yesterday', 'badArgument', false],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01T10:00:00', 'badArgument', false],
      [
        'verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-01&until=2024-01-01',
        'badArgument',
        false,
      ],
      [
        'verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-02-01T00:00:00Z',
        'badArgument',
        false,
      ],
      ['verb=ListRecords&metadataPrefix=oai_dc&set=not%20a%20set', 'badArgument', false],
      ['verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x', 'badArgument', false],
      ['verb=GetRecord&metadataPrefix=oai_dc', 'badArgument', false],
      ['verb=ListSets&set=theme', 'badArgument', false],
      ['verb=ListRecords&resumptionToken=garbled', 'badResumptionToken', true],
      ['verb=ListSets&resumptionToken=anything', 'badResumptionToken', true],
      ['verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat', true],
      [
        `verb=GetRecord&metadataPrefix=mods&identifier=${encodeURIComponent(LIVE_IDS[0] as string)}`,
        'cannotDisseminateFormat',
        true,
      ],
      [
        'verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere.org:practice/edge-1',
        'idDoesNotExist',
        true,
      ],
      ['verb=GetRecord&metadataPrefix=oai_dc&identifier=not%20a%20uri', 'idDoesNotExist', true],
      ['verb=ListIdentifiers&metadataPrefix=oai_dc&set=region:999', 'noRecordsMatch', true],
    ];
    for (const [query, code, echoed] of cases) {
      const r = await oai(app, query);
      expect(r.status, query).toBe(200);
      expect(r.errors.length, query).toBeGreaterThan(0);
      expect(new Set(r.errors.map((e) => e.code)), query).toEqual(new Set([code]));
      expect(Object.keys(r.request).length > 0, query).toBe(echoed);
      expect(text(first(r.doc, 'request'))).toBe(`${TEST_PUBLIC_URL}/oai`);
    }
    // An argument that is not a valid value for its attribute is left out of the echo.
    const odd = await oai(app, 'verb=GetRecord&metadataPrefix=oai_dc&identifier=not%20a%20uri');
    expect(odd.request).toEqual({ verb: 'GetRecord', metadataPrefix: 'oai_dc' });
  });

  it('refuses tokens that were changed, expired, or issued for another verb', async () => {
    const opening = await oai(paged, 'verb=ListIdentifiers&metadataPrefix=oai_dc');
    const token = text(opening.token);
    const [body, sum] = token.split('.') as [string, string];
    const state = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const forged = `${Buffer.from(JSON.stringify({ ...state, a: 0 })).toString('base64url')}.${sum}`;
    const now = Math.floor(Date.now() / 1000);
    const expired = encodeToken({
      verb: 'ListIdentifiers',
      afterId: 3,
      cursor: 3,
      expires: now - 1,
    });
    const tooLong = encodeToken({
      verb: 'ListIdentifiers',
      afterId: 3,
      cursor: 3,
      expires: now + TOKEN_TTL_SECONDS * 10,
    });
    const valid = encodeToken({
      verb: 'ListIdentifiers',
      afterId: 3,
      cursor: 3,
      expires: now + 60,
    });
    for (const [verb, bad] of [
      ['ListIdentifiers', forged],
      ['ListIdentifiers', expired],
      ['ListIdentifiers', tooLong],
      ['ListIdentifiers', `${token}x`],
      ['ListIdentifiers', token.slice(0, -1)],
      ['ListRecords', token],
    ] as const) {
      const r = await oai(paged, `verb=${verb}&resumptionToken=${encodeURIComponent(bad)}`);
      expect(
        r.errors.map((e) => e.code),
        bad,
      ).toEqual(['badResumptionToken']);
      expect(r.request).toEqual({ verb, resumptionToken: bad });
    }
    const ok = await oai(
      paged,
      `verb=ListIdentifiers&resumptionToken=${encodeURIComponent(valid)}`,
    );
    expect(ok.errors).toEqual([]);
  });

  it('answers POST with a form body like GET', async () => {
    // The site's CSRF check still applies to POST /oai (see the note in oai.routes.ts): a form
    // sent with the cookie and header of a browser session passes it.
    const agent = new Agent(app);
    const csrf = await agent.csrfFrom('/account/login');
    const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await app.inject({
      method: 'POST',
      url: '/oai',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-csrf-token': csrf,
        cookie,
      },
      payload: `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(identifierOf('edge-2'))}`,
    });
    expect(response.statusCode).toBe(200);
    pending.push(response.body);
    const r = read(response.statusCode, String(response.headers['content-type']), response.body);
    expect(r.errors).toEqual([]);
    expect(text(first(r.doc, 'identifier'))).toBe(identifierOf('edge-2'));
    const repeated = await paged.inject({
      method: 'POST',
      url: '/oai',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'verb=ListSets&verb=ListSets',
    });
    pending.push(repeated.body);
    expect(read(200, '', repeated.body).errors.map((e) => e.code)).toEqual(['badVerb']);
  });

  it('answers POST from a harvester, which sends no CSRF token', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/oai',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'verb=Identify',
    });
    expect(response.statusCode).toBe(200);
    pending.push(response.body);
  });
});
