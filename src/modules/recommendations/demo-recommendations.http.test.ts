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
import { DEMO_FILE } from '../system/demo-content.ts';
import { DEMO_RECOMMENDATIONS_FILE, prepareDatabase } from '../system/setup.service.ts';
import type { DemoRecommendation } from './recommendation-editing.service.ts';

const RECORDS = JSON.parse(readFileSync(DEMO_RECOMMENDATIONS_FILE, 'utf8')) as DemoRecommendation[];

describe('the demo recommendations file', () => {
  it('names only practices of the demo content', () => {
    const ids = new Set(
      (JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as { external_id: string }[]).map(
        (r) => r.external_id,
      ),
    );
    for (const record of RECORDS)
      for (const [externalId] of record.practices) expect(ids, externalId).toContain(externalId);
  });

  it('has published recommendations, each naming its source document and year in every language', () => {
    const published = RECORDS.filter((r) => r.illustrative === false);
    expect(published.length).toBeGreaterThan(0);
    for (const record of published) {
      expect(record.source?.url, record.title).toMatch(/^https:\/\//);
      expect(record.text, record.title).toContain(record.source?.document);
      for (const text of [
        record.text,
        ...Object.values(record.translations ?? {}).map((t) => t?.text),
      ])
        expect(text, record.title).toContain(String(record.source?.year));
    }
  });
});

describe.each(dialects)('demo recommendations on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('are loaded with the demo content, only the illustrative ones marked so, each linked to its practices', async () => {
    const list = (await app.inject('/api/v1/recommendations?per_page=50')).json() as {
      total: number;
      results: { slug: string; title: string; illustrative: boolean; practice_count: number }[];
    };
    expect(list.total).toBe(RECORDS.length);
    for (const record of RECORDS) {
      const found = list.results.find((r) => r.title === record.title);
      expect(found?.illustrative, record.title).toBe(record.illustrative !== false);
      expect(found?.practice_count, record.title).toBe(record.practices.length);
    }
    for (const result of list.results) {
      const page = await app.inject(`/recommendations/${result.slug}`);
      expect(page.body.includes('it is not advice given by anyone'), result.title).toBe(
        result.illustrative,
      );
    }
    // The matrix now has rows, and marks where the evidence is thin.
    const matrix = await app.inject('/recommendations/matrix');
    expect(matrix.body.match(/<tr/g)?.length).toBeGreaterThan(RECORDS.length);
  });

  it('are not loaded twice, nor brought back once deleted', async () => {
    await prepareDatabase(database.db, { demo: true });
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom('recommendations')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBe(RECORDS.length);
    await database.db.deleteFrom('recommendations').execute();
    await prepareDatabase(database.db, { demo: true });
    expect(await count()).toBe(0);
  });
});
