import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/connect.ts';
import { createApiToken } from '../../src/modules/accounts/api-token.service.ts';
import { importPractices } from '../../src/modules/practices/practice-interchange.service.ts';
import { dialects } from '../helpers/databases.ts';
import { pollUntil } from '../helpers/poll.ts';
import { type startServerProcess, startServerProcesses } from '../helpers/processes.ts';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { createUser } from '../helpers/users.ts';
import {
  findPostgresBin,
  type PgCluster,
  startPgCluster,
  startPgReplica,
} from '../setup/pg-cluster.ts';

/**
 * The deployment of `docs/deploy.md` on one machine — a PostgreSQL primary, a streaming replica,
 * two `serve` processes reading public pages from the replica — under a small steady load of
 * pages, API reads and submissions, while the databases fail: the primary restarts five times,
 * the replica stops, then freezes (its connections stay open and nothing comes back). What must
 * hold: no process exits, no request waits longer than the configured timeouts allow, every
 * error is a 503 with Retry-After, cached public pages keep answering while the replica is down,
 * every acknowledged submission is stored, no email goes out twice, and /readyz tells the
 * replica's state.
 */
const CONNECT_TIMEOUT_MS = 1000;
const STATEMENT_TIMEOUT_MS = 2000;
// A read may wait for the replica (connection, then the client's query timeout, which is the
// statement timeout plus a margin) and then run again on the primary.
const LONGEST_ANSWER_MS = 2 * (CONNECT_TIMEOUT_MS + STATEMENT_TIMEOUT_MS + 2000);
const FREEZE_MS = 14_000;

