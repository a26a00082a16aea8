import { rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { buildApp } from '../../app.ts';
import { loggedPath } from './log-paths.ts';

describe.each(dialects)('request logs on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const lines: string[] = [];

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    const config = testConfig(database, { logLevel: 'info' });
    app = await buildApp(config, {
      db: database.db,
      logger: true,
      logStream: { write: (line) => lines.push(line) },
    });
    app.addHook('onClose', async () => rmSync(config.dataDir, { recursive: true, force: true }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('never contain the secret of a report or unsubscribe link, nor a query string', async () => {
    const secret = 'Zq8secretTokenValue0123456789abcdef';
    await app.inject(`/contact/report/${secret}`);
    await app.inject(`/fr/alerts/unsubscribe/12/${secret}`);
    await app.inject(`/account/reset?token=${secret}`);
    const logged = lines.join('');
    expect(logged).toContain('/contact/report/:token');
    expect(logged).toContain('/alerts/unsubscribe/12/:token');
    expect(logged).toContain('"path":"/account/reset"');
    expect(logged).not.toContain(secret);
  });
});

describe('the logged path', () => {
  it('keeps ordinary parameters and names the secret ones', () => {
    expect(loggedPath({ url: '/practices/42?q=x', params: { id: '42' } })).toBe('/practices/42');
    expect(
      loggedPath({ url: '/alerts/unsubscribe/7/a%20b', params: { userId: '7', token: 'a b' } }),
    ).toBe('/alerts/unsubscribe/7/:token');
  });
});
