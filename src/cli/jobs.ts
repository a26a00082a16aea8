import type { Config } from '../config.ts';
import { createDb } from '../db/connect.ts';
import { DIGEST_JOB } from '../modules/alerts/index.ts';
import { getJobOverview, queueRunNow, retryJob } from '../modules/jobs/index.ts';
import { DUMP_JOB } from '../modules/opendata/index.ts';
import { prepareDatabase } from '../modules/system/index.ts';
import { parseCommandArgs } from './args.ts';

/**
 * The background job queue: counts per state and the jobs that need a person (failed, or
 * 'uncertain': interrupted while doing something that must not be done twice, such as sending
 * an email). `--retry ID` queues such a job again with its attempts reset. `--run NAME` queues a
 * run of a recurring job now (the digests, say, on a test site), for the running server's worker.
 */
const RUNNABLE: Record<string, string> = { digests: DIGEST_JOB, exports: DUMP_JOB };

export async function run(args: string[], config: Config): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      retry: { type: 'string' },
      run: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    false,
  );
  const retryId = values.retry === undefined ? undefined : Number(values.retry);
  if (retryId !== undefined && (!Number.isSafeInteger(retryId) || retryId < 1))
    throw new Error('--retry must be a job id (a whole number)');
  const runKind = values.run === undefined ? undefined : RUNNABLE[values.run];
  if (values.run !== undefined && runKind === undefined)
    throw new Error(`--run must be one of: ${Object.keys(RUNNABLE).join(', ')}`);
  const db = createDb(config.database);
  try {
    await prepareDatabase(db, { demo: false });
    if (runKind !== undefined) {
      await queueRunNow(db, runKind);
      if (values.json)
        process.stdout.write(`${JSON.stringify({ run: values.run, queued: true })}\n`);
      else
        process.stdout.write(
          `${values.run}: queued to run now; a running server's job worker takes it up within seconds\n`,
        );
      return 0;
    }
    if (retryId !== undefined) {
      const outcome = await retryJob(db, retryId);
      if (values.json) process.stdout.write(`${JSON.stringify({ id: retryId, outcome })}\n`);
      if (outcome === 'not_found') throw new Error(`job ${retryId} does not exist`);
      if (outcome === 'not_retryable')
        throw new Error(`job ${retryId} is neither failed nor uncertain`);
      if (!values.json) process.stdout.write(`job ${retryId} is pending again\n`);
      return 0;
    }
    const overview = await getJobOverview(db);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(overview, null, 2)}\n`);
      return 0;
    }
    const lines = [
      'jobs by state',
      ...Object.entries(overview.counts).map(([state, n]) => `  ${state.padEnd(10)} ${n}`),
    ];
    if (overview.problems.length > 0) {
      lines.push(
        '',
        'failed and uncertain jobs (retry one with: clearinghouse jobs --retry ID)',
        `  ${'id'.padStart(8)}  ${'kind'.padEnd(16)} ${'state'.padEnd(9)} attempts  created                   last error`,
        ...overview.problems.map(
          (j) =>
            `  ${String(j.id).padStart(8)}  ${j.kind.slice(0, 16).padEnd(16)} ${j.state.padEnd(9)} ${String(j.attempts).padStart(8)}  ${j.createdAt.padEnd(24)}  ${(j.lastError ?? '').replace(/\s+/g, ' ').slice(0, 120)}`,
        ),
      );
    }
    if (overview.retrying.length > 0) {
      lines.push(
        '',
        'jobs that failed and will be tried again',
        `  ${'id'.padStart(8)}  ${'kind'.padEnd(16)} attempts  created                   last error`,
        ...overview.retrying.map(
          (j) =>
            `  ${String(j.id).padStart(8)}  ${j.kind.slice(0, 16).padEnd(16)} ${`${j.attempts}/${j.maxAttempts}`.padStart(8)}  ${j.createdAt.padEnd(24)}  ${(j.lastError ?? '').replace(/\s+/g, ' ').slice(0, 120)}`,
        ),
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}
