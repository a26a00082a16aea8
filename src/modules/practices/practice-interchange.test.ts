import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { DEMO_FILE } from '../system/demo-content.ts';
import {
  createRecordWriter,
  type Format,
  type RawRecord,
  readCsv,
  readNdjson,
  readRecords,
} from './interchange-format.ts';
import { countPractices } from './practice-count.repository.ts';
import { exportPractices, importPractices } from './practice-interchange.service.ts';

const EDGE_FILE = new URL('../../../test/fixtures/practices-edge.json', import.meta.url).pathname;

async function exportAs(database: TestDatabase, format: Format): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  await exportPractices(database.db, createRecordWriter(format, out), { batchSize: 7 });
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

function recordsOf(text: string, format: Format): AsyncIterable<RawRecord> {
  const stream = PassThrough.from([Buffer.from(text)]);
  if (format === 'csv') return readCsv(stream);
  if (format === 'ndjson') return readNdjson(stream);
  return (async function* () {
    let number = 0;
    for (const value of JSON.parse(text) as unknown[]) yield { number: ++number, value };
  })();
}

async function* fromValues(values: unknown[]): AsyncGenerator<RawRecord> {
  let number = 0;
  for (const value of values) yield { number: ++number, value };
}

const fixtures = [
  // Every second demo practice: each region, language and kind of record is there, at half the
  // cost of the whole collection in each round trip.
  ...(JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as unknown[]).filter((_, i) => i % 2 === 0),
  ...(JSON.parse(readFileSync(EDGE_FILE, 'utf8')) as unknown[]),
];

