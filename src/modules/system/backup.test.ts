import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPreparedDatabase,
  createTestDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { createUser } from '../../../test/helpers/users.ts';
import { createDb, type Db } from '../../db/connect.ts';
import { importPractices } from '../practices/practice-interchange.service.ts';
import {
  BACKUP_TABLES,
  BackupError,
  backupDatabase,
  DERIVED_TABLES,
  restoreDatabase,
  verifyBackup,
} from './backup.service.ts';

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

async function snapshot(db: Db): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of BACKUP_TABLES) {
    const rows = await db.selectFrom(table).selectAll().execute();
    // The content token changes when the restored index is rebuilt, as it must: caches are stale.
    result[table] = rows
      .filter((r) => !(table === 'settings' && (r as { key: string }).key === 'content_version'))
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

describe.each(dialects)('backup and restore on %s', (dialect: DialectName) => {
  let source: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    source = await createPreparedDatabase(dialect, { demo: true });
    // Accounts are what users give: they must survive a restore, tokens and audit trail too.
    const editor = await createUser(source.db, 'editor@example.org', 'editor', 'Éditrice Ω');
    const now = new Date().toISOString();
    await source.db
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
    await source.db
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
    dir = await mkdtemp(path.join(tmpdir(), 'backup-'));
  });
  afterAll(() => source.drop());

  it('lists every table of the schema, so none is left out of a backup', async () => {
    const tables = (await source.db.introspection.getTables())
      .map((t) => t.name)
      .filter((n) => !n.startsWith('kysely_') && !n.startsWith('practice_fts'));
    expect([...BACKUP_TABLES, ...DERIVED_TABLES].sort()).toEqual(tables.sort());
  });

  it('restores into an empty database with every row and value identical', async () => {
    const file = path.join(dir, 'plain.backup');
    const summary = await backupDatabase(source.db, file);
    expect(summary.rows.practices).toBe(48);
    expect(summary.rows.users).toBe(1);
    expect(summary.rows.api_tokens).toBe(1);
    for (const target of dialects) {
      const restored = await createTestDatabase(target);
      try {
        await restoreDatabase(restored.db, file);
        expect(await snapshot(restored.db)).toEqual(await snapshot(source.db));
        // Identity sequences continue after the restored ids.
        const report = await importPractices(restored.db, values([practice(1)]));
        expect(report.created).toBe(1);
      } finally {
        await restored.drop();
      }
    }
  });

  it('takes a consistent backup while writes go on', async () => {
    const file = path.join(dir, 'busy.backup');
    let written = 0;
    let stop = false;
    // Another connection, as a server process writing beside a `clearinghouse backup` process.
    const writerDb = createDb(source.config);
    const writer = (async () => {
      while (!stop) {
        await importPractices(writerDb, values([practice(1000 + written)]));
        written++;
        // Requests reach a server through I/O; yield like one so the backup interleaves.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const summary = await backupDatabase(source.db, file);
    const writtenDuringBackup = written;
    stop = true;
    await writer;
    await writerDb.destroy();
    expect(writtenDuringBackup).toBeGreaterThan(0);
    const restored = await createTestDatabase(dialect);
    try {
      await restoreDatabase(restored.db, file);
      const practices = await restored.db.selectFrom('practices').select('id').execute();
      const concepts = await restored.db
        .selectFrom('practice_concepts')
        .select('practice_id')
        .execute();
      expect(practices).toHaveLength(summary.rows.practices ?? -1);
      // A snapshot never holds half a practice: every practice has its themes and no theme is orphaned.
      const ids = new Set(practices.map((p) => p.id));
      for (const c of concepts) expect(ids.has(c.practice_id)).toBe(true);
      for (const id of ids) expect(concepts.some((c) => c.practice_id === id)).toBe(true);
    } finally {
      await restored.drop();
    }
  });

  it('refuses a damaged or truncated file and a database that is not empty', async () => {
    const file = path.join(dir, 'check.backup');
    await backupDatabase(source.db, file);
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');

    const tampered = path.join(dir, 'tampered.backup');
    writeFileSync(
      tampered,
      gzipSync(lines.map((l) => l.replace('"Practice number', '"Practice NUMBER')).join('\n')),
    );
    await expect(verifyBackup(tampered)).rejects.toThrow(
      'backup: checksum mismatch; the file is damaged',
    );

    const truncated = path.join(dir, 'truncated.backup');
    writeFileSync(truncated, gzipSync(lines.slice(0, 100).join('\n')));
    await expect(verifyBackup(truncated)).rejects.toThrow('backup: truncated (no end marker)');

    const garbage = path.join(dir, 'garbage.backup');
    writeFileSync(garbage, 'not a backup');
    await expect(verifyBackup(garbage)).rejects.toThrow(BackupError);

    await expect(restoreDatabase(source.db, file)).rejects.toThrow(
      /restore: the target database is not empty/,
    );
  });
});
