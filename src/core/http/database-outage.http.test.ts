import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { startTcpProxy, type TcpProxy } from '../../../test/helpers/tcp-proxy.ts';
import type { DatabaseConfig } from '../../config.ts';
import { createDb, type Db } from '../../db/connect.ts';

// Faults of the database servers, played by a proxy between the app and PostgreSQL: what a
// reader sees while the primary restarts or the replica is stopped or frozen.
const TIMEOUTS = { dbStatementTimeoutMs: 1000, dbConnectTimeoutMs: 500 };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(dialects.includes('postgres'))('database outages on postgres', () => {
  let database: TestDatabase;
  let primaryProxy: TcpProxy;
  let replicaProxy: TcpProxy;
  let primary: Db;
  let app: FastifyInstance;
  let clockOffsetMs = 0;

  const throughProxy = (proxy: TcpProxy): DatabaseConfig => {
    const config = database.config as Extract<DatabaseConfig, { dialect: 'postgres' }>;
    const connectionString = proxy.through(config.connectionString);
    return { ...config, connectionString, url: connectionString };
  };

  beforeAll(async () => {
    database = await createPreparedDatabase('postgres', { demo: true });
    const port = Number(
      new URL((database.config as { connectionString: string }).connectionString).port,
    );
    primaryProxy = await startTcpProxy(port);
    replicaProxy = await startTcpProxy(port);
  });
  afterAll(async () => {
    await primaryProxy.close();
    await replicaProxy.close();
    await database.drop();
  });

  beforeEach(async () => {
    primary = createDb(throughProxy(primaryProxy), {
      statementTimeoutMs: TIMEOUTS.dbStatementTimeoutMs,
      connectTimeoutMs: TIMEOUTS.dbConnectTimeoutMs,
    });
    app = await buildTestApp(
      { ...database, db: primary },
      { ...TIMEOUTS, rateLimitPerMinute: 600, readDatabase: throughProxy(replicaProxy) },
      { pageCache: { now: () => Date.now() + clockOffsetMs } },
    );
  });
  afterEach(async () => {
    await primaryProxy.up();
    await replicaProxy.up();
    primaryProxy.thaw();
    replicaProxy.thaw();
    await app.close();
    await primary.destroy();
  });

  it('keeps the process alive when a connection it holds idle is cut', async () => {
    await primary.connection().execute(async (connection) => {
      await sql`select 1`.execute(connection);
      // The server goes away while the connection is checked out and idle: node-postgres then
      // raises an error on the client, which would end the process without a listener.
      primaryProxy.cut();
      await pause(200);
    });
    expect((await app.inject('/api/v1/practices')).statusCode).toBe(200);
  });

  it('answers 503 with Retry-After while the primary is down, and recovers', async () => {
    await primaryProxy.down();
    await replicaProxy.down();
    const api = await app.inject('/api/v1/practices');
    expect(api.statusCode).toBe(503);
    expect(api.headers['retry-after']).toBe('5');
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ status: 503, code: 'database_unavailable' });
    const page = await app.inject('/events');
    expect(page.statusCode).toBe(503);
    expect(page.headers['retry-after']).toBe('5');
    expect(page.headers['content-type']).toContain('text/html');
    await primaryProxy.up();
    await replicaProxy.up();
    let recovered = 0;
    for (let attempt = 0; attempt < 50 && recovered !== 200; attempt++) {
      recovered = (await app.inject('/api/v1/practices')).statusCode;
      if (recovered !== 200) await pause(200);
    }
    expect(recovered).toBe(200);
  });

  it('serves the pages it has cached, marked stale, while no database answers', async () => {
    const fresh = await app.inject('/practices');
    expect(fresh.statusCode).toBe(200);
    await primaryProxy.down();
    await replicaProxy.down();
    clockOffsetMs += 2000;
    const stale = await app.inject('/practices');
    expect(stale.statusCode, stale.body.slice(0, 400)).toBe(200);
    expect(stale.headers['x-page-cache']).toBe('stale');
    expect(stale.body).toBe(fresh.body);
  });

  it('reports the replica in /readyz and the metrics', async () => {
    expect((await app.inject('/readyz')).json()).toMatchObject({ status: 'ok', replica: 'ok' });
    await replicaProxy.down();
    const ready = await app.inject('/readyz');
    // Reads go to the primary meanwhile: the process stays in the load balancer's rotation.
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ database: 'ok', replica: 'unreachable' });
    const metrics = await app.inject('/metrics');
    expect(metrics.body).toMatch(/^clearinghouse_replica_up 0$/m);
    expect(metrics.body).toMatch(/^clearinghouse_data_dir_writable 1$/m);
  });

  it('reads from the primary while the replica is stopped', async () => {
    await replicaProxy.down();
    for (const url of ['/api/v1/practices', '/events', '/organisations', '/readyz']) {
      const response = await app.inject(url);
      expect(response.statusCode, `${url} ${response.body.slice(0, 300)}`).toBe(200);
    }
  });

  it('reads from the primary when the replica freezes', async () => {
    expect((await app.inject('/api/v1/events')).statusCode).toBe(200);
    replicaProxy.freeze();
    for (const url of ['/api/v1/practices?page=2', '/api/v1/events', '/api/v1/organisations']) {
      const response = await app.inject(url);
      expect(response.statusCode, `${url} ${response.body.slice(0, 300)}`).toBe(200);
    }
  });

  it('serves public pages from the replica while the primary is down', async () => {
    await primaryProxy.down();
    for (const url of ['/api/v1/practices?page=3', '/events?x=1', '/organisations?x=1']) {
      const response = await app.inject(url);
      expect(response.statusCode, `${url} ${response.body.slice(0, 300)}`).toBe(200);
    }
  });
});
