import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import { type FieldProblem, ForbiddenError } from '../../core/errors.ts';
import type { Storage } from '../../core/storage.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { isAcceptableFileName } from '../files/index.ts';
import {
  FileFormatError,
  FORMATS,
  type Format,
  formatFromPath,
  type ImportReport,
  importPractices,
  type RawRecord,
  readRecords,
  sniffFormat,
} from '../practices/index.ts';

/**
 * Bulk import for editors, in two steps, through the same importer as `clearinghouse import`:
 *
 *   const checked = await checkImport(db, storage, actor, upload, { maxBytes });  // a dry run
 *   // … the editor reads the report, then confirms with checked.check.uploadId:
 *   const done = await commitImport(db, storage, actor, uploadId, { skipInvalid: false });
 *
 * Between the two the file is kept in the Storage (`imports/<id>.bin`, with `imports/<id>.json`
 * saying who uploaded it and until when), so that the bytes imported are exactly those checked;
 * the page carries only the opaque id, and only its uploader may use it.
 */

/** How long a checked upload waits for its confirmation. */
export const IMPORT_EXPIRY_MS = 2 * 3600_000;
/** Lists on the report show at most this many entries each (counts are always complete). */
export const LIST_LIMIT = 200;

const PREFIX = 'imports/';
const UPLOAD_ID = /^[0-9a-f]{32}$/;

export interface ImportUpload {
  filename: string;
  data: Buffer;
  truncated: boolean;
}

export interface ImportCheck {
  /** The kept upload, for the confirmation; undefined when no record can be imported. */
  uploadId: string | undefined;
  filename: string;
  format: Format;
  size: number;
  report: ImportReport;
  /** Records that pass the checks: created plus updated. */
  valid: number;
  /** Records whose external_id names a practice already here: they update it. */
  updates: { record: number; externalId: string; title: string }[];
  updateCount: number;
  /** Records repeating an external_id of an earlier record of the file: the later one wins. */
  repeats: { record: number; externalId: string; first: number }[];
  repeatCount: number;
}

export type CheckOutcome =
  | { ok: true; check: ImportCheck }
  | { ok: false; problems: FieldProblem[] };

export type CommitOutcome =
  | { outcome: 'imported'; check: ImportCheck }
  /** Invalid records and no "skip invalid": nothing was written. */
  | { outcome: 'refused'; check: ImportCheck }
  /** No such upload (expired, already imported, or never made). */
  | { outcome: 'expired' };

interface UploadMeta {
  user_id: number;
  filename: string;
  format: Format;
  size: number;
  sha256: string;
  created_at: string;
  expires_at: string;
}

type Editor = Extract<Actor, { kind: 'user' }>;

function authorizeImport(actor: Actor): Editor {
  // Importing is editorial work: the same rule as the editorial queue.
  if (actor.kind !== 'user' || !can(actor, 'submissions.manage')) throw new ForbiddenError();
  return actor;
}

/** The size limit in megabytes, as messages show it: 10485760 → 10, 200000 → 0.19. */
export function megabytes(bytes: number): number {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? Math.floor(mb * 10) / 10 : Number(mb.toPrecision(2));
}

