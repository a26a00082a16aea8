import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';

// Numbers a query string can spell that are not whole numbers in range: each must be a 400
// naming the parameter, on pages and in the API, never a database error.
const BAD_NUMBERS = ['1e999', 'Infinity', '-Infinity', 'NaN', '1.5', '0x10', '1e3', ' 7'];

const LISTS = [
  '/api/v1/practices',
  '/api/v1/organisations',
  '/api/v1/events',
  '/api/v1/news',
  '/api/v1/resources',
  '/api/v1/experts',
  '/api/v1/search',
  '/api/v1/recommendations',
  '/practices',
  '/organisations',
  '/events',
  '/press',
  '/recommendations',
  '/resources',
  '/experts',
  '/search',
];

describe.each(dialects)('numeric parameters on %s', (dialect: DialectName) => {
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

  it.each(LISTS)('%s refuses page numbers that are not whole numbers', async (path) => {
    // Pages that show a fixed number per page ignore per_page, as they ignore any unknown parameter.
    for (const parameter of path.startsWith('/api/') ? ['page', 'per_page'] : ['page']) {
      for (const value of BAD_NUMBERS) {
        const response = await app.inject({
          url: `${path}?${parameter}=${encodeURIComponent(value)}`,
          headers: { accept: path.startsWith('/api/') ? 'application/json' : 'text/html' },
        });
        expect(response.statusCode, `${path}?${parameter}=${value}`).toBe(400);
        if (path.startsWith('/api/')) {
          const fields = (response.json().errors as { field: string }[]).map((e) => e.field);
          expect(fields, `${path}?${parameter}=${value}`).toContain(parameter);
        }
      }
    }
  });

  it('still reads plain whole numbers', async () => {
    const response = await app.inject('/api/v1/practices?page=2&per_page=5');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ page: 2, per_page: 5 });
  });

  it('refuses an id in a path that is not a whole number', async () => {
    for (const value of ['1e999', 'Infinity', '1.5']) {
      const response = await app.inject(`/api/v1/events/${value}`);
      expect(response.statusCode, value).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, value).toBeLessThan(500);
    }
  });
});
