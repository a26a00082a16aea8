import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'kysely';
import { findSetting, upsertSetting } from '../../core/settings.ts';
import { isValidStorageKey, type Storage } from '../../core/storage.ts';
import { type Db, dialectOf } from '../../db/connect.ts';
import { latestMigrationName, migrateToLatest } from '../../db/migrate.ts';
import { reindexAll } from '../search/index.ts';
import {
  BACKUP_TABLES,
  DERIVED_TABLES,
  IDENTITY_TABLES,
  ORDER_COLUMNS,
  REFERENCE_TABLES,
  type TableName,
} from './backup-tables.ts';

/**
 * Backups are a gzip'd NDJSON stream: a header line, one line per row, the uploaded files, and a
 * trailer holding the row and file counts and a SHA-256 of every line before it. The same file
 * restores into SQLite or PostgreSQL. Rows are read inside one read-only snapshot transaction, so
 * a backup taken while the server writes is consistent.
 *
 *   {"format":"clearinghouse-backup","version":2,"created_at":"…","dialect":"sqlite",…}
 *   {"table":"settings","row":{"key":"site_name","value":"…"}}
 *   …
 *   {"file":"2026/11/0f3a….pdf","data":"JVBERi0xLjQK…"}          one or more parts of ≤ 768 KiB
 *   {"file":"2026/11/0f3a….pdf","size":48213,"sha256":"9c1e…"}   closes the file
 *   {"end":true,"rows":{"settings":4,…},"files":{"count":1,"bytes":48213},"sha256":"…"}
 *
 * Version 2 added the file lines and the trailer's `files`; version 1 files (rows only) are still
 * read and restored.
 */
export const BACKUP_FORMAT = 'clearinghouse-backup';
export const BACKUP_VERSION = 2;

/** Bytes of a file per line; base64 makes each line at most 1 MiB. */
const FILE_PART_BYTES = 768 * 1024;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  created_at: string;
  dialect: string;
  schema: string | null;
  tables: string[];
}

export interface FileCounts {
  count: number;
  bytes: number;
}

export interface BackupSummary {
  file: string;
  rows: Record<string, number>;
  files: FileCounts;
  sha256: string;
}

export interface BackupOptions {
  /**
   * The uploaded files' storage. Without it the backup holds rows only (benchmarks), and a
   * restore of a backup that holds files refuses to run without it.
   */
  storage?: Storage;
  onTable?: (table: string, rows: number) => void;
}

/**
 * Writes every row, then every stored file, to `file` (atomically: a `.partial` file renamed).
 * Files are listed after the snapshot, and bytes are stored before their row is inserted, so
 * every file row of the snapshot has its bytes in the backup, unless the file was deleted while
 * the backup ran. Bytes with no row (an upload after the snapshot) are restored as harmless
 * orphans.
 *
 *   await backupDatabase(db, 'site.backup', { storage: storageFor(config) });
 */
export async function backupDatabase(
  db: Db,
  file: string,
  options: BackupOptions = {},
): Promise<BackupSummary> {
  const { storage, onTable } = options;
  const temporary = `${file}.partial`;
  const gzip = createGzip();
  const out = createWriteStream(temporary);
  gzip.pipe(out);
  const hash = createHash('sha256');
  const write = async (value: unknown) => {
    const line = `${JSON.stringify(value)}\n`;
    hash.update(line);
    if (!gzip.write(line)) await once(gzip, 'drain');
  };
  const rows: Record<string, number> = {};
  try {
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        if (dialectOf(trx) === 'postgres') await sql`set transaction read only`.execute(trx);
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          created_at: new Date().toISOString(),
          dialect: dialectOf(trx),
          schema: await latestMigrationName(trx),
          tables: [...BACKUP_TABLES],
        };
        await write(header);
        for (const table of BACKUP_TABLES) {
          let count = 0;
          let query = trx.selectFrom(table).selectAll();
          for (const column of ORDER_COLUMNS[table]) query = query.orderBy(sql.ref(column));
          for await (const row of query.stream(500)) {
            await write({ table, row });
            count++;
          }
          rows[table] = count;
          onTable?.(table, count);
        }
      });
    const files: FileCounts = { count: 0, bytes: 0 };
    if (storage) {
      const keys: string[] = [];
      for await (const key of storage.list()) keys.push(key);
      keys.sort();
      for (const key of keys) {
        let data: Buffer;
        try {
          data = await storage.read(key);
        } catch (error) {
          // Deleted since it was listed: its row is gone too, or going.
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
          throw error;
        }
        for (let offset = 0; offset < data.length; offset += FILE_PART_BYTES) {
          await write({
            file: key,
            data: data.subarray(offset, offset + FILE_PART_BYTES).toString('base64'),
          });
        }
        await write({
          file: key,
          size: data.length,
          sha256: createHash('sha256').update(data).digest('hex'),
        });
        files.count++;
        files.bytes += data.length;
      }
    }
    const sha256 = hash.digest('hex');
    gzip.end(`${JSON.stringify({ end: true, rows, files, sha256 })}\n`);
    await once(out, 'finish');
    await rename(temporary, file);
    await recordLastBackup(db, {
      at: new Date().toISOString(),
      file: path.basename(file),
      rows: Object.values(rows).reduce((a, b) => a + b, 0),
      files,
      sha256,
    });
    return { file, rows, files, sha256 };
  } catch (error) {
    gzip.destroy();
    out.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The last successful backup, as the status page shows it (settings key `last_backup`). */
export interface LastBackup {
  at: string;
  /** The file's name without its directory. */
  file: string;
  rows: number;
  files: FileCounts;
  sha256: string;
}

const LAST_BACKUP_KEY = 'last_backup';

async function recordLastBackup(db: Db, backup: LastBackup): Promise<void> {
  await upsertSetting(db, LAST_BACKUP_KEY, JSON.stringify(backup));
}

/** The last successful backup of this database, or undefined when none was ever recorded. */
export async function getLastBackup(db: Db): Promise<LastBackup | undefined> {
  const raw = await findSetting(db, LAST_BACKUP_KEY);
  if (raw === undefined) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<LastBackup>;
    if (typeof value.at !== 'string' || Number.isNaN(Date.parse(value.at))) return undefined;
    return {
      at: value.at,
      file: String(value.file ?? ''),
      rows: Number(value.rows ?? 0),
      files: {
        count: Number(value.files?.count ?? 0),
        bytes: Number(value.files?.bytes ?? 0),
      },
      sha256: String(value.sha256 ?? ''),
    };
  } catch {
    return undefined;
  }
}

