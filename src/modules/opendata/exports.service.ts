import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { readContentVersion } from '../../core/content-version.ts';
import { DEFAULT_LOCALE } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import { enqueueJob, type JobHandler } from '../jobs/job.service.ts';
import { createRecordWriter, type Format } from '../practices/interchange-format.ts';
import { listPracticeIdsAfter } from '../practices/practice.service.ts';
import { MAX_PER_PAGE, type PracticeRecord } from '../practices/practice.ts';
import { loadPracticeRecords } from '../practices/practice-interchange.service.ts';
import { type SearchFilters, search } from '../search/practice-search.service.ts';

/**
 * Open data: every published (not archived) practice, or the results of a search, in the
 * interchange format v1 exactly as `clearinghouse export` writes it (docs/interchange.md), and a
 * nightly gzip'd NDJSON file of everything.
 *
 *   const plan = await planExport(db, { q: '', filters, order: 'id' });
 *   reply.send(Readable.from(exportChunks(db, plan, 'csv'), { objectMode: false }));
 *
 * Records are read in batches, each in a short transaction of its own, and written as they are
 * read: memory holds one batch whatever the number of practices, and a slow download never
 * holds a database connection (SQLite has one) between batches.
 */

export interface Licence {
  name: string;
  url: string;
}

/** `id`: the interchange order (as the command line exports); the others follow the search. */
export const EXPORT_ORDERS = ['id', 'relevance', 'newest'] as const;
export type ExportOrder = (typeof EXPORT_ORDERS)[number];

export interface ExportSelection {
  q: string;
  filters: SearchFilters;
  order: ExportOrder;
}

/** Every published practice by id (keyset batches), or a fixed list of ids from a search. */
export type ExportPlan = { kind: 'all' } | { kind: 'ids'; ids: number[] };

const BATCH_SIZE = 200;

export const MEDIA_TYPES: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** The RFC 8288 link naming the licence, for every export and the nightly file. */
export function licenceLink(licence: Licence): string {
  return `<${licence.url}>; rel="license"`;
}

function selectsEverything(selection: ExportSelection): boolean {
  return (
    selection.q.trim() === '' &&
    selection.order === 'id' &&
    Object.values(selection.filters).every((values) => values.length === 0)
  );
}

/**
 * Decides what an export holds before anything is sent, so that an unknown filter value is
 * refused with a 400 (ValidationError naming the parameter). A search is run through the search
 * service page by page for its ids (a few bytes each), in its order or, by default, in id order.
 */
export async function planExport(db: Db, selection: ExportSelection): Promise<ExportPlan> {
  if (selectsEverything(selection)) return { kind: 'all' };
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const result = await search(db, {
      q: selection.q,
      filters: selection.filters,
      page,
      perPage: MAX_PER_PAGE,
      sort: selection.order === 'relevance' ? 'relevance' : 'newest',
      locale: DEFAULT_LOCALE,
      log: false,
    });
    for (const hit of result.hits) ids.push(hit.card.id);
    if (page >= result.pageCount || result.hits.length === 0) break;
  }
  if (selection.order === 'id') ids.sort((a, b) => a - b);
  return { kind: 'ids', ids };
}

/** The records of a plan, one batch at a time, each batch read in its own short transaction. */
async function* recordBatches(
  db: Db,
  plan: ExportPlan,
  batchSize: number,
): AsyncGenerator<PracticeRecord[]> {
  if (plan.kind === 'ids') {
    for (let start = 0; start < plan.ids.length; start += batchSize) {
      const ids = plan.ids.slice(start, start + batchSize);
      yield await db.transaction().execute((trx) => loadPracticeRecords(trx, ids));
    }
    return;
  }
  let afterId = 0;
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      const ids = await listPracticeIdsAfter(trx, afterId, batchSize, { excludeArchived: true });
      return { ids, records: await loadPracticeRecords(trx, ids) };
    });
    const last = batch.ids.at(-1);
    if (last === undefined) return;
    yield batch.records;
    afterId = last;
  }
}

/** Keeps what the interchange writer writes until it is taken: never pushes back. */
class Collector extends Writable {
  private chunks: Buffer[] = [];

