import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';

async function statuses(app: Awaited<ReturnType<typeof buildTestApp>>, url: string, times: number) {
  const seen: number[] = [];
  for (let i = 0; i < times; i++) seen.push((await app.inject(url)).statusCode);
  return seen;
}

describe.each(dialects)('a route limit set to 0 on %s', (dialect: DialectName) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
  });
  afterAll(async () => {
    await database.drop();
  });

  it('turns the search and export limits off, like the other limits', async () => {
    const app = await buildTestApp(database, {
      searchRateLimitPerMinute: 0,
      rateLimitPerMinute: 0,
    });
    try {
      expect(await statuses(app, '/api/v1/search?q=housing', 4)).toEqual([200, 200, 200, 200]);
      expect(await statuses(app, '/api/v1/exports/practices.csv', 2)).toEqual([200, 200]);
    } finally {
      await app.close();
    }
  });

  it('leaves the route under the general limit', async () => {
    const app = await buildTestApp(database, {
      searchRateLimitPerMinute: 0,
      rateLimitPerMinute: 2,
    });
    try {
      expect(await statuses(app, '/api/v1/search?q=housing', 3)).toEqual([200, 200, 429]);
    } finally {
      await app.close();
    }
  });

  it('turns the sign-in limit off', async () => {
    const app = await buildTestApp(database, {
      authRateLimitPerMinute: 0,
      rateLimitPerMinute: 0,
      loginDelayMs: 1,
    });
    try {
      const seen: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await app.inject({
          method: 'POST',
          url: '/account/login',
          payload: `email=nobody${i}%40example.org&password=wrong`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        seen.push(response.statusCode);
      }
      expect(seen).not.toContain(429);
    } finally {
      await app.close();
    }
  });
});