describe.each(dialects)('interchange on %s', (dialect: DialectName) => {
  let source: TestDatabase;

  beforeAll(async () => {
    source = await createPreparedDatabase(dialect);
    const report = await importPractices(source.db, fromValues(fixtures));
    expect(report.problems).toEqual([]);
    expect(report.committed).toBe(true);
  });
  afterAll(() => source.drop());

  it.each(['json', 'ndjson', 'csv'] as const)(
    'export → import into an empty database → export is identical (%s)',
    async (format) => {
      const first = await exportAs(source, format);
      const target = await createPreparedDatabase(dialect);
      try {
        const report = await importPractices(target.db, recordsOf(first, format));
        expect(report.problems).toEqual([]);
        expect(report.created).toBe(fixtures.length);
        expect(await exportAs(target, format)).toBe(first);
      } finally {
        await target.drop();
      }
    },
  );

  it('re-importing the same external ids updates instead of duplicating', async () => {
    const before = await countPractices(source.db);
    const report = await importPractices(source.db, fromValues(fixtures));
    expect(report).toMatchObject({
      created: 0,
      updated: fixtures.length,
      invalid: 0,
      committed: true,
    });
    expect(await countPractices(source.db)).toBe(before);
  });

  it('keeps an unknown city as written, with a warning', async () => {
    const report = await importPractices(source.db, fromValues(fixtures.slice(-1)));
    expect(report.warnings).toContainEqual({
      record: 1,
      field: 'city',
      message: '"Nowhereville Unknown" is not a known place in RU; kept as written',
    });
    const city = await source.db
      .selectFrom('cities')
      .selectAll()
      .where('name', '=', 'Nowhereville Unknown')
      .executeTakeFirstOrThrow();
    expect(city.geonames_id).toBeNull();
  });

  it('matches a city to the gazetteer without regard to accents', async () => {
    const row = await source.db
      .selectFrom('practices as p')
      .innerJoin('cities as c', 'c.id', 'p.city_id')
      .select(['p.city_name', 'c.name', 'c.geonames_id', 'c.latitude'])
      .where('p.external_id', '=', 'edge-1')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ city_name: 'Montreal', name: 'Montréal' });
    expect(row.geonames_id).toBeGreaterThan(0);
    expect(row.latitude).toBeCloseTo(45.5, 0);
  });

  it('refuses a file with invalid records and changes nothing', async () => {
    const before = await exportAs(source, 'ndjson');
    const bad = [
      {
        external_id: 'edge-1',
        title: 'Changed title',
        language: 'fr',
        summary: 's',
        country: 'CA',
        themes: ['housing'],
      },
      { title: 'No country', language: 'en', summary: 's', themes: ['housing'] },
      {
        title: 'Bad theme',
        language: 'en',
        summary: 's',
        country: 'FR',
        themes: ['teleportation'],
      },
    ];
    const report = await importPractices(source.db, fromValues(bad));
    expect(report.committed).toBe(false);
    expect(report.invalid).toBe(2);
    expect(report.problems).toEqual([
      { record: 2, field: 'country', message: 'is required' },
      { record: 3, field: 'themes[0]', message: 'unknown theme "teleportation"' },
    ]);
    expect(await exportAs(source, 'ndjson')).toBe(before);
  });

  it('with skipInvalid imports the valid records and reports the rest', async () => {
    const target = await createPreparedDatabase(dialect);
    try {
      const report = await importPractices(
        target.db,
        fromValues([
          { title: 'Valid one', language: 'en', summary: 's', country: 'FR', themes: ['housing'] },
          { title: 'Invalid', language: 'en', summary: 's', country: 'FR', themes: [] },
        ]),
        { skipInvalid: true },
      );
      expect(report).toMatchObject({ created: 1, invalid: 1, committed: true });
      expect(report.problems).toEqual([
        { record: 2, field: 'themes', message: 'at least one theme is required' },
      ]);
      expect(await countPractices(target.db)).toBe(1);
    } finally {
      await target.drop();
    }
  });

  it('a dry run reports what would happen and writes nothing', async () => {
    const target = await createPreparedDatabase(dialect);
    try {
      const report = await importPractices(target.db, fromValues(fixtures), { dryRun: true });
      expect(report).toMatchObject({ created: fixtures.length, invalid: 0, committed: false });
      expect(await countPractices(target.db)).toBe(0);
    } finally {
      await target.drop();
    }
  });

  it.each(['json', 'ndjson', 'csv'] as const)(
    'carries the status and date of every translation out and back in (%s)',
    async (format) => {
      const record = {
        external_id: `translated-${format}`,
        title: 'Welcome desk',
        language: 'en',
        summary: 'A desk for newcomers.',
        country: 'FR',
        themes: ['housing'],
        translations: {
          fr: {
            title: 'Guichet d’accueil',
            status: 'machine_translation_reviewed',
            translated_at: '2026-03-01T09:30:00.000Z',
          },
          es: { title: 'Ventanilla', summary: 'Una ventanilla.', translated_at: '2026-04-02' },
        },
      };
      const database = await createPreparedDatabase(dialect);
      const target = await createPreparedDatabase(dialect);
      try {
        expect((await importPractices(database.db, fromValues([record]))).problems).toEqual([]);
        const text = await exportAs(database, format);
        const exported: RawRecord[] = [];
        for await (const raw of recordsOf(text, format)) exported.push(raw);
        const translations = (exported[0]?.value as { translations?: unknown } | undefined)
          ?.translations;
        const parsed = typeof translations === 'string' ? JSON.parse(translations) : translations;
        expect(parsed).toEqual({
          es: {
            title: 'Ventanilla',
            summary: 'Una ventanilla.',
            status: 'translation',
            translated_at: '2026-04-02T00:00:00.000Z',
          },
          fr: {
            title: 'Guichet d’accueil',
            status: 'machine_translation_reviewed',
            translated_at: '2026-03-01T09:30:00.000Z',
          },
        });

        expect((await importPractices(target.db, recordsOf(text, format))).problems).toEqual([]);
        const rows = await target.db
          .selectFrom('practice_translations')
          .select(['locale', 'translated_at', 'machine_reviewed'])
          .orderBy('locale')
          .execute();
        expect(rows).toEqual([
          { locale: 'es', translated_at: '2026-04-02T00:00:00.000Z', machine_reviewed: 0 },
          { locale: 'fr', translated_at: '2026-03-01T09:30:00.000Z', machine_reviewed: 1 },
        ]);
        expect(await exportAs(target, format)).toBe(text);
      } finally {
        await Promise.all([database.drop(), target.drop()]);
      }
    },
  );

  it('keeps the date and status of an unchanged translation a file leaves out', async () => {
    const base = {
      external_id: 'undated',
      title: 'Desk',
      language: 'en',
      summary: 'A desk.',
      country: 'FR',
      themes: ['housing'],
    };
    const database = await createPreparedDatabase(dialect);
    onTestFinished(() => database.drop());
    await importPractices(
      database.db,
      fromValues([
        {
          ...base,
          translations: {
            fr: {
              title: 'Guichet',
              status: 'machine_translation_reviewed',
              translated_at: '2026-01-05T00:00:00Z',
            },
          },
        },
      ]),
    );
    await importPractices(
      database.db,
      fromValues([{ ...base, translations: { fr: { title: 'Guichet' } } }]),
    );
    const row = await database.db
      .selectFrom('practice_translations as t')
      .innerJoin('practices as p', 'p.id', 't.practice_id')
      .select(['t.translated_at', 't.machine_reviewed'])
      .where('p.external_id', '=', 'undated')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ translated_at: '2026-01-05T00:00:00.000Z', machine_reviewed: 1 });
  });

  it('reads the files it writes, in every format', async () => {
    for (const format of ['json', 'ndjson', 'csv'] as const) {
      const text = await exportAs(source, format);
      let count = 0;
      for await (const record of recordsOf(text, format)) {
        expect(record.error).toBeUndefined();
        count++;
      }
      expect(count).toBe(fixtures.length);
    }
  });
});