  constructor() {
    super({ highWaterMark: 1 << 30 });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk);
    callback();
  }

  take(): Buffer | undefined {
    if (this.chunks.length === 0) return undefined;
    const bytes = Buffer.concat(this.chunks);
    this.chunks = [];
    return bytes;
  }
}

/**
 * The export's bytes, one chunk per batch of records, written by the interchange writers (the
 * same bytes as `clearinghouse export`). Pull-driven: the next batch is read only when the
 * consumer asks for more, and stopping the iteration (a client gone) stops the reading.
 */
export async function* exportChunks(
  db: Db,
  plan: ExportPlan,
  format: Format,
  options: { batchSize?: number; counter?: { records: number } } = {},
): AsyncGenerator<Buffer> {
  const collector = new Collector();
  const writer = createRecordWriter(format, collector);
  for await (const records of recordBatches(db, plan, options.batchSize ?? BATCH_SIZE)) {
    for (const record of records) await writer.write(record);
    if (options.counter) options.counter.records += records.length;
    const bytes = collector.take();
    if (bytes) yield bytes;
  }
  await writer.end();
  const rest = collector.take();
  if (rest) yield rest;
}

/**
 * A validator for caches: it changes with every write to public content (the content version),
 * and differs by format, selection and licence. Weak, since compression may change the bytes.
 */
export async function exportEtag(db: Db, parts: string[]): Promise<string> {
  const version = await readContentVersion(db);
  const digest = createHash('sha256')
    .update([version, ...parts].join('\u0000'))
    .digest('base64url')
    .slice(0, 27);
  return `W/"${digest}"`;
}

// ───────────────────────────── Nightly file ─────────────────────────────

export const DUMP_JOB = 'opendata.dump';
/** How many nightly files are kept. */
export const KEEP_DUMPS = 7;
/** The hour (UTC) the nightly file is made. */
const DUMP_HOUR_UTC = 2;
const DAY_MS = 86_400_000;

const DUMP_NAME = /^practices-(\d{4}-\d{2}-\d{2})\.(ndjson\.gz|json)$/;
const PARTIAL = /^\.practices-.*\.partial$/;

export interface DumpManifest {
  file: string;
  /** The day (UTC) it was made, YYYY-MM-DD. */
  date: string;
  generated_at: string;
  format: 'ndjson';
  compression: 'gzip';
  interchange_version: 1;
  count: number;
  /** Size of the compressed file. */
  bytes: number;
  /** SHA-256 of the compressed file, in hex (what `sha256sum` prints). */
  sha256: string;
  licence: Licence;
}

export function dumpDir(dataDir: string): string {
  return path.join(dataDir, 'exports');
}

