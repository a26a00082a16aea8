import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  createPreparedDatabase,
  createTestDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { pollUntil } from '../../../test/helpers/poll.ts';
import { createUser } from '../../../test/helpers/users.ts';
import { createLocalStorage, type Storage } from '../../core/storage.ts';
import { createDb, type Db } from '../../db/connect.ts';
import { storeUpload } from '../files/file.service.ts';
import type { FileRow } from '../files/file.table.ts';
import { importPractices, loadPracticeRecords } from '../practices/practice-interchange.service.ts';
import {
  BackupError,
  backupDatabase,
  getLastBackup,
  restoreDatabase,
  verifyBackup,
} from './backup.service.ts';
import { BACKUP_TABLES, DERIVED_TABLES } from './backup-tables.ts';
import { demoRecords } from './demo-content.ts';

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

async function snapshot(db: Db): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of BACKUP_TABLES) {
    const rows = await db.selectFrom(table).selectAll().execute();
    // The content token changes when the restored index is rebuilt, as it must: caches are stale.
    // The record of the last backup is written after the backup it describes.
    result[table] = rows
      .filter(
        (r) =>
          !(
            table === 'settings' &&
            ['content_version', 'last_backup'].includes((r as { key: string }).key)
          ),
      )
      .map((r) => JSON.stringify(r))
      .sort();
  }
  return result;
}

function practice(n: number) {
  return {
    external_id: `load-${n}`,
    title: `Practice number ${n}`,
    language: 'en',
    summary: 'Written during a backup.',
    country: 'FR',
    themes: ['housing'],
  };
}

async function storedFiles(storage: Storage): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for await (const key of storage.list())
    files[key] = createHash('sha256')
      .update(await storage.read(key))
      .digest('hex');
  return files;
}

/** Rewrites a backup's lines and makes its checksum match again, as a careful forger would. */
function rewriteBackup(
  from: string,
  to: string,
  change: (values: Record<string, unknown>[]) => Record<string, unknown>[],
) {
  const lines = gunzipSync(readFileSync(from)).toString('utf8').split('\n').filter(Boolean);
  const values = change(lines.map((l) => JSON.parse(l)));
  const trailer = values.pop() as Record<string, unknown>;
  const body = values.map((v) => `${JSON.stringify(v)}\n`).join('');
  trailer.sha256 = createHash('sha256').update(body).digest('hex');
  // The fastest compression: the test reads these files back once, so their size does not matter.
  writeFileSync(to, gzipSync(`${body}${JSON.stringify(trailer)}\n`, { level: 1 }));
}

