import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { importPractices } from '../practices/practice-interchange.service.ts';

async function* one(title: string) {
  yield {
    number: 1,
    value: {
      external_id: 'replica-1',
      title,
      language: 'en',
      summary: 'x',
      country: 'KE',
      themes: ['health'],
    },
  };
}

// A replica is a copy of the primary; two different databases show which one each read uses.
describe.skipIf(!dialects.includes('postgres'))('a read replica (DATABASE_READ_URL)', () => {
  let primary: TestDatabase;
  let replica: TestDatabase;

  beforeAll(async () => {
    primary = await createPreparedDatabase('postgres');
    replica = await createPreparedDatabase('postgres');
    await importPractices(primary.db, one('Written to the primary'));
    await importPractices(replica.db, one('As streamed to the replica'));
  });
  afterAll(async () => {
    await primary.drop();
    await replica.drop();
  });

  it('serves public pages and the read API from the replica, and everything else from the primary', async () => {
    const app = await buildTestApp(primary, { readDatabase: replica.config });
    try {
      const api = await app.inject({ method: 'GET', url: '/api/v1/practices' });
      expect(api.body).toContain('As streamed to the replica');
      const page = await app.inject({ method: 'GET', url: '/practices/written-to-the-primary' });
      expect(page.statusCode).toBe(404);
      expect(app.readDb).not.toBe(app.db);
      // Writes and signed-in work stay on the primary.
      expect(app.db).toBe(primary.db);
    } finally {
      await app.close();
    }
  });
});
