import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, testConfig } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { createUser } from '../../../test/helpers/users.ts';
import { buildApp } from '../../app.ts';
import { createApiToken } from '../../modules/accounts/api-token.service.ts';

function practice(title: string) {
  return {
    title,
    language: 'en',
    summary: 'Volunteers mentor newcomers who look for their first job.',
    type: 'programme',
    country: 'DE',
    city: 'Berlin',
    status: 'ongoing',
    start_year: 2020,
    themes: ['employment'],
    organisations: [{ name: 'Berlin Job Centre', role: 'lead' }],
    sections: { context: 'c', objectives: 'o', activities: 'a', results: 'r' },
    contact_name: 'Jonas',
    contact_email: 'jonas@example.org',
    checklist: { relates: true, implemented: true, results: true, contact: true, consent: true },
  };
}

/** How the store names a key (it never keeps the key itself), for setting up a key's state. */
function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

async function writeToken(db: TestDatabase['db'], email: string): Promise<string> {
  const id = await createUser(db, email, 'contributor');
  const token = await createApiToken(
    db,
    {
      kind: 'user',
      id,
      role: 'contributor',
      name: email,
      via: 'session',
      scopes: ['read', 'write'],
    },
    { name: 'writer', scopes: ['read', 'write'] },
  );
  return token.token;
}

