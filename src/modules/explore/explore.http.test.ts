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
import { importPractices } from '../practices/practice-interchange.service.ts';

const EDGE = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/practices-edge.json', import.meta.url), 'utf8'),
) as unknown[];

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

describe.each(dialects)('theme, region and country pages on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    const report = await importPractices(database.db, values(EDGE));
    expect(report.committed).toBe(true);
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('serves theme, policy area, region and country pages with their practices', async () => {
    for (const url of ['/themes', '/regions']) expect((await get(url)).statusCode, url).toBe(200);
    for (const url of [
      '/themes/housing',
      '/themes/cultural',
      '/regions/150',
      '/regions/419',
      '/countries/CA',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('class="results__list"');
    }
    expect((await get('/themes/flying')).statusCode).toBe(404);
    expect((await get('/regions/999')).statusCode).toBe(404);
    expect((await get('/countries/ZZ')).statusCode).toBe(404);
    const lower = await get('/countries/ca');
    expect(lower.statusCode).toBe(301);
    expect(lower.headers.location).toBe('/countries/CA');
  });
});