type Kind = 'page' | 'cached-page' | 'api' | 'submission' | 'readyz';
interface Outcome {
  kind: Kind;
  server: number;
  status: number;
  retryAfter: string | null;
  cache: string | null;
  startedAt: number;
  ms: number;
  error?: string;
}
interface Phase {
  name: string;
  from: number;
  until: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!dialects.includes('postgres'))(
  'two processes on a primary and a replica, through database faults',
  () => {
    let primary: PgCluster;
    let replica: PgCluster;
    let replicaProxy: TcpProxy;
    let smtp: TestSmtp;
    let db: Db;
    let servers: Awaited<ReturnType<typeof startServerProcess>>[] = [];
    let token: string;
    let practiceSlug: string;

    beforeAll(async () => {
      const bin = findPostgresBin() as string;
      primary = await startPgCluster(bin);
      const admin = createDb({
        dialect: 'postgres',
        connectionString: primary.url,
        url: primary.url,
      });
      await sql`create database clearinghouse`.execute(admin);
      await admin.destroy();
      replica = await startPgReplica(bin, primary);
      replicaProxy = await startTcpProxy(replica.port);
      smtp = await startSmtpServer();
      const primaryUrl = primary.url.replace(/\/postgres$/, '/clearinghouse');
      servers = await startServerProcesses(2, {
        DATABASE_URL: primaryUrl,
        DATABASE_READ_URL: replicaProxy.through(
          replica.url.replace(/\/postgres$/, '/clearinghouse'),
        ),
        DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
        DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
        SMTP_URL: smtp.url,
        JOB_WORKER: '1',
        JOB_POLL_MS: '200',
        RATE_LIMIT_PER_MINUTE: '0',
        SUBMISSION_RATE_LIMIT_PER_HOUR: '0',
        PUBLIC_URL: 'http://127.0.0.1',
      });
      db = createDb({ dialect: 'postgres', connectionString: primaryUrl, url: primaryUrl });
      await createUser(db, 'editor@faults.example', 'editor', 'Edith Editor');
      const authorId = await createUser(db, 'author@faults.example', 'contributor', 'Ana Author');
      token = (
        await createApiToken(
          db,
          {
            kind: 'user',
            id: authorId,
            role: 'contributor',
            name: 'Ana Author',
            via: 'session',
            scopes: ['read', 'write'],
          },
          { name: 'drill', scopes: ['read', 'write'] },
        )
      ).token;
      await importPractices(db, practices());
      // The replica has them a moment later.
      await pollUntil(
        'the practices on the replica',
        async () => {
          const listed = await fetch(`${servers[0]?.url}/api/v1/practices?per_page=1`);
          practiceSlug = ((await listed.json()) as { results: { slug: string }[] }).results[0]
            ?.slug as string;
          return Boolean(practiceSlug);
        },
        { timeoutMs: 20_000, intervalMs: 200 },
      );
    }, 240_000);

    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await db?.destroy();
      await smtp?.close();
      await replicaProxy?.close();
      replica?.stop();
      primary?.stop();
    });

    it('keeps both processes answering, with 503 and Retry-After for what cannot be done', async () => {
      const outcomes: Outcome[] = [];
      const acknowledged: { id: number; title: string }[] = [];
      let running = true;
      let submissionNumber = 0;

      const request = async (
        kind: Kind,
        server: number,
        path: string,
        init: RequestInit = {},
      ): Promise<Response | undefined> => {
        const startedAt = Date.now();
        const base = servers[server]?.url as string;
        try {
          // Far beyond any configured timeout: a request still waiting then is a hang.
          const response = await fetch(`${base}${path}`, {
            ...init,
            redirect: 'manual',
            signal: AbortSignal.timeout(3 * LONGEST_ANSWER_MS),
          });
          const body = await response.arrayBuffer();
          outcomes.push({
            kind,
            server,
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
            cache: response.headers.get('x-page-cache'),
            startedAt,
            ms: Date.now() - startedAt,
          });
          return new Response(body, { status: response.status, headers: response.headers });
        } catch (error) {
          outcomes.push({
            kind,
            server,
            status: 0,
            retryAfter: null,
            cache: null,
            startedAt,
            ms: Date.now() - startedAt,
            error: (error as Error).message,
          });
          return undefined;
        }
      };

      const reader = async (server: number) => {
        const reads: [Kind, string][] = [
          ['cached-page', '/'],
          ['page', `/practices/${practiceSlug}`],
          ['api', '/api/v1/practices?per_page=5'],
          ['api', `/api/v1/practices/${practiceSlug}`],
          ['page', '/practices?q=housing'],
        ];
        for (let i = 0; running; i++) {
          const [kind, path] = reads[i % reads.length] as [Kind, string];
          await request(kind, server, path);
          await sleep(50);
        }
      };
      const submitter = async (server: number) => {
        while (running) {
          submissionNumber += 1;
          const title = `Fault drill practice ${String(submissionNumber).padStart(4, '0')}`;
          const response = await request('submission', server, '/api/v1/submissions', {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(submission(title)),
          });
          if (response?.status === 201)
            acknowledged.push({ id: ((await response.json()) as { id: number }).id, title });
          await sleep(300);
        }
      };

      const load = [0, 1].flatMap((s) => [reader(s), reader(s), submitter(s)]);
      const phases: Phase[] = [];
      const phase = async (name: string, fault: () => Promise<void>) => {
        const from = Date.now();
        await fault();
        phases.push({ name, from, until: Date.now() });
      };

      await sleep(2000);
      for (let i = 1; i <= 5; i++) {
        await phase(`primary restart ${i}`, () => primary.control('restart'));
        await sleep(2500);
      }

      const readyDuringOutage: unknown[] = [];
      await phase('replica stopped', async () => {
        await replica.control('halt');
        await sleep(2000);
        for (const s of [0, 1]) {
          const response = await request('readyz', s, '/readyz');
          readyDuringOutage.push({ httpStatus: response?.status, ...(await response?.json()) });
        }
        await sleep(4000);
        await replica.control('start');
      });
      await sleep(4000);

      await phase('replica frozen', async () => {
        replicaProxy.freeze();
        await sleep(FREEZE_MS);
        replicaProxy.thaw();
      });
      await sleep(6000);
      running = false;
      await Promise.all(load);

      // No process exited.
      for (const server of servers) {
        expect(server.child.exitCode).toBeNull();
        expect(server.child.signalCode).toBeNull();
      }
      // Every request was answered (no connection cut), in time.
      expect(outcomes.filter((o) => o.status === 0)).toEqual([]);
      const slowest = Math.max(...outcomes.map((o) => o.ms));
      expect(slowest).toBeLessThanOrEqual(LONGEST_ANSWER_MS);
      // Every failure was a 503 that says when to come back.
      const failures = outcomes.filter((o) => o.status >= 400);
      expect(failures.filter((o) => o.status !== 503 || o.retryAfter === null)).toEqual([]);
      // Reads never needed the primary and the replica both: while the replica was down, every
      // public page and API read still answered.
      const replicaFaults = phases.filter((p) => p.name.startsWith('replica'));
      const duringReplicaFaults = outcomes.filter(
        (o) =>
          o.kind !== 'submission' &&
          o.kind !== 'readyz' &&
          replicaFaults.some((p) => o.startedAt >= p.from && o.startedAt <= p.until),
      );
      expect(duringReplicaFaults.length).toBeGreaterThan(20);
      expect(duringReplicaFaults.filter((o) => o.status !== 200)).toEqual([]);
      // /readyz reports the replica: down while it was stopped, and the process still ready.
      expect(readyDuringOutage).toEqual([
        expect.objectContaining({ httpStatus: 200, database: 'ok', replica: 'unreachable' }),
        expect.objectContaining({ httpStatus: 200, database: 'ok', replica: 'unreachable' }),
      ]);
      await pollUntil(
        'the replica reported up again',
        async () =>
          ((await (await request('readyz', 0, '/readyz'))?.json()) as { replica?: string })
            ?.replica === 'ok',
        { timeoutMs: 20_000, intervalMs: 500 },
      );

      // Every acknowledged submission is stored, once.
      expect(acknowledged.length).toBeGreaterThan(10);
      const stored = await db
        .selectFrom('submissions')
        .select(['id', 'data'])
        .where(
          'id',
          'in',
          acknowledged.map((a) => a.id),
        )
        .execute();
      expect(stored.map((s) => s.id).sort((a, b) => a - b)).toEqual(
        acknowledged.map((a) => a.id).sort((a, b) => a - b),
      );
      for (const { id, title } of acknowledged)
        expect(stored.find((s) => s.id === id)?.data).toContain(title);

      // The mail queue drains; no email went out twice, none was left uncertain.
      let unfinished: unknown[] = [];
      await pollUntil(
        () => `the email jobs to finish: ${JSON.stringify(unfinished)}`,
        async () => {
          unfinished = await db
            .selectFrom('jobs')
            .select([
              'id',
              'state',
              'attempts',
              'run_at',
              'locked_by',
              'locked_until',
              'last_error',
            ])
            .where('kind', '=', 'email')
            .where('state', 'in', ['pending', 'running'])
            .execute();
          return unfinished.length === 0;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      const stuck = await db
        .selectFrom('jobs')
        .select(['kind', 'state', 'last_error'])
        .where('state', 'in', ['failed', 'uncertain'])
        .execute();
      expect(stuck).toEqual([]);
      const sent = smtp.messages.map((m) => `${m.to}\n${m.subject}\n${m.text}`);
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.length - new Set(sent).size).toBe(0);
      for (const { title } of acknowledged)
        expect(
          smtp.messages.filter((m) => m.to === 'editor@faults.example' && m.text.includes(title)),
          title,
        ).toHaveLength(1);

      report(outcomes, phases, acknowledged.length, smtp.messages.length);
    }, 300_000);
  },
);