describe.each(dialects)('backup and restore on %s', (dialect: DialectName) => {
  let source: TestDatabase;
  let dir: string;
  let storage: Storage;
  const uploads: FileRow[] = [];
  let light: TestDatabase;
  let lightStorage: Storage;
  const lightUploads: FileRow[] = [];
  /** A fresh, empty file storage, as on a new machine. */
  const emptyStorage = async () => createLocalStorage(await mkdtemp(path.join(tmpdir(), 'files-')));

  /**
   * What users give besides practices: an editor with a token and an audit row, and two uploaded
   * files (the photograph, with a random texture, is larger than one backup line's part).
   */
  async function addAccountsAndUploads(db: TestDatabase['db'], into: Storage): Promise<FileRow[]> {
    const editor = await createUser(db, 'editor@example.org', 'editor', 'Éditrice Ω');
    const now = new Date().toISOString();
    await db
      .insertInto('api_tokens')
      .values({
        user_id: editor,
        name: 'importer',
        token_hash: 'f'.repeat(64),
        scopes: 'practices:write',
        created_at: now,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    await db
      .insertInto('audit_log')
      .values({
        actor_user_id: editor,
        action: 'token.create',
        subject_type: 'api_token',
        subject_id: '1',
        details: '{}',
        created_at: now,
      })
      .execute();
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    );
    const photo = await sharp({
      create: {
        width: 1200,
        height: 900,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .png()
      .toBuffer();
    expect(photo.length).toBeGreaterThan(768 * 1024);
    const stored: FileRow[] = [];
    for (const [filename, data] of [
      ['report.pdf', pdf],
      ['photo.png', photo],
    ] as const) {
      const result = await storeUpload(db, into, {
        filename,
        data,
        uploadedBy: editor,
        maxBytes: 10 * 1024 * 1024,
      });
      if (!result.ok) throw new Error(result.error.message);
      stored.push(result.file);
    }
    return stored;
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'backup-'));
    // The whole demo content, for the tests of what a backup holds; a database with a few
    // practices for the tests of files, damage and old versions, whose every restore also
    // rebuilds the search index of all it holds.
    source = await createPreparedDatabase(dialect, { demo: true });
    storage = createLocalStorage(path.join(dir, 'files'));
    uploads.push(...(await addAccountsAndUploads(source.db, storage)));
    light = await createPreparedDatabase(dialect);
    const report = await importPractices(light.db, values([practice(1), practice(2)]));
    expect(report.committed).toBe(true);
    lightStorage = createLocalStorage(path.join(dir, 'light-files'));
    lightUploads.push(...(await addAccountsAndUploads(light.db, lightStorage)));
  });
  afterAll(async () => {
    await source.drop();
    await light.drop();
  });

  it('lists every table of the schema, so none is left out of a backup', async () => {
    const tables = (await source.db.introspection.getTables())
      .map((t) => t.name)
      .filter(
        (n) =>
          !n.startsWith('kysely_') &&
          !n.startsWith('practice_fts') &&
          !n.startsWith('resource_fts'),
      );
    expect([...BACKUP_TABLES, ...DERIVED_TABLES].sort()).toEqual(tables.sort());
  });

  it('restores into an empty database with every row and value identical', async () => {
    const file = path.join(dir, 'plain.backup');
    const summary = await backupDatabase(source.db, file, { storage });
    expect(summary.rows.practices).toBe(demoRecords().length);
    expect(summary.rows.users).toBe(1);
    expect(summary.rows.api_tokens).toBe(1);
    expect(summary.rows.files).toBe(2);
    for (const target of dialects) {
      const restored = await createTestDatabase(target);
      try {
        await restoreDatabase(restored.db, file, { storage: await emptyStorage() });
        expect(await snapshot(restored.db)).toEqual(await snapshot(source.db));
        // The demo events are all-day: the mark that they have no time of day comes back too.
        const allDay = await restored.db
          .selectFrom('events')
          .select('slug')
          .where('all_day', '=', 1)
          .execute();
        expect(allDay.length).toBeGreaterThan(0);
        // Identity sequences continue after the restored ids.
        const report = await importPractices(restored.db, values([practice(1)]));
        expect(report.created).toBe(1);
      } finally {
        await restored.drop();
      }
    }
  });

  it('records the last successful backup for the status page', async () => {
    const file = path.join(dir, 'recorded.backup');
    const summary = await backupDatabase(source.db, file, { storage });
    const last = await getLastBackup(source.db);
    expect(last).toMatchObject({
      file: 'recorded.backup',
      rows: Object.values(summary.rows).reduce((a, b) => a + b, 0),
      files: summary.files,
      sha256: summary.sha256,
    });
    expect(Date.now() - Date.parse(last?.at ?? '')).toBeLessThan(60_000);
  });

  // The writer commits practices while the backup waits for its output to drain, and every one
  // of them is restored and reindexed: on a busy machine that takes minutes, hence the longer
  // timeout.
  it('takes a consistent backup while writes go on', async () => {
    const file = path.join(dir, 'busy.backup');
    let written = 0;
    let stop = false;
    // Another connection, as a server process writing beside a `clearinghouse backup` process.
    const writerDb = createDb(light.config);
    const writer = (async () => {
      while (!stop) {
        await importPractices(writerDb, values([practice(1000 + written)]));
        written++;
        // Requests reach a server through I/O, one every few milliseconds at most: pausing like
        // one lets the backup interleave. (With no pause a SQLite writer committed thousands of
        // practices during one backup, and restoring and reindexing them took most of the test.)
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    // The writer stops with the test, even one that fails or times out, so that it never
    // slows down the tests after it.
    const stopWriter = async () => {
      stop = true;
      await writer;
      await writerDb.destroy();
    };
    let stopped: Promise<void> | undefined;
    onTestFinished(async () => {
      stopped ??= stopWriter();
      await stopped;
    });
    // Writes are under way before the backup starts, however slow the machine.
    await pollUntil('the writer to commit its first practice', () => written > 0, {
      timeoutMs: 30_000,
      intervalMs: 10,
    });
    const writtenBefore = written;
    const summary = await backupDatabase(light.db, file, { storage: lightStorage });
    const writtenDuringBackup = written;
    stopped ??= stopWriter();
    await stopped;
    const restored = await createTestDatabase(dialect);
    try {
      await restoreDatabase(restored.db, file, { storage: await emptyStorage() });
      const practices = await restored.db.selectFrom('practices').select('id').execute();
      // The snapshot holds what was written before it started, and nothing after it ended.
      const busy = await restored.db
        .selectFrom('practices')
        .select('id')
        .where('summary', '=', 'Written during a backup.')
        .execute();
      expect(busy.length).toBeGreaterThanOrEqual(writtenBefore);
      expect(busy.length).toBeLessThanOrEqual(writtenDuringBackup);
      const concepts = await restored.db
        .selectFrom('practice_concepts')
        .select('practice_id')
        .execute();
      expect(practices).toHaveLength(summary.rows.practices ?? -1);
      // A snapshot never holds half a practice: every practice has its themes and no theme is orphaned.
      const ids = new Set(practices.map((p) => p.id));
      for (const c of concepts) expect(ids.has(c.practice_id)).toBe(true);
      for (const id of ids) expect(concepts.some((c) => c.practice_id === id)).toBe(true);
      // And each restored practice reads back exactly as it was written, field by field.
      const sample = [...ids].sort((a, b) => a - b);
      expect(await loadPracticeRecords(restored.db, sample)).toEqual(
        await loadPracticeRecords(light.db, sample),
      );
    } finally {
      await restored.drop();
    }
  }, 180_000);

  it('refuses a damaged or truncated file and a database that is not empty', async () => {
    const file = path.join(dir, 'check.backup');
    await backupDatabase(light.db, file, { storage: lightStorage });
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');

    const tampered = path.join(dir, 'tampered.backup');
    writeFileSync(
      tampered,
      gzipSync(lines.map((l) => l.replace('"Practice number', '"Practice NUMBER')).join('\n'), {
        level: 1,
      }),
    );
    await expect(verifyBackup(tampered)).rejects.toThrow(
      'backup: checksum mismatch; the file is damaged',
    );

    const truncated = path.join(dir, 'truncated.backup');
    writeFileSync(truncated, gzipSync(lines.slice(0, 100).join('\n'), { level: 1 }));
    await expect(verifyBackup(truncated)).rejects.toThrow('backup: truncated (no end marker)');

    const garbage = path.join(dir, 'garbage.backup');
    writeFileSync(garbage, 'not a backup');
    await expect(verifyBackup(garbage)).rejects.toThrow(BackupError);

    await expect(restoreDatabase(light.db, file, { storage: lightStorage })).rejects.toThrow(
      /restore: the target database is not empty/,
    );
  });

  it('restores the uploaded files, byte for byte, into an empty storage', async () => {
    const file = path.join(dir, 'files.backup');
    const summary = await backupDatabase(light.db, file, { storage: lightStorage });
    const stored = await storedFiles(lightStorage);
    // Each upload, and each image's web copy.
    const keys = lightUploads.flatMap((u) => [u.storage_key, u.web_key ?? []].flat());
    expect(Object.keys(stored).sort()).toEqual(keys.sort());
    expect(summary.files.count).toBe(keys.length);
    expect((await verifyBackup(file)).files).toEqual(summary.files);

    const target = await createTestDatabase(dialect);
    const targetStorage = await emptyStorage();
    try {
      const restored = await restoreDatabase(target.db, file, { storage: targetStorage });
      expect(restored.files).toEqual(summary.files);
      expect(await storedFiles(targetStorage)).toEqual(stored);
      for (const upload of lightUploads) {
        const row = await target.db
          .selectFrom('files')
          .selectAll()
          .where('id', '=', upload.id)
          .executeTakeFirstOrThrow();
        expect(row).toEqual(upload);
        expect(
          (await targetStorage.read(row.storage_key)).equals(
            await lightStorage.read(upload.storage_key),
          ),
        ).toBe(true);
      }
    } finally {
      await target.drop();
    }

    // On the machine that made the backup the same bytes are already there: they are kept.
    const again = await createTestDatabase(dialect);
    try {
      await restoreDatabase(again.db, file, { storage: lightStorage });
      expect(await storedFiles(lightStorage)).toEqual(stored);
    } finally {
      await again.drop();
    }
  });

  it('refuses to lose or overwrite files, and leaves no trace when it refuses', async () => {
    const file = path.join(dir, 'refuse.backup');
    await backupDatabase(light.db, file, { storage: lightStorage });

    const target = await createTestDatabase(dialect);
    try {
      await expect(restoreDatabase(target.db, file)).rejects.toThrow(
        /restore: the backup holds 3 files; no file storage was given/,
      );
      // Other bytes under one of the keys: nothing is restored, the files written are taken back.
      const occupied = await emptyStorage();
      const photo = lightUploads[1] as FileRow;
      await occupied.put(photo.storage_key, Buffer.from('other bytes'));
      await expect(restoreDatabase(target.db, file, { storage: occupied })).rejects.toThrow(
        `restore: the file storage already holds ${photo.storage_key} with other bytes`,
      );
      expect(Object.keys(await storedFiles(occupied))).toEqual([photo.storage_key]);
      expect(await target.db.selectFrom('files').select('id').execute()).toEqual([]);
      expect(await target.db.selectFrom('practices').select('id').execute()).toEqual([]);
    } finally {
      await target.drop();
    }

    // A file whose bytes were changed, with the whole-file checksum forged to match.
    const forged = path.join(dir, 'forged.backup');
    rewriteBackup(file, forged, (values) =>
      values.map((v) =>
        typeof v.data === 'string' ? { ...v, data: `AAAA${v.data.slice(4)}` } : v,
      ),
    );
    await expect(verifyBackup(forged)).rejects.toThrow(/does not match its checksum/);
    // A file's closing line lost.
    const incomplete = path.join(dir, 'incomplete.backup');
    rewriteBackup(file, incomplete, (values) =>
      values.filter((v) => !(typeof v.file === 'string' && typeof v.sha256 === 'string')),
    );
    await expect(verifyBackup(incomplete)).rejects.toThrow(/is incomplete/);
  });

  it('still restores a version 1 backup, made before files were backed up', async () => {
    const file = path.join(dir, 'v2.backup');
    await backupDatabase(light.db, file, { storage: lightStorage });
    const v1 = path.join(dir, 'v1.backup');
    rewriteBackup(file, v1, (values) => {
      const kept = values.filter((v) => v.file === undefined);
      (kept[0] as { version: number }).version = 1;
      delete (kept.at(-1) as { files?: unknown }).files;
      return kept;
    });
    const target = await createTestDatabase(dialect);
    const targetStorage = await emptyStorage();
    try {
      const restored = await restoreDatabase(target.db, v1, { storage: targetStorage });
      expect(restored.files).toEqual({ count: 0, bytes: 0 });
      expect(restored.rows.files).toBe(2);
      expect(await storedFiles(targetStorage)).toEqual({});
      // Without storage too: a version 1 backup holds no files to lose.
      const other = await createTestDatabase(dialect);
      try {
        await restoreDatabase(other.db, v1);
      } finally {
        await other.drop();
      }
    } finally {
      await target.drop();
    }
  });
});
