import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import { createPreparedDatabase, type TestDatabase } from '../../../test/helpers/databases.ts';
import { preferredLocale } from './locale.ts';

describe('preferredLocale', () => {
  it('takes the best-rated of our languages, in the order given for equal ratings', () => {
    expect(preferredLocale('fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(preferredLocale('de-DE,de;q=0.9,ar;q=0.5,en;q=0.4')).toBe('ar');
    expect(preferredLocale('en;q=0.5, zh-Hant-TW;q=0.9')).toBe('zh');
    expect(preferredLocale('ES')).toBe('es');
    expect(preferredLocale('ru;q=0, en')).toBe('en');
  });
  it('names none for a header without our languages, an empty one, or nonsense', () => {
    expect(preferredLocale(undefined)).toBeUndefined();
    expect(preferredLocale('')).toBeUndefined();
    expect(preferredLocale('de, it;q=0.5')).toBeUndefined();
    expect(preferredLocale(';;;,,q=x')).toBeUndefined();
  });
});

describe('the language of a first visit', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const page = (url: string, headers: Record<string, string>) =>
    app.inject({ method: 'GET', url, headers: { accept: 'text/html,*/*;q=0.8', ...headers } });

  beforeAll(async () => {
    database = await createPreparedDatabase('sqlite');
    app = await buildTestApp(database, { pageCache: true });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('sends a first visitor to the same page in the language their browser prefers', async () => {
    const response = await page('/search?q=housing', {
      'accept-language': 'ar-EG,ar;q=0.9,en;q=0.5',
    });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/ar/search?q=housing');
    expect(String(response.headers['set-cookie'])).toMatch(
      /^lang=ar; Path=\/; Max-Age=\d+; SameSite=Lax/,
    );
    expect(response.headers.vary).toContain('Accept-Language');
    expect(response.headers['cache-control']).toBe('private, no-store');
    const home = await page('/', { 'accept-language': 'zh-CN' });
    expect(home.headers.location).toBe('/zh');
  });

  it('respects the language of later visits, and of an address that names one', async () => {
    // The page is in the cache already: the cache must not answer before the choice is made.
    await page('/about', { 'accept-language': 'en' });
    const later = await page('/about', { 'accept-language': 'fr', cookie: 'lang=fr' });
    expect(later.statusCode).toBe(200);
    expect(later.body).toContain('lang="en"');
    const first = await page('/about', { 'accept-language': 'fr' });
    expect(first.statusCode).toBe(302);
    const prefixed = await page('/es/about', { 'accept-language': 'fr' });
    expect(prefixed.statusCode).toBe(200);
    expect(String(prefixed.headers['set-cookie'])).toContain('lang=es');
  });

  it('leaves English readers, crawlers, the API, feeds and forms alone', async () => {
    const english = await page('/about', { 'accept-language': 'en-GB,fr;q=0.5' });
    expect(english.statusCode).toBe(200);
    expect(String(english.headers['set-cookie'])).toContain('lang=en');
    expect((await page('/about', {})).statusCode).toBe(200);
    for (const url of ['/api/v1/practices', '/feeds/practices.atom', '/sitemap.xml', '/robots.txt'])
      expect((await page(url, { 'accept-language': 'ru' })).statusCode, url).toBe(200);
    const json = await app.inject({
      method: 'GET',
      url: '/about',
      headers: { accept: 'application/json', 'accept-language': 'ru' },
    });
    expect(json.statusCode).not.toBe(302);
  });
});
