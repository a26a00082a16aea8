import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueEmail } from '../../src/modules/jobs/job.service.ts';
import { scheduleDump } from '../../src/modules/opendata/dump.service.ts';
import { importPractices } from '../../src/modules/practices/practice-interchange.service.ts';
import { createPreparedDatabase, dialects, type TestDatabase } from '../helpers/databases.ts';
import { pollUntil } from '../helpers/poll.ts';
import { type startServerProcess, startServerProcesses } from '../helpers/processes.ts';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp.ts';
import { createUser } from '../helpers/users.ts';

const EMAILS = 60;

describe.skipIf(!dialects.includes('postgres'))(
  'three app processes on one PostgreSQL database',
  () => {
    let database: TestDatabase;
    let smtp: TestSmtp;
    let servers: Awaited<ReturnType<typeof startServerProcess>>[] = [];
    /** Each process's own DATA_DIR, as on machines that share only the database. */
    const dataDirs = [0, 1, 2].map(() =>
      mkdtempSync(path.join(tmpdir(), 'clearinghouse-scale-out-')),
    );

    beforeAll(async () => {
      database = await createPreparedDatabase('postgres');
      smtp = await startSmtpServer();
      const env = {
        DATABASE_URL: database.config.url,
        PUBLIC_URL: 'http://127.0.0.1',
        SMTP_URL: smtp.url,
        RATE_LIMIT_PER_MINUTE: '30',
        // Behind a proxy, as in production: each test is a different client address.
        TRUST_PROXY: '1',
        JOB_WORKER: '1',
        JOB_POLL_MS: '20',
      };
      servers = await startServerProcesses(3, (index) => ({
        ...env,
        DATA_DIR: dataDirs[index] as string,
      }));
    }, 180_000);
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await smtp?.close();
      await database?.drop();
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    });

    it('show a change made through one process on the cached pages of every process', async () => {
      // Every process has read (and cached) the list before the change.
      const asReader = { headers: { 'x-forwarded-for': '198.51.100.1' } };
      for (const server of servers) await (await fetch(`${server.url}/practices`, asReader)).text();
      async function* one() {
        yield {
          number: 1,
          value: {
            external_id: 'scale-out-1',
            title: 'Welcome desks in every district',
            language: 'en',
            summary: 'One-stop help for newcomers.',
            country: 'FI',
            themes: ['access-to-services'],
          },
        };
      }
      const report = await importPractices(database.db, one());
      expect(report.created).toBe(1);
      // The change is announced through the database: each process notices on its next reads
      // (it rechecks the content version at most a second after its last check).
      for (const server of servers) {
        await pollUntil(
          `the new practice on ${server.url}/practices`,
          async () =>
            (await (await fetch(`${server.url}/practices`, asReader)).text()).includes(
              'Welcome desks in every district',
            ),
          { timeoutMs: 15_000, intervalMs: 250 },
        );
      }
    });

    it('send each queued email exactly once, though every process runs a worker', async () => {
      const userId = await createUser(database.db, 'many@example.org', 'member', 'Many Mails');
      for (let i = 0; i < EMAILS; i++)
        await enqueueEmail(database.db, {
          userId,
          kind: 'verify',
          linkPath: `/account/verify?token=t${i}`,
          dedupeKey: `scale-out:${i}`,
        });
      // The workers poll every 20 ms; the queue drains while the three race for it.
      let left = EMAILS;
      await pollUntil(
        () => `the email queue to drain (${left} of ${EMAILS} still pending or running)`,
        async () => {
          const row = await database.db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('kind', '=', 'email')
            .where('state', 'in', ['pending', 'running'])
            .executeTakeFirstOrThrow();
          left = Number(row.n);
          return left === 0;
        },
        { timeoutMs: 60_000 },
      );
      const jobs = await database.db
        .selectFrom('jobs')
        .select('state')
        .where('kind', '=', 'email')
        .execute();
      expect(jobs.filter((j) => j.state === 'done')).toHaveLength(EMAILS);
      // Delivered once each: every link appears in exactly one message.
      const links = smtp.messages
        .filter((m) => m.to === 'many@example.org')
        .map((m) => /token=(t\d+)/.exec(m.text)?.[1]);
      expect(links).toHaveLength(EMAILS);
      expect(new Set(links).size).toBe(EMAILS);
    });

    it('serve the nightly file whichever process made it, each with a DATA_DIR of its own', async () => {
      // A night long past: due at once, run by whichever worker claims it first.
      await scheduleDump(database.db, '2020-01-01');
      await pollUntil(
        'every nightly-file job due now to be done',
        async () => {
          const due = await database.db
            .selectFrom('jobs')
            .select('state')
            .where('kind', '=', 'opendata.dump')
            .where('run_at', '<=', new Date().toISOString())
            .execute();
          return due.length > 0 && due.every((job) => job.state === 'done');
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      const asReader = { headers: { 'x-forwarded-for': '198.51.100.3' } };
      const files: Buffer[] = [];
      for (const server of servers) {
        const response = await fetch(`${server.url}/exports/latest.ndjson.gz`, asReader);
        expect(response.status).toBe(200);
        const bytes = Buffer.from(await response.arrayBuffer());
        expect(response.headers.get('etag')).toBe(
          `"${createHash('sha256').update(bytes).digest('hex')}"`,
        );
        files.push(bytes);
      }
      expect(files[1]?.equals(files[0] as Buffer)).toBe(true);
      expect(files[2]?.equals(files[0] as Buffer)).toBe(true);
      expect(gunzipSync(files[0] as Buffer).toString('utf8')).toContain('scale-out-1');
    });

    // Last: it spends this client's requests for the minute.
    it('count one rate limit for a client, whichever process answers', async () => {
      const statuses: number[] = [];
      // Thirty requests a minute in all: spread over three processes, the 31st is refused.
      // (An API route: anonymous pages served from the page cache cost nothing and are not counted.)
      for (let i = 0; i < 33; i++) {
        const server = servers[i % servers.length] as (typeof servers)[0];
        const response = await fetch(`${server.url}/api/v1/practices`, {
          headers: { 'x-forwarded-for': '198.51.100.2' },
        });
        statuses.push(response.status);
      }
      expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(30)).toEqual([429, 429, 429]);
    });
  },
);