async function* practices() {
  const themes = ['housing', 'employment', 'health'];
  for (const [i, theme] of themes.entries())
    yield {
      number: i + 1,
      value: {
        external_id: `drill-${theme}`,
        title: `Drill practice on ${theme} for newcomers`,
        language: 'en',
        summary: `A city programme on ${theme} for newly arrived residents.`,
        country: 'DE',
        themes: [theme],
      },
    };
}

function submission(title: string) {
  return {
    title,
    language: 'en',
    summary: 'Volunteers mentor newcomers who look for their first job in the city.',
    type: 'programme',
    country: 'DE',
    city: 'Berlin',
    status: 'ongoing',
    start_year: 2019,
    themes: ['employment'],
    organisations: [{ name: 'Berlin Volunteers', role: 'lead' }],
    sections: { context: 'c', objectives: 'o', activities: 'a', results: 'r' },
    contact_name: 'Ana',
    contact_email: 'ana@faults.example',
    checklist: { relates: true, implemented: true, results: true, contact: true, consent: true },
  };
}

/** The figures for docs/benchmarks.md: answers by kind during each fault, and time to recover. */
function report(outcomes: Outcome[], phases: Phase[], acknowledged: number, emails: number) {
  const lines = [
    `requests: ${outcomes.length}; submissions stored: ${acknowledged}; emails: ${emails}`,
  ];
  for (const [i, p] of phases.entries()) {
    // Up to three seconds after the fault, and never into the next one.
    const windowEnd = Math.min(
      p.until + 3000,
      (phases[i + 1]?.from ?? Number.POSITIVE_INFINITY) - 200,
    );
    const during = outcomes.filter((o) => o.startedAt >= p.from - 200 && o.startedAt < windowEnd);
    const errors = during.filter((o) => o.status >= 400);
    const lastError = Math.max(p.until, ...errors.map((o) => o.startedAt + o.ms));
    const counts = new Map<string, number>();
    for (const o of errors)
      counts.set(`${o.kind} ${o.status}`, (counts.get(`${o.kind} ${o.status}`) ?? 0) + 1);
    const byKind = [...counts].map(([k, n]) => `${k} ×${n}`);
    lines.push(
      `${p.name}: ${((p.until - p.from) / 1000).toFixed(1)} s, ${during.length} requests, errors ${byKind.join(', ') || 'none'}, slowest ${Math.max(0, ...during.map((o) => o.ms))} ms, answering normally ${((lastError - p.until) / 1000).toFixed(1)} s after`,
    );
  }
  lines.push(
    `stale pages served: ${outcomes.filter((o) => o.cache === 'stale').length}; slowest answer overall ${Math.max(...outcomes.map((o) => o.ms))} ms`,
  );
  console.log(lines.join('\n'));
}