describe.each(dialects)('Idempotency-Key on API writes on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let alice: string;
  let bob: string;

  const submit = (
    token: string,
    key: string | undefined,
    body: object,
    target: FastifyInstance = app,
  ) =>
    target.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: {
        authorization: `Bearer ${token}`,
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      payload: body,
    });

  const submissionsTitled = async (title: string) =>
    (await database.db.selectFrom('submissions').select('data').execute()).filter(
      (row) => (JSON.parse(row.data) as { title?: string }).title === title,
    ).length;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    app = await buildTestApp(database, { submissionRateLimitPerHour: 0 });
    alice = await writeToken(database.db, 'alice@example.org');
    bob = await writeToken(database.db, 'bob@example.org');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('answers a repeat with the first result, marked as replayed, and stores one submission', async () => {
    const body = practice('Job mentoring, sent twice');
    const first = await submit(alice, 'retry-1', body);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await submit(alice, 'retry-1', body);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.json()).toEqual(first.json());
    expect(await submissionsTitled('Job mentoring, sent twice')).toBe(1);
  });

  it('replays the Location of a created record as well as its body', async () => {
    const body = { name: 'Retry Welcome Lisbon', type: 'ngo', country: 'PT' };
    const create = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        headers: { authorization: `Bearer ${alice}`, 'idempotency-key': 'org-1' },
        payload: body,
      });
    const first = await create();
    expect(first.statusCode, first.body).toBe(201);
    const again = await create();
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.body).toBe(first.body);
    const rows = await database.db
      .selectFrom('organisations')
      .select('id')
      .where('slug', 'like', 'retry-welcome-lisbon%')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses the same key with a different body: 422, and nothing more is stored', async () => {
    const first = await submit(alice, 'reused-key', practice('The first of two'));
    expect(first.statusCode).toBe(201);
    const other = await submit(alice, 'reused-key', practice('A different practice'));
    expect(other.statusCode).toBe(422);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(other.json()).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(await submissionsTitled('A different practice')).toBe(0);
  });

  it('refuses a malformed key with a 400 problem naming the header, before any work', async () => {
    for (const key of ['', 'x'.repeat(256), 'with space', 'naïve']) {
      const response = await submit(alice, key, practice('Sent with a bad key'));
      expect(response.statusCode, JSON.stringify(key)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors[0].field).toBe('Idempotency-Key');
    }
    expect(await submissionsTitled('Sent with a bad key')).toBe(0);
    const longest = await submit(alice, `${'k'.repeat(254)}~`, practice('Sent with a long key'));
    expect(longest.statusCode, longest.body).toBe(201);
  });

  it('keeps the keys of different accounts apart', async () => {
    const body = practice('Two authors, one key');
    const fromAlice = await submit(alice, 'shared-key', body);
    const fromBob = await submit(bob, 'shared-key', body);
    expect(fromAlice.statusCode).toBe(201);
    expect(fromBob.statusCode).toBe(201);
    expect(fromBob.headers['idempotent-replayed']).toBeUndefined();
    expect(fromBob.json().id).not.toBe(fromAlice.json().id);
    const bobAgain = await submit(bob, 'shared-key', body);
    expect(bobAgain.headers['idempotent-replayed']).toBe('true');
    expect(bobAgain.json().id).toBe(fromBob.json().id);
    expect(await submissionsTitled('Two authors, one key')).toBe(2);
  });

  it('does the work once for duplicates sent at the same time to two apps on one database', async () => {
    const second = await buildTestApp(database, { submissionRateLimitPerHour: 0 });
    try {
      const body = practice('Sent by an impatient client');
      const answers = await Promise.all([
        submit(alice, 'concurrent', body),
        submit(alice, 'concurrent', body, second),
        submit(alice, 'concurrent', body),
        submit(alice, 'concurrent', body, second),
      ]);
      expect(await submissionsTitled('Sent by an impatient client')).toBe(1);
      const fresh = answers.filter(
        (a) => a.statusCode === 201 && a.headers['idempotent-replayed'] === undefined,
      );
      expect(fresh).toHaveLength(1);
      for (const answer of answers) {
        expect([201, 409], answer.body).toContain(answer.statusCode);
        if (answer.statusCode === 409) {
          expect(answer.headers['retry-after']).toMatch(/^\d+$/);
          expect(answer.json().code).toBe('idempotency_key_in_use');
        }
      }
    } finally {
      await second.close();
    }
  });

  it('answers 409 with Retry-After while the first request with the key is still being processed', async () => {
    const body = practice('Still in the works');
    // A first request that has claimed the key and not yet finished.
    const first = await submit(alice, 'slow-first', body);
    expect(first.statusCode).toBe(201);
    await database.db
      .updateTable('idempotency_keys')
      .set({ state: 'processing', status: null, headers: null, body: null })
      .where('key_hash', '=', keyHash('slow-first'))
      .execute();
    const again = await submit(alice, 'slow-first', body);
    expect(again.statusCode).toBe(409);
    expect(again.headers['retry-after']).toMatch(/^\d+$/);
    expect(await submissionsTitled('Still in the works')).toBe(1);
  });

  it('takes over a claim whose request never finished (its process died) after five minutes', async () => {
    const body = practice('Left behind by a crash');
    expect((await submit(alice, 'crashed', body)).statusCode).toBe(201);
    // As a process that died between claiming the key and storing the answer leaves it.
    await database.db
      .updateTable('idempotency_keys')
      .set({
        state: 'processing',
        status: null,
        headers: null,
        body: null,
        claim: 'a request of a process that died',
        created_at: new Date(Date.now() - 5 * 60_000 - 1000).toISOString(),
      })
      .where('key_hash', '=', keyHash('crashed'))
      .execute();
    const again = await submit(alice, 'crashed', body);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect((await submit(alice, 'crashed', body)).headers['idempotent-replayed']).toBe('true');
  });

  it('processes an expired key afresh', async () => {
    const body = practice('Sent again the next day');
    expect((await submit(alice, 'yesterday', body)).statusCode).toBe(201);
    expect((await submit(alice, 'yesterday', body)).headers['idempotent-replayed']).toBe('true');
    expect(await submissionsTitled('Sent again the next day')).toBe(1);
    await database.db
      .updateTable('idempotency_keys')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    const again = await submit(alice, 'yesterday', body);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(await submissionsTitled('Sent again the next day')).toBe(2);
    // The expired keys of everyone were cleared on the way.
    const left = await database.db
      .selectFrom('idempotency_keys')
      .select('expires_at')
      .where('expires_at', '<=', new Date().toISOString())
      .execute();
    expect(left).toEqual([]);
  });

  it('keeps no refusal: a request corrected after a 400 is processed with the same key', async () => {
    const { summary: _left, ...incomplete } = practice('Corrected and sent again');
    const refused = await submit(alice, 'fix-and-retry', incomplete);
    expect(refused.statusCode).toBe(400);
    const corrected = await submit(alice, 'fix-and-retry', practice('Corrected and sent again'));
    expect(corrected.statusCode, corrected.body).toBe(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
    const repeated = await submit(alice, 'fix-and-retry', practice('Corrected and sent again'));
    expect(repeated.headers['idempotent-replayed']).toBe('true');
    expect(await submissionsTitled('Corrected and sent again')).toBe(1);
  });

  it('works without a key as before', async () => {
    const body = practice('Sent without a key');
    expect((await submit(alice, undefined, body)).statusCode).toBe(201);
    expect((await submit(alice, undefined, body)).statusCode).toBe(201);
    expect(await submissionsTitled('Sent without a key')).toBe(2);
  });

  it('takes the header on every write of the API, and documents it in OpenAPI', async () => {
    const writes = app.routeRules.filter(
      (r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && r.url.startsWith('/api/v1/'),
    );
    expect(writes.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'PATCH /api/v1/events/:eventSlug',
      'PATCH /api/v1/organisations/:organisationSlug',
      'POST /api/v1/events',
      'POST /api/v1/organisations',
      'POST /api/v1/submissions',
      'PUT /api/v1/organisations/:organisationSlug/verified',
    ]);
    for (const write of writes) expect(write.access, write.url).toBe('api-write');
    const doc = (await app.inject('/openapi.json')).json() as {
      info: { description: string };
      paths: Record<
        string,
        Record<
          string,
          { parameters?: { in: string; name: string }[]; responses: Record<string, unknown> }
        >
      >;
    };
    expect(doc.info.description).toContain('Idempotency-Key');
    for (const write of writes) {
      const operation =
        doc.paths[write.url.replace(/:(\w+)/g, '{$1}')]?.[write.method.toLowerCase()];
      const label = `${write.method} ${write.url}`;
      expect(
        operation?.parameters?.some((p) => p.in === 'header' && /^idempotency-key$/i.test(p.name)),
        label,
      ).toBe(true);
      expect(Object.keys(operation?.responses ?? {}), label).toEqual(
        expect.arrayContaining(['409', '422']),
      );
    }
  });

  it('answers an unchanged PATCH sent twice from the store', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { authorization: `Bearer ${bob}` },
      payload: { name: 'Patch Twice Porto', type: 'ngo', country: 'PT' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const slug = created.json().slug as string;
    const patch = (website: string) =>
      app.inject({
        method: 'PATCH',
        url: `/api/v1/organisations/${slug}`,
        headers: { authorization: `Bearer ${bob}`, 'idempotency-key': 'patch-1' },
        payload: { website },
      });
    const first = await patch('https://porto.example.org');
    expect(first.statusCode, first.body).toBe(200);
    const again = await patch('https://porto.example.org');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    expect((await patch('https://other.example.org')).statusCode).toBe(422);
  });
});

describe.each(dialects)('Idempotency keys in the logs on %s', (dialect: DialectName) => {
  it('are never written there', async () => {
    const database = await createPreparedDatabase(dialect);
    const lines: string[] = [];
    const config = testConfig(database, { logLevel: 'debug', submissionRateLimitPerHour: 0 });
    const app = await buildApp(config, {
      db: database.db,
      logger: true,
      logStream: { write: (line) => lines.push(line) },
    });
    try {
      await app.ready();
      const token = await writeToken(database.db, 'logged@example.org');
      const key = 'Zq8secretIdempotencyKey0123456789';
      for (let i = 0; i < 2; i++)
        await app.inject({
          method: 'POST',
          url: '/api/v1/submissions',
          headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
          payload: practice('Logged but not the key'),
        });
      await app.inject({
        method: 'POST',
        url: '/api/v1/submissions',
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
        payload: practice('Another body'),
      });
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join('')).not.toContain(key);
    } finally {
      await app.close();
      rmSync(config.dataDir, { recursive: true, force: true });
      await database.drop();
    }
  });
});