async function* backupLines(file: string): AsyncGenerator<string> {
  const input = createReadStream(file).pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) if (line !== '') yield line;
}

export class BackupError extends Error {}

/** A part of a stored file: `{ file, data }`; the file's closing line: `{ file, size, sha256 }`. */
interface FileLine {
  file: string;
  data?: string;
  size?: number;
  sha256?: string;
}

/**
 * Puts a backup's file lines back together, one file at a time, and checks each file's size and
 * SHA-256. Parts of a file are consecutive; `add` returns the whole file at its closing line.
 */
class FileAssembler {
  private key: string | undefined;
  private parts: Buffer[] = [];
  private readonly seen = new Set<string>();
  readonly counts: FileCounts = { count: 0, bytes: 0 };

  /** The file's bytes when the line closes a file, else undefined. */
  add(line: FileLine): { key: string; data: Buffer } | undefined {
    const key = line.file;
    if (typeof key !== 'string' || !isValidStorageKey(key))
      throw new BackupError(
        `backup: invalid file key ${JSON.stringify(String(key)).slice(0, 200)}`,
      );
    if (key !== this.key) {
      if (this.key !== undefined) throw new BackupError(`backup: file ${this.key} is incomplete`);
      if (this.seen.has(key)) throw new BackupError(`backup: file ${key} appears twice`);
      this.key = key;
      this.parts = [];
    }
    if (typeof line.data === 'string') {
      this.parts.push(Buffer.from(line.data, 'base64'));
      return undefined;
    }
    const data = Buffer.concat(this.parts);
    if (
      data.length !== line.size ||
      createHash('sha256').update(data).digest('hex') !== line.sha256
    )
      throw new BackupError(`backup: file ${key} does not match its checksum`);
    this.seen.add(key);
    this.key = undefined;
    this.parts = [];
    this.counts.count++;
    this.counts.bytes += data.length;
    return { key, data };
  }

  finish(): void {
    if (this.key !== undefined) throw new BackupError(`backup: file ${this.key} is incomplete`);
  }
}

/** Reads the whole file once and checks its header, row counts, files and checksum. */
export async function verifyBackup(
  file: string,
): Promise<{ header: BackupHeader; rows: Record<string, number>; files: FileCounts }> {
  const hash = createHash('sha256');
  let header: BackupHeader | undefined;
  let trailer:
    | { end: true; rows: Record<string, number>; files?: FileCounts; sha256: string }
    | undefined;
  const counted: Record<string, number> = {};
  const files = new FileAssembler();
  try {
    for await (const line of backupLines(file)) {
      if (trailer) throw new BackupError('backup: data after the end marker');
      const value = JSON.parse(line);
      if (!header) {
        if (value.format !== BACKUP_FORMAT)
          throw new BackupError('backup: not a clearinghouse backup file');
        if (value.version > BACKUP_VERSION)
          throw new BackupError(
            `backup: format version ${value.version} is newer than this program`,
          );
        header = value as BackupHeader;
      } else if (value.end === true) {
        trailer = value;
        continue;
      } else if (typeof value.table === 'string') {
        counted[value.table] = (counted[value.table] ?? 0) + 1;
      } else if (value.file !== undefined && header.version >= 2) {
        files.add(value as FileLine);
      } else {
        throw new BackupError('backup: a line is neither a row nor a file');
      }
      hash.update(`${line}\n`);
    }
    files.finish();
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`backup: unreadable (${(error as Error).message})`);
  }
  if (!header) throw new BackupError('backup: empty file');
  if (!trailer) throw new BackupError('backup: truncated (no end marker)');
  if (hash.digest('hex') !== trailer.sha256)
    throw new BackupError('backup: checksum mismatch; the file is damaged');
  for (const table of Object.keys(trailer.rows)) {
    if ((counted[table] ?? 0) !== trailer.rows[table])
      throw new BackupError(`backup: row count of ${table} does not match`);
  }
  const expected = trailer.files ?? { count: 0, bytes: 0 };
  if (files.counts.count !== expected.count || files.counts.bytes !== expected.bytes)
    throw new BackupError('backup: file count does not match');
  return { header, rows: trailer.rows, files: files.counts };
}