function isUtf8(data: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/** Follows the records through the importer to say which ones update and which repeat. */
class RecordTracker {
  private readonly firstOf = new Map<string, number>();
  private current: { number: number; externalId?: string; title: string; repeatOf?: number } = {
    number: 0,
    title: '',
  };
  private updated = 0;
  readonly updates: ImportCheck['updates'] = [];
  updateCount = 0;
  readonly repeats: ImportCheck['repeats'] = [];
  repeatCount = 0;

  async *follow(records: AsyncIterable<RawRecord>): AsyncGenerator<RawRecord> {
    for await (const raw of records) {
      const value =
        typeof raw.value === 'object' && raw.value !== null && !Array.isArray(raw.value)
          ? (raw.value as Record<string, unknown>)
          : {};
      const externalId =
        typeof value.external_id === 'string' && value.external_id.trim() !== ''
          ? value.external_id.trim()
          : undefined;
      const repeatOf = externalId === undefined ? undefined : this.firstOf.get(externalId);
      if (externalId !== undefined && repeatOf === undefined)
        this.firstOf.set(externalId, raw.number);
      const title = typeof value.title === 'string' ? value.title.trim().slice(0, 300) : '';
      this.current = { number: raw.number, externalId, title, repeatOf };
      yield raw;
    }
  }

  /** Called by the importer after each record. */
  after(report: ImportReport): void {
    const updatedNow = report.updated > this.updated;
    this.updated = report.updated;
    const { number, externalId, title, repeatOf } = this.current;
    if (!updatedNow || externalId === undefined) return;
    if (repeatOf !== undefined) {
      this.repeatCount++;
      if (this.repeats.length < LIST_LIMIT)
        this.repeats.push({ record: number, externalId, first: repeatOf });
    } else {
      this.updateCount++;
      if (this.updates.length < LIST_LIMIT)
        this.updates.push({ record: number, externalId, title });
    }
  }
}

type RunResult =
  | { ok: true; check: Omit<ImportCheck, 'uploadId' | 'filename' | 'size'> }
  | { ok: false; problems: FieldProblem[] };

/** Runs the importer on the bytes, read from a temporary file by the command line's readers. */
async function runImport(
  db: Db,
  data: Buffer,
  filename: string,
  chosen: Format | undefined,
  options: { dryRun: boolean; skipInvalid: boolean },
): Promise<RunResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'clearinghouse-import-'));
  const file = path.join(dir, 'upload');
  try {
    await writeFile(file, data, { mode: 0o600 });
    const format = chosen ?? formatFromPath(filename) ?? (await sniffFormat(file));
    const tracker = new RecordTracker();
    let report: ImportReport;
    try {
      report = await importPractices(db, tracker.follow(readRecords(file, format)), {
        ...options,
        onRecord: (r) => tracker.after(r),
      });
    } catch (error) {
      if (!(error instanceof FileFormatError)) throw error;
      return {
        ok: false,
        problems: [
          {
            field: 'file',
            message: error.message.replace(/^file: /, ''),
            key: 'import.error.unreadable',
            values: { format: format.toUpperCase(), detail: error.message.replace(/^file: /, '') },
          },
        ],
      };
    }
    if (report.read === 0)
      return {
        ok: false,
        problems: [
          { field: 'file', message: 'holds no practice records', key: 'import.error.empty' },
        ],
      };
    return {
      ok: true,
      check: {
        format,
        report,
        valid: report.read - report.invalid,
        updates: tracker.updates,
        updateCount: tracker.updateCount,
        repeats: tracker.repeats,
        repeatCount: tracker.repeatCount,
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const keysOf = (id: string) => ({ data: `${PREFIX}${id}.bin`, meta: `${PREFIX}${id}.json` });

async function forgetUpload(storage: Storage, id: string): Promise<void> {
  const keys = keysOf(id);
  await storage.delete(keys.data);
  await storage.delete(keys.meta);
}

/**
 * Step 1: checks an uploaded file with a dry run of the importer (every record checked and
 * written in a transaction that is rolled back) and keeps it for the confirmation when at least
 * one record can be imported. Problems with the file itself come back as field problems.
 */
export async function checkImport(
  db: Db,
  storage: Storage,
  actor: Actor,
  upload: ImportUpload | undefined,
  options: { maxBytes: number; format?: string; now?: Date },
): Promise<CheckOutcome> {
  const editor = authorizeImport(actor);
  const refuse = (problem: FieldProblem): CheckOutcome => ({ ok: false, problems: [problem] });
  let chosen: Format | undefined;
  if (options.format) {
    if (!(FORMATS as readonly string[]).includes(options.format))
      return refuse({
        field: 'format',
        message: 'is not a known format',
        key: 'form.error.choice',
      });
    chosen = options.format as Format;
  }
  if (!upload || upload.filename === '')
    return refuse({ field: 'file', message: 'choose a file', key: 'form.error.fileMissing' });
  if (upload.truncated || upload.data.length > options.maxBytes)
    return refuse({
      field: 'file',
      message: `is larger than ${megabytes(options.maxBytes)} MB`,
      key: 'form.error.fileTooLarge',
      values: { max: megabytes(options.maxBytes) },
    });
  if (upload.data.length === 0)
    return refuse({ field: 'file', message: 'is empty', key: 'form.error.fileEmpty' });
  if (!isAcceptableFileName(upload.filename))
    return refuse({
      field: 'file',
      message: 'has an unacceptable name',
      key: 'form.error.fileName',
    });
  if (!isUtf8(upload.data))
    return refuse({ field: 'file', message: 'is not UTF-8 text', key: 'import.error.encoding' });

  const result = await runImport(db, upload.data, upload.filename, chosen, {
    dryRun: true,
    // Every record is tried, so the counts say what a "skip invalid" import would do.
    skipInvalid: true,
  });
  if (!result.ok) return result;

  let uploadId: string | undefined;
  if (result.check.valid > 0) {
    uploadId = randomBytes(16).toString('hex');
    const now = options.now ?? new Date();
    const meta: UploadMeta = {
      user_id: editor.id,
      filename: upload.filename,
      format: result.check.format,
      size: upload.data.length,
      sha256: createHash('sha256').update(upload.data).digest('hex'),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + IMPORT_EXPIRY_MS).toISOString(),
    };
    const keys = keysOf(uploadId);
    // The description first: bytes never lie in the storage without saying whose they are.
    await storage.put(keys.meta, Buffer.from(JSON.stringify(meta)));
    await storage.put(keys.data, upload.data);
  }
  return {
    ok: true,
    check: { ...result.check, uploadId, filename: upload.filename, size: upload.data.length },
  };
}

async function readMeta(storage: Storage, id: string): Promise<UploadMeta | undefined> {
  try {
    return JSON.parse((await storage.read(keysOf(id).meta)).toString('utf8')) as UploadMeta;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError)
      return undefined;
    throw error;
  }
}

// Confirmations running in this process: a double click imports once.
const committing = new Set<string>();

/**
 * Step 2: imports the kept file for real, all or nothing unless `skipInvalid`, records it in the
 * audit log and forgets the upload. Only the editor who uploaded it may confirm it.
 */
export async function commitImport(
  db: Db,
  storage: Storage,
  actor: Actor,
  uploadId: string,
  options: { skipInvalid: boolean; now?: Date },
): Promise<CommitOutcome> {
  const editor = authorizeImport(actor);
  if (!UPLOAD_ID.test(uploadId)) return { outcome: 'expired' };
  const meta = await readMeta(storage, uploadId);
  if (!meta) return { outcome: 'expired' };
  if (meta.user_id !== editor.id)
    throw new ForbiddenError('import_not_yours', 'This upload was made by another editor.');
  const now = options.now ?? new Date();
  if (Date.parse(meta.expires_at) <= now.getTime()) {
    await forgetUpload(storage, uploadId);
    return { outcome: 'expired' };
  }
  if (committing.has(uploadId)) return { outcome: 'expired' };
  committing.add(uploadId);
  try {
    let data: Buffer;
    try {
      data = await storage.read(keysOf(uploadId).data);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { outcome: 'expired' };
      throw error;
    }
    if (createHash('sha256').update(data).digest('hex') !== meta.sha256) {
      await forgetUpload(storage, uploadId);
      return { outcome: 'expired' };
    }
    const result = await runImport(db, data, meta.filename, meta.format, {
      dryRun: false,
      skipInvalid: options.skipInvalid,
    });
    if (!result.ok) return { outcome: 'expired' };
    const base = { uploadId, filename: meta.filename, size: meta.size };
    if (!result.check.report.committed) {
      // All or nothing stopped at the first invalid record: a full dry run gives complete counts.
      const full = await runImport(db, data, meta.filename, meta.format, {
        dryRun: true,
        skipInvalid: true,
      });
      return { outcome: 'refused', check: { ...base, ...(full.ok ? full.check : result.check) } };
    }
    const { report } = result.check;
    // importPractices commits its own transaction; the audit row follows it at once.
    await write(db, editor, async () => undefined, {
      audit: {
        action: 'practices.imported',
        subject: { type: 'import', id: uploadId },
        details: {
          file: meta.filename.slice(0, 200),
          format: meta.format,
          read: report.read,
          created: report.created,
          updated: report.updated,
          invalid: report.invalid,
          skip_invalid: options.skipInvalid,
        },
      },
    });
    await forgetUpload(storage, uploadId);
    return { outcome: 'imported', check: { ...base, ...result.check, uploadId: undefined } };
  } finally {
    committing.delete(uploadId);
  }
}

/**
 * Removes uploads past their expiry, and bytes whose description is missing (left by an
 * interrupted removal). Run nightly, with the open-data file.
 */
export async function purgeExpiredImports(storage: Storage, now = new Date()): Promise<number> {
  const metas = new Set<string>();
  const datas: string[] = [];
  for await (const key of storage.list()) {
    if (!key.startsWith(PREFIX)) continue;
    const id = key.slice(PREFIX.length).replace(/\.(bin|json)$/, '');
    if (!UPLOAD_ID.test(id)) continue;
    if (key.endsWith('.json')) metas.add(id);
    else if (key.endsWith('.bin')) datas.push(id);
  }
  let removed = 0;
  for (const id of metas) {
    const meta = await readMeta(storage, id);
    if (!meta || Date.parse(meta.expires_at) <= now.getTime()) {
      await forgetUpload(storage, id);
      removed++;
    }
  }
  for (const id of datas) {
    if (!metas.has(id)) {
      await storage.delete(keysOf(id).data);
      removed++;
    }
  }
  return removed;
}
