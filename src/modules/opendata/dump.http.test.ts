import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import type { Db } from '../../db/connect.ts';
import { importPractices, setPracticeArchived } from '../practices/practice-interchange.service.ts';
import { DEMO_FILE } from '../system/demo-content.ts';
import {
  createDumpJobHandler,
  DUMP_CHUNK_BYTES,
  type DumpManifest,
  dumpBytes,
  KEEP_DUMPS,
  latestDump,
  nextDumpTime,
  scheduleDump,
  scheduleDumps,
  writeDump,
} from './dump.service.ts';

const FIXTURES = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as { external_id: string }[];
const ARCHIVED = 'demo-morocco-national-immigration-asylum-strategy';
const LICENCE = { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' };
const LICENCE_LINK = `<${LICENCE.url}>; rel="license"`;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

/** The database as a writer sees it when the server refuses the n-th chunk it stores. */
function failingAtChunk(db: Db, n: number): Db {
  let inserts = 0;
  const plugin: KyselyPlugin = {
    transformQuery({ node }): RootOperationNode {
      if (
        node.kind === 'InsertQueryNode' &&
        node.into?.table.identifier.name === 'export_dump_chunks' &&
        ++inserts === n
      )
        throw new Error('disk full');
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return db.withPlugin(plugin);
}

describe.each(dialects)('the nightly open-data file on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  /** The process that runs the job, and another with a DATA_DIR of its own. */
  let worker: FastifyInstance;
  let other: FastifyInstance;
  let ndjson: string;

  const stored = async () => ({
    dumps: await database.db
      .selectFrom('export_dumps')
      .select(['id', 'completed_at', 'chunk_count'])
      .orderBy('id')
      .execute(),
    chunks: await database.db
      .selectFrom('export_dump_chunks')
      .select(['dump_id', 'seq'])
      .orderBy('dump_id')
      .orderBy('seq')
      .execute(),
  });
  const download = async (app: FastifyInstance) => {
    const response = await app.inject('/exports/latest.ndjson.gz');
    expect(response.statusCode).toBe(200);
    return response;
  };

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    const report = await importPractices(database.db, values(FIXTURES));
    expect(report.problems).toEqual([]);
    const archived = await database.db
      .selectFrom('practices')
      .select('id')
      .where('external_id', '=', ARCHIVED)
      .executeTakeFirstOrThrow();
    await setPracticeArchived(database.db, archived.id, true);
    worker = await buildTestApp(database);
    other = await buildTestApp(database);
    ndjson = (await worker.inject('/api/v1/exports/practices.ndjson')).body;
  });
  afterAll(async () => {
    await other.close();
    await worker.close();
    await database.drop();
  });

  it('is announced as not made yet before the first night', async () => {
    const page = await other.inject('/exports');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The first nightly file has not been made yet.');
    const latest = await other.inject('/exports/latest.ndjson.gz');
    expect(latest.statusCode).toBe(404);
    expect(latest.headers['content-type']).toMatch(/^text\/html/);
  });

  it('made by the job of one process, is served byte for byte by another with its own DATA_DIR', async () => {
    expect(other.config.dataDir).not.toBe(worker.config.dataDir);
    // A night long past, so that the job is due now and runs as the worker would run it.
    await scheduleDump(database.db, '2020-01-01');
    expect(await worker.jobs.runDue()).toBe(1);
    const job = await database.db
      .selectFrom('jobs')
      .select(['state', 'last_error'])
      .where('dedupe_key', '=', 'opendata.dump:2020-01-01')
      .executeTakeFirstOrThrow();
    expect(job).toEqual({ state: 'done', last_error: null });

    const served = await download(other);
    const bytes = served.rawPayload;
    expect(gunzipSync(bytes).toString('utf8')).toBe(ndjson);
    expect(ndjson.split('\n').filter(Boolean)).toHaveLength(FIXTURES.length - 1);
    expect((await download(worker)).rawPayload.equals(bytes)).toBe(true);

    const manifest = (await other.inject('/exports/latest.json')).json() as DumpManifest;
    const date = manifest.generated_at.slice(0, 10);
    expect(manifest).toEqual({
      file: `practices-${date}.ndjson.gz`,
      date,
      generated_at: manifest.generated_at,
      format: 'ndjson',
      compression: 'gzip',
      interchange_version: 1,
      count: FIXTURES.length - 1,
      bytes: bytes.length,
      sha256: sha256(bytes),
      licence: LICENCE,
    });
    expect(served.headers).toMatchObject({
      'content-type': 'application/gzip',
      'content-length': String(bytes.length),
      etag: `"${manifest.sha256}"`,
      'last-modified': new Date(manifest.generated_at).toUTCString(),
      'cache-control': 'public, no-cache',
      link: LICENCE_LINK,
    });
    expect(served.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="practices-${date}\\.ndjson\\.gz"`),
    );

    const page = await other.inject('/exports');
    expect(page.body).toContain(manifest.sha256);
    expect(page.body).toContain(`<dd>${FIXTURES.length - 1}</dd>`);
    expect(page.body).toContain('href="/exports/latest.ndjson.gz"');
    expect(page.body).toContain(`href="${LICENCE.url}"`);
    // Nothing on either disk: the database holds it.
    for (const app of [worker, other])
      expect(existsSync(path.join(app.config.dataDir, 'exports'))).toBe(false);
  });

  it('answers a conditional request with 304 and HEAD with the headers alone', async () => {
    const first = await download(other);
    const etag = first.headers.etag as string;
    const lastModified = first.headers['last-modified'] as string;

    const byTag = await other.inject({
      url: '/exports/latest.ndjson.gz',
      headers: { 'if-none-match': `"other", ${etag}` },
    });
    expect(byTag.statusCode).toBe(304);
    expect(byTag.body).toBe('');
    expect(byTag.headers.etag).toBe(etag);
    const byDate = await other.inject({
      url: '/exports/latest.ndjson.gz',
      headers: { 'if-modified-since': lastModified },
    });
    expect(byDate.statusCode).toBe(304);
    // An ETag that does not match wins over a date that would.
    const stale = await other.inject({
      url: '/exports/latest.ndjson.gz',
      headers: { 'if-none-match': '"other"', 'if-modified-since': lastModified },
    });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.equals(first.rawPayload)).toBe(true);
    const manifest = await other.inject({
      url: '/exports/latest.json',
      headers: { 'if-none-match': `"${JSON.parse(first.headers.etag as string)}.json"` },
    });
    expect(manifest.statusCode).toBe(304);

    const head = await other.inject({ method: 'HEAD', url: '/exports/latest.ndjson.gz' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(String(first.rawPayload.length));
    expect(head.headers.etag).toBe(etag);
    expect(head.headers['content-type']).toBe('application/gzip');
  });

  it('is stored in chunks of a fixed size and read back one chunk at a time', async () => {
    expect(DUMP_CHUNK_BYTES).toBe(1024 * 1024);
    const manifest = await writeDump(database.db, LICENCE, new Date(), { chunkBytes: 1000 });
    const dump = await latestDump(database.db);
    expect(dump?.sha256).toBe(manifest.sha256);
    expect(dump?.chunks).toBe(Math.ceil(manifest.bytes / 1000));
    expect(dump?.chunks).toBeGreaterThan(3);
    if (!dump) return;
    const pieces: Buffer[] = [];
    for await (const piece of dumpBytes(database.db, dump)) pieces.push(piece);
    expect(pieces.slice(0, -1).map((p) => p.length)).toEqual(Array(dump.chunks - 1).fill(1000));
    const whole = Buffer.concat(pieces);
    expect(sha256(whole)).toBe(manifest.sha256);
    expect(gunzipSync(whole).toString('utf8')).toBe(ndjson);
    const served = await download(other);
    expect(served.rawPayload.equals(whole)).toBe(true);
    expect(served.headers.etag).toBe(`"${manifest.sha256}"`);
  });

  it('is never served half-written: a write that fails leaves the previous file and nothing of its own', async () => {
    const before = await download(other);
    const rows = await stored();
    await expect(
      writeDump(failingAtChunk(database.db, 3), LICENCE, new Date(), { chunkBytes: 1000 }),
    ).rejects.toThrow('disk full');
    expect(await stored()).toEqual(rows);
    const after = await download(other);
    expect(after.headers.etag).toBe(before.headers.etag);
    expect(after.rawPayload.equals(before.rawPayload)).toBe(true);
  });

  it('never serves a file whose writer died, and removes it a day later', async () => {
    const before = await download(other);
    const started = new Date('2030-05-01T02:00:00.000Z');
    // What a process killed half-way through leaves: a row never completed, some chunks.
    const { id } = await database.db
      .insertInto('export_dumps')
      .values({
        format: 'ndjson.gz',
        day: '2030-05-01',
        created_at: started.toISOString(),
        completed_at: null,
        sha256: null,
        licence_name: LICENCE.name,
        licence_url: LICENCE.url,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('export_dump_chunks')
      .values({ dump_id: id, seq: 0, data: Buffer.from([0x1f, 0x8b, 8]) })
      .execute();
    const after = await download(other);
    expect(after.rawPayload.equals(before.rawPayload)).toBe(true);
    expect((await other.inject('/exports/latest.json')).json().sha256).toBe(
      JSON.parse(before.headers.etag as string),
    );

    // An hour later it may still be being written; a day later its writer is gone.
    await writeDump(database.db, LICENCE, new Date(started.getTime() + 3600_000));
    expect((await stored()).dumps.map((d) => d.id)).toContain(id);
    await writeDump(database.db, LICENCE, new Date(started.getTime() + 25 * 3600_000));
    const { dumps, chunks } = await stored();
    expect(dumps.map((d) => d.id)).not.toContain(id);
    expect(chunks.filter((c) => c.dump_id === id)).toEqual([]);
  });

  it(`keeps the newest ${KEEP_DUMPS}, and a download begun before a newer one finishes`, async () => {
    const previous = await latestDump(database.db);
    if (!previous) throw new Error('no file yet');
    const reading = dumpBytes(database.db, previous);
    const first = await reading.next();

    const newest = await writeDump(database.db, LICENCE, new Date());
    const { dumps, chunks } = await stored();
    expect(dumps).toHaveLength(KEEP_DUMPS);
    expect(dumps.every((d) => d.completed_at !== null)).toBe(true);
    expect(dumps[0]?.id).toBe(previous.id);
    // Only the chunks of the files kept.
    expect(chunks).toHaveLength(dumps.reduce((n, d) => n + d.chunk_count, 0));
    expect(new Set(chunks.map((c) => c.dump_id))).toEqual(new Set(dumps.map((d) => d.id)));

    const rest: Buffer[] = [];
    for await (const piece of reading) rest.push(piece);
    const old = Buffer.concat([first.value as Buffer, ...rest]);
    expect(sha256(old)).toBe(previous.sha256);

    const served = await download(other);
    expect(sha256(served.rawPayload)).toBe(newest.sha256);
    expect(gunzipSync(served.rawPayload).toString('utf8')).toBe(ndjson);
  });

  it('queues the next night, once, whatever runs it', async () => {
    await database.db.deleteFrom('jobs').execute();
    const now = new Date('2026-03-14T02:00:05.000Z');
    const handler = createDumpJobHandler({ licence: LICENCE, now: () => now });
    await handler(
      { date: '2026-03-14' },
      { db: database.db, job: { id: 1, kind: 'opendata.dump', attempts: 1, maxAttempts: 3 } },
    );
    expect((await latestDump(database.db))?.date).toBe('2026-03-14');
    await scheduleDumps(database.db, new Date('2026-03-14T10:00:00.000Z'));
    await scheduleDumps(database.db, new Date('2026-03-14T10:00:00.000Z'));
    const jobs = await database.db
      .selectFrom('jobs')
      .select(['kind', 'dedupe_key', 'run_at', 'state'])
      .where('kind', '=', 'opendata.dump')
      .orderBy('run_at')
      .execute();
    expect(jobs).toEqual([
      {
        kind: 'opendata.dump',
        dedupe_key: 'opendata.dump:2026-03-14',
        run_at: '2026-03-14T02:00:00.000Z',
        state: 'pending',
      },
      {
        kind: 'opendata.dump',
        dedupe_key: 'opendata.dump:2026-03-15',
        run_at: '2026-03-15T02:00:00.000Z',
        state: 'pending',
      },
    ]);
  });
});

describe('the time of the nightly file', () => {
  it('is 02:00 UTC', () => {
    expect(nextDumpTime(new Date('2026-03-14T01:59:59.000Z')).toISOString()).toBe(
      '2026-03-14T02:00:00.000Z',
    );
    expect(nextDumpTime(new Date('2026-03-14T02:00:00.000Z')).toISOString()).toBe(
      '2026-03-15T02:00:00.000Z',
    );
    expect(nextDumpTime(new Date('2026-12-31T23:00:00.000Z')).toISOString()).toBe(
      '2027-01-01T02:00:00.000Z',
    );
  });
});
