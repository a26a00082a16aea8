import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { createUser } from '../../../test/helpers/users.ts';
import { createDb } from '../../db/connect.ts';
import { createApiToken } from '../../modules/accounts/api-token.service.ts';
import { importPractices } from '../../modules/practices/practice-interchange.service.ts';
import { markContentChanged } from '../content-version.ts';

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

const practice = (title: string) => ({
  external_id: title,
  title,
  language: 'en',
  summary: 'A new practice.',
  country: 'FR',
  themes: ['housing'],
});

describe.each(dialects)('page cache on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  // The cache's clock runs with real time, and a test moves it on instead of waiting.
  let clockOffsetMs = 0;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    app = await buildTestApp(
      database,
      {},
      { pageCache: { now: () => Date.now() + clockOffsetMs } },
    );
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('answers a repeat visit with 304 Not Modified', async () => {
    const first = await app.inject('/practices');
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const again = await app.inject({ url: '/practices', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const cached = await app.inject('/practices');
    expect(cached.headers.etag).toBe(etag);
    expect(cached.body).toBe(first.body);
  });

  it('serves the same page compressed with brotli or gzip', async () => {
    const plain = await app.inject('/themes');
    const br = await app.inject({
      url: '/themes',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    const gz = await app.inject({ url: '/themes', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
  });

  it('keeps the locales apart', async () => {
    const en = await app.inject('/practices');
    const fr = await app.inject('/fr/practices');
    expect(fr.body).toContain('<html lang="fr"');
    expect(en.body).toContain('<html lang="en"');
    const home = await app.inject('/');
    const arabic = await app.inject('/ar');
    expect(home.body).toContain('<html lang="en"');
    expect(arabic.body).toContain('<html lang="ar" dir="rtl"');
  });

  it('shows a change made in this process at once', async () => {
    const before = await app.inject('/practices');
    await importPractices(database.db, values([practice('Written in this process')]));
    const after = await app.inject('/practices');
    expect(after.body).toContain('Written in this process');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('shows a change made by another process within a second', async () => {
    await app.inject('/practices');
    // Another process writes with its own connection; no event reaches this one.
    const other = createDb(database.config);
    try {
      await other.transaction().execute(async (trx) => {
        await trx
          .updateTable('practices')
          .set({ title: 'Renamed by another process' })
          .where('external_id', '=', 'Written in this process')
          .execute();
        await markContentChanged(trx);
      });
    } finally {
      await other.destroy();
    }
    // A second later (the cache's recheck interval), the next reader gets the changed page.
    clockOffsetMs += 1000;
    expect((await app.inject('/practices')).body).toContain('Renamed by another process');
  });

  it('never stores or serves a page for a request that carries credentials', async () => {
    const userId = await createUser(
      database.db,
      `cache-${dialect}@example.org`,
      'member',
      'Tokenholder Unique',
    );
    const { token } = await createApiToken(
      database.db,
      {
        kind: 'user',
        id: userId,
        role: 'member',
        name: 'Tokenholder Unique',
        via: 'session',
        scopes: ['read', 'write'],
      },
      { name: 'probe', scopes: ['read'] },
    );
    const bearer = { authorization: `Bearer ${token}` };
    // A token holder asks first: the page rendered for them names them and must not be kept.
    const member = await app.inject({ url: '/about?credentials=1', headers: bearer });
    expect(member.statusCode).toBe(200);
    expect(member.body).toContain('Tokenholder Unique');
    expect(member.headers.etag).toBeUndefined();
    expect(member.headers['cache-control']).not.toContain('public');
    const visitor = await app.inject('/about?credentials=1');
    expect(visitor.body).not.toContain('Tokenholder Unique');
    // Nor is a page stored for anonymous readers ever handed to a credentialed request.
    const again = await app.inject({ url: '/about?credentials=1', headers: bearer });
    expect(again.body).toContain('Tokenholder Unique');
  });

  it('does not cache errors or the API', async () => {
    expect((await app.inject('/practices/missing')).headers.etag).toBeUndefined();
    // A change written behind the cache's back shows at once in the API, which is never cached.
    await app.inject('/api/v1/practices?sort=title');
    const first = await database.db
      .selectFrom('practices')
      .select('id')
      // In English, so the list shows the title as changed rather than its English translation.
      .where('language', '=', 'en')
      .orderBy('title')
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable('practices')
      .set({ title: 'AAA changed behind the cache' })
      .where('id', '=', first.id)
      .execute();
    expect((await app.inject('/api/v1/practices?sort=title')).body).toContain(
      'AAA changed behind the cache',
    );
  });
});

describe('page cache hits', () => {
  it('carry the same security headers as the first response', async () => {
    const database = await createPreparedDatabase('sqlite');
    const app = await buildTestApp(database);
    try {
      const first = await app.inject('/about');
      const hit = await app.inject('/about');
      for (const header of [
        'content-security-policy',
        'x-content-type-options',
        'x-frame-options',
        'referrer-policy',
        'content-type',
        'etag',
      ]) {
        expect(hit.headers[header], header).toBe(first.headers[header]);
      }
      expect(hit.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
