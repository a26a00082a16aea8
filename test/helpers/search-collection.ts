import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { importPractices } from '../../src/modules/practices/index.ts';
import { buildTestApp } from './app.ts';
import { createPreparedDatabase, type DialectName, type TestDatabase } from './databases.ts';

/**
 * An app over a collection built for one test file: the given practices, each completed with the
 * defaults and an external id of its own, imported into an empty prepared database.
 */
export async function appWithPractices(
  dialect: DialectName,
  practices: Record<string, unknown>[],
  defaults: Record<string, unknown>,
): Promise<{ database: TestDatabase; app: FastifyInstance }> {
  const database = await createPreparedDatabase(dialect);
  const report = await importPractices(
    database.db,
    (async function* () {
      let number = 0;
      for (const p of practices)
        yield { number: ++number, value: { ...defaults, ...p, external_id: `c-${number}` } };
    })(),
  );
  expect(report.problems).toEqual([]);
  return { database, app: await buildTestApp(database) };
}

/** `/api/v1/search` for a query (and more parameters), answered 200, as JSON. */
export function searchApi<T>(app: () => FastifyInstance) {
  return async (q: string, more = ''): Promise<T> => {
    const response = await app().inject(`/api/v1/search?q=${encodeURIComponent(q)}${more}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as T;
  };
}
