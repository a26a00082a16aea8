import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { poolStatsOf } from '../../db/pool-stats.ts';
import { enqueueJob } from '../jobs/job.service.ts';
import { backupDatabase } from './backup.service.ts';
import { bearerMatches } from './metrics.plugin.ts';

const TOKEN = 'metrics-token-0123456789abcdef';

/** The value of one sample line, e.g. `sample(body, 'clearinghouse_jobs{state="pending"}')`. */
function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('bearerMatches', () => {
  it('accepts exactly the token, whatever its length', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(bearerMatches('Bearer short', TOKEN)).toBe(false);
    expect(bearerMatches(TOKEN, TOKEN)).toBe(false);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
  });
});

describe.each(dialects)('/metrics on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let slug: string;

  const scrape = async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    app = await buildTestApp(database);
    slug = (
      await database.db
        .selectFrom('practices')
        .select('slug')
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).slug;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('answers this machine in the Prometheus text format, with the process metrics', async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers['cache-control']).toBe('no-store');
    for (const name of [
      'clearinghouse_process_cpu_user_seconds_total',
      'clearinghouse_process_resident_memory_bytes',
      'clearinghouse_nodejs_eventloop_lag_seconds',
      'clearinghouse_nodejs_heap_size_used_bytes',
    ])
      expect(response.body).toContain(`\n${name} `);
    expect(sample(response.body, 'clearinghouse_database_up')).toBe(1);
    expect(sample(response.body, 'clearinghouse_database_size_bytes')).toBeGreaterThan(0);
  });

  it('refuses other addresses, and loopback requests relayed by a proxy, as if it did not exist', async () => {
    const remote = await app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '203.0.113.7',
    });
    expect(remote.statusCode).toBe(404);
    expect(remote.body).not.toContain('clearinghouse_');
    // The site's usual "not found" page: nothing tells that something is there.
    expect(remote.body).toContain('Page not found');
    expect(remote.headers['x-denied-by']).toBeUndefined();
    const relayed = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    expect(relayed.statusCode).toBe(404);
  });

  it('counts requests by route pattern, never by the address asked for', async () => {
    const before = await scrape();
    const series = 'http_requests_total{method="GET",route="/practices/:slug",status="200"}';
    const start = sample(before, series) ?? 0;
    expect((await app.inject({ method: 'GET', url: `/practices/${slug}` })).statusCode).toBe(200);
    // The locale prefix is not part of the pattern; a cached page counts too.
    expect((await app.inject({ method: 'GET', url: `/fr/practices/${slug}` })).statusCode).toBe(
      200,
    );
    expect((await app.inject({ method: 'GET', url: `/practices/${slug}` })).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: '/practices/no-such-practice' })).statusCode,
    ).toBe(404);
    await app.inject({ method: 'GET', url: '/people/jane.doe@example.org?token=s3cret' });

    const after = await scrape();
    expect(sample(after, series)).toBe(start + 3);
    expect(
      sample(after, 'http_requests_total{method="GET",route="/practices/:slug",status="404"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(after, 'http_requests_total{method="GET",route="not_found",status="404"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(after, 'http_request_duration_seconds_count{method="GET",route="/practices/:slug"}'),
    ).toBeGreaterThanOrEqual(start + 4);
    // Its own scrapes are not counted.
    expect(after).not.toContain('route="/metrics"');
    // Labels hold patterns only: no slug, address, query or client address.
    for (const secret of [slug, 'jane.doe', 's3cret', '127.0.0.1', '/fr/'])
      expect(after).not.toContain(secret);
  });

  it('times searches, without what was searched for', async () => {
    const before = sample(await scrape(), 'clearinghouse_search_duration_seconds_count') ?? 0;
    const response = await app.inject({ method: 'GET', url: '/search?q=zebrafinch+housing' });
    expect(response.statusCode).toBe(200);
    const after = await scrape();
    expect(sample(after, 'clearinghouse_search_duration_seconds_count')).toBe(before + 1);
    expect(after).not.toContain('zebrafinch');
  });

  it('reports the job queue by state and the wait of the oldest due job', async () => {
    const before = await scrape();
    const pending = sample(before, 'clearinghouse_jobs{state="pending"}') ?? 0;
    expect(sample(before, 'clearinghouse_jobs{state="failed"}')).toBe(0);
    await enqueueJob(database.db, {
      kind: 'metrics-test',
      payload: { email: 'someone@example.org' },
      runAt: new Date(Date.now() - 90_000),
    });
    // Not due yet: counted, but it does not wait.
    await enqueueJob(database.db, {
      kind: 'metrics-test',
      payload: null,
      runAt: new Date(Date.now() + 3600_000),
    });
    const after = await scrape();
    expect(sample(after, 'clearinghouse_jobs{state="pending"}')).toBe(pending + 2);
    const oldest = sample(after, 'clearinghouse_jobs_oldest_due_seconds') ?? 0;
    expect(oldest).toBeGreaterThanOrEqual(90);
    expect(oldest).toBeLessThan(600);
    expect(after).not.toContain('someone@example.org');
    expect(after).not.toContain('metrics-test');
  });

  it('reports the disk of DATA_DIR and when the last backup was made', async () => {
    const before = await scrape();
    expect(sample(before, 'clearinghouse_data_dir_free_bytes')).toBeGreaterThan(0);
    expect(sample(before, 'clearinghouse_data_dir_size_bytes')).toBeGreaterThan(
      sample(before, 'clearinghouse_data_dir_free_bytes') ?? 0,
    );
    // Never: 0, so that "time() - last backup > 2 days" fires.
    expect(sample(before, 'clearinghouse_last_backup_timestamp_seconds')).toBe(0);
    const dir = await mkdtemp(path.join(tmpdir(), 'metrics-backup-'));
    await backupDatabase(database.db, path.join(dir, 'site.backup'));
    const at = sample(await scrape(), 'clearinghouse_last_backup_timestamp_seconds') ?? 0;
    expect(Math.abs(Date.now() / 1000 - at)).toBeLessThan(60);
  });

  it('reports the connection pool when the database has one, and nothing made up otherwise', async () => {
    const body = await scrape();
    const stats = poolStatsOf(database.db);
    if (stats === undefined) {
      expect(body).not.toContain('clearinghouse_db_pool_');
    } else {
      expect(dialect).toBe('postgres');
      expect(
        sample(body, 'clearinghouse_db_pool_connections{database="primary"}'),
      ).toBeGreaterThanOrEqual(1);
      expect(
        sample(body, 'clearinghouse_db_pool_idle_connections{database="primary"}'),
      ).toBeGreaterThanOrEqual(0);
      expect(sample(body, 'clearinghouse_db_pool_waiting_clients{database="primary"}')).toBe(0);
    }
  });

  describe('with METRICS_TOKEN set', () => {
    let guarded: FastifyInstance;
    beforeAll(async () => {
      guarded = await buildTestApp(database, { metricsToken: TOKEN });
    });
    afterAll(async () => {
      await guarded.close();
    });

    it('asks for the token from every address, loopback included', async () => {
      const get = (headers: Record<string, string>, remoteAddress?: string) =>
        guarded.inject({
          method: 'GET',
          url: '/metrics',
          headers,
          ...(remoteAddress ? { remoteAddress } : {}),
        });
      expect((await get({})).statusCode).toBe(404);
      expect((await get({ authorization: 'Bearer wrong-token-0123456789abcdef' })).statusCode).toBe(
        404,
      );
      expect((await get({ authorization: `Basic ${TOKEN}` })).statusCode).toBe(404);
      const allowed = await get({ authorization: `Bearer ${TOKEN}` }, '198.51.100.4');
      expect(allowed.statusCode).toBe(200);
      expect(allowed.body).toContain('http_requests_total');
    });

    it('leaves API tokens to the API: a bearer token elsewhere is still checked', async () => {
      const api = await guarded.inject({
        method: 'GET',
        url: '/api/v1/practices',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(api.statusCode).toBe(401);
    });
  });
});