/** '2026-03-14' for any moment of 14 March 2026 (UTC). */
export function utcDate(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

/** The first 02:00 UTC strictly after `now`. */
export function nextDumpTime(now: Date): Date {
  const today = Date.parse(`${utcDate(now)}T00:00:00.000Z`) + DUMP_HOUR_UTC * 3600_000;
  return new Date(today > now.getTime() ? today : today + DAY_MS);
}

/**
 * Queues the nightly file of one day, at 02:00 UTC that day (at once if that is past). The
 * dedupe key makes it once per day, however many processes and restarts ask.
 */
export async function scheduleDump(db: Db, date: string): Promise<void> {
  await enqueueJob(db, {
    kind: DUMP_JOB,
    payload: { date },
    runAt: new Date(`${date}T0${DUMP_HOUR_UTC}:00:00.000Z`),
    dedupeKey: `${DUMP_JOB}:${date}`,
    maxAttempts: 3,
  });
}

/**
 * On start: today's file (made at once if 02:00 UTC has passed and it was never made) and the
 * next one. Idempotent.
 */
export async function scheduleDumps(db: Db, now: Date): Promise<void> {
  await scheduleDump(db, utcDate(now));
  await scheduleDump(db, utcDate(nextDumpTime(now)));
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes through a temporary name and renames: readers see the old file or the whole new one. */
async function writeFileAtomically(target: string, data: string): Promise<void> {
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.partial`,
  );
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes `practices-YYYY-MM-DD.ndjson.gz` (every published practice) and its manifest
 * `practices-YYYY-MM-DD.json` (date, count, size, SHA-256, licence) into `dir`, each atomically,
 * the file before its manifest, then keeps the newest seven.
 */
export async function writeDump(
  db: Db,
  dir: string,
  licence: Licence,
  now: Date,
  options: { batchSize?: number } = {},
): Promise<DumpManifest> {
  await mkdir(dir, { recursive: true });
  const date = utcDate(now);
  const file = `practices-${date}.ndjson.gz`;
  const temporary = path.join(dir, `.${file}.${randomBytes(6).toString('hex')}.partial`);
  const hash = createHash('sha256');
  const counter = { records: 0 };
  let bytes = 0;
  try {
    await pipeline(
      Readable.from(exportChunks(db, { kind: 'all' }, 'ndjson', { ...options, counter }), {
        objectMode: false,
      }),
      createGzip({ level: 9 }),
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          bytes += chunk.length;
          callback(null, chunk);
        },
      }),
      createWriteStream(temporary, { flags: 'wx', mode: 0o644 }),
    );
    await syncFile(temporary);
    await rename(temporary, path.join(dir, file));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  const manifest: DumpManifest = {
    file,
    date,
    generated_at: now.toISOString(),
    format: 'ndjson',
    compression: 'gzip',
    interchange_version: 1,
    count: counter.records,
    bytes,
    sha256: hash.digest('hex'),
    licence: { name: licence.name, url: licence.url },
  };
  await writeFileAtomically(
    path.join(dir, `practices-${date}.json`),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  await pruneDumps(dir, KEEP_DUMPS, now);
  return manifest;
}

/**
 * Keeps the files of the newest `keep` days and removes older ones, and temporary files left
 * by an interrupted run more than a day ago.
 */
export async function pruneDumps(dir: string, keep: number, now = new Date()): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const dates = new Set<string>();
  for (const name of names) {
    const date = DUMP_NAME.exec(name)?.[1];
    if (date !== undefined) dates.add(date);
  }
  const keptDates = new Set([...dates].sort().reverse().slice(0, keep));
  for (const name of names) {
    const date = DUMP_NAME.exec(name)?.[1];
    if (date !== undefined && !keptDates.has(date)) await rm(path.join(dir, name), { force: true });
    if (PARTIAL.test(name)) {
      const info = await stat(path.join(dir, name)).catch(() => undefined);
      if (info && now.getTime() - info.mtimeMs > DAY_MS)
        await rm(path.join(dir, name), { force: true });
    }
  }
}

export interface Dump extends DumpManifest {
  /** Where the file is on disk. */
  path: string;
}

/** The newest nightly file whose manifest and file are both there, or undefined. */
export async function latestDump(dir: string): Promise<Dump | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const manifests = names
    .filter((n) => n.endsWith('.json') && DUMP_NAME.test(n))
    .sort()
    .reverse();
  for (const name of manifests) {
    let manifest: DumpManifest;
    try {
      manifest = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as DumpManifest;
    } catch {
      continue;
    }
    if (typeof manifest.file !== 'string' || !DUMP_NAME.test(manifest.file)) continue;
    const file = path.join(dir, manifest.file);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile() || info.size !== manifest.bytes) continue;
    return { ...manifest, path: file };
  }
  return undefined;
}

/**
 * The job that makes the nightly file. It queues the next night's first, so that a failing
 * dump (retried, then left failed for `clearinghouse jobs`) never ends the schedule.
 */
export function createDumpJobHandler(options: {
  dataDir: string;
  licence: Licence;
  now?: () => Date;
  /** Runs after the file is written (the import module's clean-up of expired uploads). */
  after?: (now: Date) => Promise<void>;
}): JobHandler<{ date?: string }> {
  const clock = options.now ?? (() => new Date());
  return async (_payload, ctx) => {
    const now = clock();
    await scheduleDump(ctx.db, utcDate(nextDumpTime(now)));
    await writeDump(ctx.db, dumpDir(options.dataDir), options.licence, now);
    await options.after?.(now);
  };
}
