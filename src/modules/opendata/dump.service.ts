import { createHash, type Hash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Db } from '../../db/connect.ts';
import { enqueueJob, type JobHandler } from '../jobs/index.ts';
import {
  completeDump,
  deleteDumpIfIncomplete,
  deleteDumps,
  findDumpChunk,
  insertDump,
  insertDumpChunk,
  listAbandonedDumpIds,
  listCompleteDumps,
  measureDumpChunks,
} from './dump.repository.ts';
import type { ExportDumpRow } from './dump.table.ts';
import { exportChunks, type Licence } from './exports.service.ts';

/**
 * The nightly open-data file: every published practice as gzip'd NDJSON, kept in the database
 * so that every app process serves the file the job worker made, whatever its DATA_DIR.
 *
 *   const manifest = await writeDump(db, licence, new Date());
 *   const dump = await latestDump(readDb);
 *   reply.send(Readable.from(dumpBytes(readDb, dump)));
 *
 * The bytes are stored in chunks of DUMP_CHUNK_BYTES as they are compressed, each in a short
 * statement of its own, and the file becomes visible in one transaction once every chunk is
 * there: writing holds neither the whole file in memory nor a transaction open for minutes (on
 * SQLite that would stop every other write), and readers never see half a file.
 */

export const DUMP_JOB = 'opendata.dump';
/** The only kind of nightly file so far; the newest KEEP_DUMPS of each kind are kept. */
export const DUMP_FORMAT = 'ndjson.gz';
/**
 * How many nightly files are kept: the newest, and the one before it so that a download that
 * began before the newest was published can finish.
 */
export const KEEP_DUMPS = 2;
/** About a mebibyte: large enough for few rows, small enough to hold one in memory per download. */
export const DUMP_CHUNK_BYTES = 1 << 20;
/** The hour (UTC) the nightly file is made. */
const DUMP_HOUR_UTC = 2;
const DAY_MS = 86_400_000;

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

export interface Dump extends DumpManifest {
  /** Its row, and how many chunks its bytes are in. */
  id: number;
  chunks: number;
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

/** Cuts what it is given into chunks of exactly `chunkBytes` (the last one shorter) and stores each. */
class ChunkWriter extends Writable {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  readonly hash: Hash = createHash('sha256');
  bytes = 0;
  chunks = 0;

  constructor(
    private readonly store: (seq: number, data: Buffer) => Promise<void>,
    private readonly chunkBytes: number,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (e?: Error) => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.chunkBytes) callback();
    else this.flush(false).then(() => callback(), callback);
  }

  override _final(callback: (e?: Error) => void): void {
    this.flush(true).then(() => callback(), callback);
  }

  private async flush(all: boolean): Promise<void> {
    let data = Buffer.concat(this.pending);
    this.pending = [];
    while (data.length >= this.chunkBytes || (all && data.length > 0)) {
      // A copy, so that the stored chunk does not keep the whole concatenation alive.
      const piece = Buffer.from(data.subarray(0, this.chunkBytes));
      await this.store(this.chunks, piece);
      this.chunks += 1;
      data = data.subarray(piece.length);
    }
    if (data.length > 0) this.pending.push(data);
    this.pendingBytes = data.length;
  }
}

/**
 * Makes the nightly file of every published practice and publishes it: its row and chunks are
 * written first, unseen, then completed in one transaction that also removes the files older
 * than the newest KEEP_DUMPS and those whose writer died more than a day ago. A failure removes
 * what was written and leaves the previous file served.
 */
