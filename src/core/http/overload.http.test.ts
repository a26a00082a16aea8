import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';

describe.each(dialects)('load shedding on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    // A heap limit of one byte: the first sample (after a second) finds the process under pressure.
    app = await buildTestApp(database, { overloadMaxHeapBytes: 1 });
    await vi.waitFor(() => expect(app.isUnderPressure()).toBe(true), {
      timeout: 10_000,
      interval: 50,
    });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('answers pages with the busy page, 503 and Retry-After', async () => {
    const page = await app.inject({ method: 'GET', url: '/practices' });
    expect(page.statusCode).toBe(503);
    expect(page.headers['retry-after']).toBe('10');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('The site is busy');

    const french = await app.inject({ method: 'GET', url: '/fr/' });
    expect(french.statusCode).toBe(503);
    expect(french.body).toContain('Le site est surchargé');
  });

  it('answers the API with problem+json, 503 and Retry-After', async () => {
    const api = await app.inject({ method: 'GET', url: '/api/v1/practices' });
    expect(api.statusCode).toBe(503);
    expect(api.headers['retry-after']).toBe('10');
    expect(api.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(api.json()).toMatchObject({
      status: 503,
      code: 'unavailable',
      title: 'Service Unavailable',
      instance: '/api/v1/practices',
    });
  });

  it('keeps answering health checks and metrics', async () => {
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    // The refusals are counted like any answer.
    expect(metrics.body).toMatch(
      /^http_requests_total\{method="GET",route="\/practices",status="503"\} 1$/m,
    );
  });
});
