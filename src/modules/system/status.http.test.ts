import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/helpers/agent.ts';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { startTcpProxy } from '../../../test/helpers/tcp-proxy.ts';
import { createUser, signIn } from '../../../test/helpers/users.ts';
import { enqueueJob } from '../jobs/job.service.ts';
import { backupDatabase } from './backup.service.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/** The text of the <dd> beside a <dt>, tags removed. */
function fact(html: string, term: string): string | undefined {
  const match = new RegExp(`<dt>${term}</dt>\\s*<dd>([\\s\\S]*?)</dd>`).exec(html);
  return match?.[1]?.replace(/<[^>]+>/g, '').trim();
}

describe.each(dialects)('/admin/status on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const admin = () => {
    const agent = new Agent(app);
    return signIn(agent, 'admin@status.test').then(() => agent);
  };

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    app = await buildTestApp(database, { authRateLimitPerMinute: 100_000, loginDelayMs: 1 });
    await createUser(database.db, 'admin@status.test', 'admin');
    await createUser(database.db, 'editor@status.test', 'editor');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('shows an administrator the version, the process, the database and the queue', async () => {
    const now = Date.now();
    await enqueueJob(database.db, { kind: 'status-test', payload: null });
    await enqueueJob(database.db, {
      kind: 'status-test',
      payload: null,
      runAt: new Date(now - 120_000),
    });
    const failed = await database.db
      .insertInto('jobs')
      .values({
        kind: 'status-test',
        payload: 'null',
        dedupe_key: null,
        state: 'failed',
        run_at: new Date(now).toISOString(),
        attempts: 5,
        max_attempts: 5,
        locked_by: null,
        locked_until: null,
        last_error: 'boom',
        created_at: new Date(now).toISOString(),
        finished_at: new Date(now).toISOString(),
      })
      .executeTakeFirst();
    expect(Number(failed.numInsertedOrUpdatedRows)).toBe(1);

    const page = await (await admin()).get('/admin/status');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const html = page.body;
    expect(html).toContain('<h1>System status</h1>');
    expect(fact(html, 'Version')).toBe(VERSION);
    expect(fact(html, 'Node.js')).toBe(process.version);
    expect(fact(html, 'Engine')).toBe(dialect === 'postgres' ? 'PostgreSQL' : 'SQLite');
    expect(fact(html, 'Size')).toMatch(/^[\d.,]+ (kB|MB|GB)$/);
    expect(fact(html, 'Schema version \\(latest migration\\)')).toMatch(/^\d{4}/);
    expect(fact(html, 'Waiting')).toBe('2');
    expect(fact(html, 'Failed')).toBe('1');
    expect(fact(html, 'Uncertain')).toBe('0');
    expect(fact(html, 'Failed once, waiting to run again')).toBe('0');
    expect(fact(html, 'Read replica')).toBe('None: every page reads from the primary');
    expect(fact(html, 'Longest wait of a due job')).toMatch(/^2 min/);
    expect(html).toContain('1 job needs a person&#39;s attention: run npx clearinghouse jobs');
    expect(fact(html, 'Disk space \\(data directory\\)')).toMatch(/free of/);
    expect(fact(html, 'Uploaded files')).toBe('0 files, 0 bytes');
    // Never backed up: said plainly, with a warning.
    expect(fact(html, 'Last backup')).toBe('Never');
    expect(html).toContain('No backup of this database has been recorded');
  });

  it('shows the last backup once one is made', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'status-backup-')), 'site.backup');
    const summary = await backupDatabase(database.db, file);
    const html = (await (await admin()).get('/admin/status')).body;
    expect(fact(html, 'Last backup')).toMatch(/^.+ UTC: site\.backup, [\d,]+ rows, 0 files$/);
    expect(fact(html, 'Backup checksum \\(SHA-256\\)')).toBe(summary.sha256);
    expect(html).not.toContain('No backup of this database has been recorded');
  });

  it('speaks the reader’s language and is linked from the administration', async () => {
    const agent = await admin();
    const french = await agent.get('/fr/admin/status');
    expect(french.statusCode).toBe(200);
    expect(french.body).toContain('<h1>État du système</h1>');
    expect(french.body).toContain('Tâches en arrière-plan');
    const users = await agent.get('/admin/users');
    expect(users.body).toContain('href="/admin/status"');
  });

  it('is for administrators only', async () => {
    const editor = new Agent(app);
    await signIn(editor, 'editor@status.test');
    expect((await editor.get('/admin/status')).statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/admin/status' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/account/login?next=%2Fadmin%2Fstatus');
  });
});

describe.skipIf(!dialects.includes('postgres'))('/admin/status with a read replica', () => {
  let primary: TestDatabase;
  let replica: TestDatabase;

  beforeAll(async () => {
    primary = await createPreparedDatabase('postgres');
    replica = await createPreparedDatabase('postgres');
    await createUser(primary.db, 'admin@replica-status.test', 'admin');
  });
  afterAll(async () => {
    await primary.drop();
    await replica.drop();
  });

  it('tells whether the replica answers, and that public pages read from the primary when not', async () => {
    const port = Number(new URL(replica.config.url).port);
    const proxy = await startTcpProxy(port);
    const through = proxy.through(replica.config.url);
    const app = await buildTestApp(primary, {
      authRateLimitPerMinute: 100_000,
      loginDelayMs: 1,
      dbConnectTimeoutMs: 500,
      readDatabase: { dialect: 'postgres', connectionString: through, url: through },
    });
    try {
      const agent = new Agent(app);
      await signIn(agent, 'admin@replica-status.test');
      // A database that is not in recovery has replayed nothing: it answers, with no lag to tell.
      expect(fact((await agent.get('/admin/status')).body, 'Read replica')).toBe('Answering');
      await proxy.down();
      const down = await agent.get('/admin/status');
      expect(down.statusCode).toBe(200);
      expect(fact(down.body, 'Read replica')).toBe(
        'Not answering: public pages read from the primary meanwhile',
      );
    } finally {
      await app.close();
      await proxy.close();
    }
  });
});
