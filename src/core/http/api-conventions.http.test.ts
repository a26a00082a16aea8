import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import compress from '@fastify/compress';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../actor.ts';
import apiConventions, { etagOf, ifNoneMatchMatches } from './api-conventions.ts';

const ORIGIN = 'https://elsewhere.example';
const big = { items: Array.from({ length: 200 }, (_, i) => ({ i, text: 'practice' })) };

describe('API conventions: CORS for reads, ETag and conditional requests', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    // As in app.ts: compression is registered first, and must not hide the body from the ETag.
    await app.register(compress, { encodings: ['gzip'], threshold: 1024 });
    app.decorateRequest('actor', null as never);
    app.addHook('onRequest', async (request) => {
      request.actor = request.headers.authorization
        ? { kind: 'user', id: 1, role: 'member', name: 'x', via: 'token', scopes: ['read'] }
        : ANONYMOUS;
    });
    await app.register(apiConventions);
    const pub = { config: { access: 'public' as const } };
    app.get('/api/v1/things', pub, async () => ({ things: [1, 2, 3] }));
    app.get('/api/v1/things/:id', pub, async (request, reply) => {
      const { id } = request.params as { id: string };
      if (id === 'big') return big;
      return reply
        .code(404)
        .type('application/problem+json')
        .send({ status: 404, code: 'not_found' });
    });
    app.get('/api/v1/stream', pub, async (_request, reply) =>
      reply.type('application/x-ndjson').send(Readable.from(['{"a":1}\n', '{"a":2}\n'])),
    );
    app.get('/api/v1/csv', pub, async (_request, reply) =>
      reply.type('text/csv').send('a,b\n1,2\n'),
    );
    app.post('/api/v1/things', { config: { access: 'api-write' } }, async (_request, reply) =>
      reply.code(201).send({ id: 4 }),
    );
    app.get('/openapi.json', pub, async () => ({ openapi: '3.1.0' }));
    app.get('/practices', pub, async () => ({ page: true }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it('gives a 200 JSON answer a strong ETag and answers If-None-Match with 304 and no body', async () => {
    const first = await app.inject({ url: '/api/v1/things', headers: { origin: ORIGIN } });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe(etagOf(first.body));
    expect(first.headers.etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    for (const header of [
      first.headers.etag as string,
      `W/${first.headers.etag}`,
      `"other", ${first.headers.etag}`,
      '*',
    ]) {
      const again = await app.inject({
        url: '/api/v1/things',
        headers: { origin: ORIGIN, 'if-none-match': header },
      });
      expect(again.statusCode, header).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(again.headers['cache-control']).toBe('public, no-cache');
      expect(again.headers['access-control-allow-origin']).toBe('*');
    }
    const changed = await app.inject({
      url: '/api/v1/things',
      headers: { 'if-none-match': '"stale"' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ things: [1, 2, 3] });
  });

  it('hashes the body before compression, so gzip and identity share the ETag and a 304', async () => {
    const plain = await app.inject('/api/v1/things/big');
    const gzip = await app.inject({
      url: '/api/v1/things/big',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.rawPayload).toString())).toEqual(big);
    expect(gzip.headers.etag).toBe(plain.headers.etag);
    const again = await app.inject({
      url: '/api/v1/things/big',
      headers: { 'accept-encoding': 'gzip', 'if-none-match': plain.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('answers HEAD with the same ETag and a 304 when it matches', async () => {
    const get = await app.inject('/api/v1/things');
    const head = await app.inject({ method: 'HEAD', url: '/api/v1/things' });
    expect(head.statusCode).toBe(200);
    expect(head.headers.etag).toBe(get.headers.etag);
    expect(head.headers['access-control-allow-origin']).toBe('*');
    const again = await app.inject({
      method: 'HEAD',
      url: '/api/v1/things',
      headers: { 'if-none-match': get.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
  });

  it('marks answers to a token private and unstorable', async () => {
    const response = await app.inject({
      url: '/api/v1/things',
      headers: { authorization: 'Bearer chk_x' },
    });
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(response.headers.etag).toBeDefined();
  });

  it('leaves streams, non-JSON bodies and errors without an ETag, but readable by any origin', async () => {
    const stream = await app.inject({ url: '/api/v1/stream', headers: { origin: ORIGIN } });
    expect(stream.statusCode).toBe(200);
    expect(stream.body).toBe('{"a":1}\n{"a":2}\n');
    expect(stream.headers.etag).toBeUndefined();
    expect(stream.headers['access-control-allow-origin']).toBe('*');
    const csv = await app.inject('/api/v1/csv');
    expect(csv.headers.etag).toBeUndefined();
    const missing = await app.inject({ url: '/api/v1/things/9', headers: { origin: ORIGIN } });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers.etag).toBeUndefined();
    expect(missing.headers['access-control-allow-origin']).toBe('*');
    expect(missing.headers['access-control-expose-headers']).toBe(
      'etag, retry-after, x-request-id',
    );
  });

  it('gives /openapi.json the same treatment, and pages none of it', async () => {
    const doc = await app.inject({ url: '/openapi.json', headers: { origin: ORIGIN } });
    expect(doc.headers['access-control-allow-origin']).toBe('*');
    expect(doc.headers.etag).toBeDefined();
    const page = await app.inject({ url: '/practices', headers: { origin: ORIGIN } });
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect(page.headers.etag).toBeUndefined();
  });

  it('answers a preflight for reads with 204 and the allowed methods and headers', async () => {
    for (const url of ['/api/v1/things', '/api/v1/things/7?lang=fr&page=2', '/openapi.json']) {
      const response = await app.inject({
        method: 'OPTIONS',
        url,
        headers: {
          origin: ORIGIN,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'if-none-match',
        },
      });
      expect(response.statusCode, url).toBe(204);
      expect(response.body).toBe('');
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(response.headers['access-control-allow-methods']).toBe('GET, HEAD');
      expect(response.headers['access-control-allow-headers']).toBe('accept, if-none-match');
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
      expect(response.headers['access-control-max-age']).toBe('86400');
    }
  });

  it('gives writes no CORS header: neither the POST nor its preflight', async () => {
    const post = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { origin: ORIGIN },
      payload: {},
    });
    expect(post.statusCode).toBe(201);
    expect(post.headers['access-control-allow-origin']).toBeUndefined();
    expect(post.headers.etag).toBeUndefined();
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/things',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('answers OPTIONS without a preflight with Allow, and an unknown path with 404', async () => {
    const plain = await app.inject({ method: 'OPTIONS', url: '/api/v1/things/3' });
    expect(plain.statusCode).toBe(204);
    expect(plain.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
    const unknown = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/nothing/here',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('compares entity tags weakly', () => {
    expect(ifNoneMatchMatches(undefined, '"a"')).toBe(false);
    expect(ifNoneMatchMatches('"a"', '"a"')).toBe(true);
    expect(ifNoneMatchMatches('W/"a"', '"a"')).toBe(true);
    expect(ifNoneMatchMatches('"a"', 'W/"a"')).toBe(true);
    expect(ifNoneMatchMatches(' "b" , "a" ', '"a"')).toBe(true);
    expect(ifNoneMatchMatches('"ab"', '"a"')).toBe(false);
    expect(ifNoneMatchMatches('*', '"a"')).toBe(true);
  });
});
