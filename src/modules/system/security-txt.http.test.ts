import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import { createPreparedDatabase, type TestDatabase } from '../../../test/helpers/databases.ts';
import { securityTxt } from './security-txt.ts';

describe('/.well-known/security.txt', () => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof buildTestApp>>;

  beforeAll(async () => {
    database = await createPreparedDatabase('sqlite');
    app = await buildTestApp(database, {
      publicUrl: 'https://hub.example.org',
      securityContact: 'mailto:cert@hub.example.org',
    });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('names the contact, an expiry within a year, the languages and its own address', async () => {
    const response = await app.inject('/.well-known/security.txt');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    const fields = Object.fromEntries(
      response.body
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
    );
    expect(fields.Contact).toBe('mailto:cert@hub.example.org');
    expect(fields.Canonical).toBe('https://hub.example.org/.well-known/security.txt');
    expect(fields['Preferred-Languages']).toBe('en, ar, es, fr, ru, zh');
    const expires = Date.parse(fields.Expires ?? '');
    expect(expires).toBeGreaterThan(Date.now());
    // RFC 9116 recommends less than a year ahead.
    expect(expires - Date.now()).toBeLessThanOrEqual(366 * 24 * 3600 * 1000);
  });

  it('keeps the same text all day, so caches may keep it', () => {
    const config = { securityContact: 'mailto:a@b.example', publicUrl: 'https://b.example' };
    expect(securityTxt(config, new Date('2026-03-01T00:00:01Z'))).toBe(
      securityTxt(config, new Date('2026-03-01T23:59:59Z')),
    );
    expect(securityTxt(config, new Date('2026-03-01T12:00:00Z'))).toContain(
      'Expires: 2027-03-01T00:00:00Z',
    );
  });
});