export interface RestoreSummary {
  rows: Record<string, number>;
  /** Files in the backup; those already in the storage with the same bytes are left as they are. */
  files: FileCounts;
}

/**
 * Restores a verified backup into an empty database (reference data aside), in one transaction,
 * and its files into the storage: either everything is restored or nothing is (files written by
 * a failed restore are deleted again). A file already stored under the same key with the same
 * bytes (a restore on the machine that made the backup) is kept; with other bytes, the restore
 * refuses.
 *
 *   await restoreDatabase(db, 'site.backup', { storage: storageFor(config) });
 */
export async function restoreDatabase(
  db: Db,
  file: string,
  options: BackupOptions = {},
): Promise<RestoreSummary> {
  const { storage, onTable } = options;
  const { header, rows, files } = await verifyBackup(file);
  if (files.count > 0 && !storage)
    throw new BackupError(
      `restore: the backup holds ${files.count} files; no file storage was given to restore them`,
    );
  await migrateToLatest(db);
  const schema = await latestMigrationName(db);
  if (header.schema && schema && header.schema > schema) {
    throw new BackupError(
      `backup: made by a newer version (schema ${header.schema}); upgrade before restoring`,
    );
  }
  const unknown = header.tables.filter((t) => !(BACKUP_TABLES as readonly string[]).includes(t));
  if (unknown.length > 0) throw new BackupError(`backup: unknown tables ${unknown.join(', ')}`);

  // Files this restore wrote, deleted again if it fails.
  const written: string[] = [];
  const restoreFile = async (key: string, data: Buffer) => {
    if (!storage) return;
    if ((await storage.size(key)) !== undefined) {
      const present = await storage.read(key);
      if (!present.equals(data))
        throw new BackupError(
          `restore: the file storage already holds ${key} with other bytes; move it away or restore into an empty file storage`,
        );
      return;
    }
    await storage.put(key, data);
    written.push(key);
  };

  try {
    await restoreRows(db, file, rows, restoreFile, onTable);
  } catch (error) {
    await Promise.allSettled(written.map((key) => storage?.delete(key)));
    throw error;
  }
  // The search index is derived data: rebuilt, not restored.
  await reindexAll(db, rows.practices ?? 0);
  return { rows, files };
}

async function restoreRows(
  db: Db,
  file: string,
  rows: Record<string, number>,
  restoreFile: (key: string, data: Buffer) => Promise<void>,
  onTable: BackupOptions['onTable'],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of [
      ...BACKUP_TABLES.filter((t) => !REFERENCE_TABLES.includes(t)),
      ...DERIVED_TABLES,
    ]) {
      const row = await trx
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      if (Number(row.n) > 0)
        throw new BackupError(
          `restore: the target database is not empty (${table} has rows); restore needs an empty database`,
        );
    }
    for (const table of [...REFERENCE_TABLES].reverse()) await trx.deleteFrom(table).execute();

    let batch: Record<string, unknown>[] = [];
    let batchTable: TableName | undefined;
    const flush = async () => {
      if (batchTable && batch.length > 0)
        await trx
          .insertInto(batchTable)
          .values(batch as never)
          .execute();
      batch = [];
    };
    const files = new FileAssembler();
    let first = true;
    for await (const line of backupLines(file)) {
      if (first) {
        first = false;
        continue;
      }
      const value = JSON.parse(line);
      if (value.end === true) break;
      if (value.file !== undefined) {
        await flush();
        if (batchTable) onTable?.(batchTable, rows[batchTable] ?? 0);
        batchTable = undefined;
        const complete = files.add(value as FileLine);
        if (complete) await restoreFile(complete.key, complete.data);
        continue;
      }
      if (value.table !== batchTable) {
        await flush();
        if (batchTable) onTable?.(batchTable, rows[batchTable] ?? 0);
        batchTable = value.table as TableName;
      }
      batch.push(value.row);
      // Stay far below PostgreSQL's 65,535 bind parameters per statement.
      if (batch.length >= 200) await flush();
    }
    await flush();
    if (batchTable) onTable?.(batchTable, rows[batchTable] ?? 0);
    if (dialectOf(trx) === 'postgres') {
      for (const table of IDENTITY_TABLES) {
        await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(
          trx,
        );
      }
    }
  });
}