describe.skipIf(!dialects.includes('postgres'))('interchange across databases', () => {
  it('SQLite export → PostgreSQL import → export is identical, and back', async () => {
    const sqlite = await createPreparedDatabase('sqlite');
    const postgres = await createPreparedDatabase('postgres');
    const back = await createPreparedDatabase('sqlite');
    try {
      await importPractices(sqlite.db, fromValues(fixtures));
      const fromSqlite = await exportAs(sqlite, 'ndjson');
      await importPractices(postgres.db, recordsOf(fromSqlite, 'ndjson'));
      const fromPostgres = await exportAs(postgres, 'ndjson');
      expect(fromPostgres).toBe(fromSqlite);
      await importPractices(back.db, recordsOf(fromPostgres, 'ndjson'));
      expect(await exportAs(back, 'ndjson')).toBe(fromSqlite);
    } finally {
      await Promise.all([sqlite.drop(), postgres.drop(), back.drop()]);
    }
  });
});

describe('file readers', () => {
  it('report a broken NDJSON line by record and line, and go on', async () => {
    const records: RawRecord[] = [];
    for await (const r of readNdjson(
      PassThrough.from(['{"title":"a"}\n\n{broken\n{"title":"b"}\n']),
    ))
      records.push(r);
    expect(records.map((r) => r.number)).toEqual([1, 2, 3]);
    expect(records[1]?.error?.field).toBe('line 3');
    expect(records[2]?.value).toEqual({ title: 'b' });
  });

  it('refuse a JSON file that is not an array', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/ch-');
    writeFileSync(`${dir}/x.json`, '{"title": 1}');
    await expect(async () => {
      for await (const _ of readRecords(`${dir}/x.json`, 'json'));
    }).rejects.toThrow('file: a JSON file must hold an array of practice records');
    writeFileSync(`${dir}/y.json`, '[{"title": ');
    await expect(async () => {
      for await (const _ of readRecords(`${dir}/y.json`, 'json'));
    }).rejects.toThrow(/^file: not valid JSON/);
  });
});