export async function writeDump(
  db: Db,
  licence: Licence,
  now: Date,
  options: { batchSize?: number; chunkBytes?: number } = {},
): Promise<DumpManifest> {
  const date = utcDate(now);
  const id = await insertDump(db, {
    format: DUMP_FORMAT,
    day: date,
    created_at: now.toISOString(),
    completed_at: null,
    sha256: null,
    licence_name: licence.name,
    licence_url: licence.url,
  });
  const counter = { records: 0 };
  const writer = new ChunkWriter(
    (seq, data) => insertDumpChunk(db, id, seq, data),
    options.chunkBytes ?? DUMP_CHUNK_BYTES,
  );
  try {
    await pipeline(
      Readable.from(exportChunks(db, { kind: 'all' }, 'ndjson', { ...options, counter }), {
        objectMode: false,
      }),
      createGzip({ level: 9 }),
      writer,
    );
    const sha256 = writer.hash.digest('hex');
    await db.transaction().execute(async (trx) => {
      const stored = await measureDumpChunks(trx, id);
      if (stored.chunks !== writer.chunks || stored.bytes !== writer.bytes)
        throw new Error(
          `nightly file ${id}: ${stored.chunks} chunks of ${stored.bytes} bytes stored, ${writer.chunks} of ${writer.bytes} written`,
        );
      const completed = await completeDump(trx, id, {
        completed_at: new Date().toISOString(),
        record_count: counter.records,
        byte_size: writer.bytes,
        chunk_count: writer.chunks,
        sha256,
      });
      if (!completed) throw new Error(`nightly file ${id} was removed while it was written`);
      const older = (await listCompleteDumps(trx, DUMP_FORMAT)).slice(KEEP_DUMPS);
      const abandoned = await listAbandonedDumpIds(
        trx,
        DUMP_FORMAT,
        new Date(now.getTime() - DAY_MS).toISOString(),
      );
      await deleteDumps(trx, [...older.map((d) => d.id), ...abandoned]);
    });
    return {
      ...manifestOf(date, now.toISOString(), licence),
      count: counter.records,
      bytes: writer.bytes,
      sha256,
    };
  } catch (error) {
    // Best effort: if the database is what failed, the next successful run removes it.
    await db
      .transaction()
      .execute((trx) => deleteDumpIfIncomplete(trx, id))
      .catch(() => undefined);
    throw error;
  }
}

function manifestOf(date: string, generatedAt: string, licence: Licence) {
  return {
    file: `practices-${date}.ndjson.gz`,
    date,
    generated_at: generatedAt,
    format: 'ndjson' as const,
    compression: 'gzip' as const,
    interchange_version: 1 as const,
    licence: { name: licence.name, url: licence.url },
  };
}

function dumpOf(row: ExportDumpRow): Dump {
  return {
    ...manifestOf(row.day, row.created_at, { name: row.licence_name, url: row.licence_url }),
    count: row.record_count,
    bytes: row.byte_size,
    sha256: row.sha256 ?? '',
    id: row.id,
    chunks: row.chunk_count,
  };
}

/** The newest complete nightly file, or undefined before the first one. */
export async function latestDump(db: Db): Promise<Dump | undefined> {
  const [row] = await listCompleteDumps(db, DUMP_FORMAT, 1);
  return row && dumpOf(row);
}

/**
 * A file's bytes, one chunk per read, each its own short query: a download holds one chunk in
 * memory and no connection between chunks. Pull-driven, so a slow client slows the reading and
 * a client gone stops it. A chunk missing (the file pruned under a download still running two
 * nights later) ends the download with an error rather than a short file.
 */
export async function* dumpBytes(
  db: Db,
  dump: Pick<Dump, 'id' | 'chunks'>,
): AsyncGenerator<Buffer> {
  for (let seq = 0; seq < dump.chunks; seq++) {
    const data = await findDumpChunk(db, dump.id, seq);
    if (!data) throw new Error(`nightly file ${dump.id} has no chunk ${seq}: removed while read`);
    yield data;
  }
}

/**
 * The job that makes the nightly file. It queues the next night's first, so that a failing
 * dump (retried, then left failed for `clearinghouse jobs`) never ends the schedule.
 */
export function createDumpJobHandler(options: {
  licence: Licence;
  now?: () => Date;
  /** Runs after the file is written (the import module's clean-up of expired uploads). */
  after?: (now: Date) => Promise<void>;
}): JobHandler<{ date?: string }> {
  const clock = options.now ?? (() => new Date());
  return async (_payload, ctx) => {
    const now = clock();
    await scheduleDump(ctx.db, utcDate(nextDumpTime(now)));
    await writeDump(ctx.db, options.licence, now);
    await options.after?.(now);
  };
}
