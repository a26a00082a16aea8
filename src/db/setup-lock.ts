import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { sql } from 'kysely';
import { type Db, dialectOf } from './connect.ts';

// Any fixed number will do: it names the lock among the advisory locks of this database.
const POSTGRES_SETUP_LOCK = 727_009_2009;
/** A lock file older than this belongs to a process that died while preparing. */
const STALE_LOCK_MS = 10 * 60_000;
const WAIT_STEP_MS = 100;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the preparation of a database (migrations, reference and demo content) in one process at
 * a time: processes started together on an empty database would otherwise each load the same
 * content, and all but one fail on its unique keys. PostgreSQL holds an advisory lock, released
 * with the connection even if the process dies; SQLite a lock file beside the database.
 */
export async function withSetupLock<T>(db: Db, work: () => Promise<T>): Promise<T> {
  if (dialectOf(db) === 'postgres') {
    return db.connection().execute(async (connection) => {
      // Asked again and again rather than waited for: a wait as long as another process's
      // preparation would outlast the statement timeout and be cancelled.
      for (;;) {
        const { rows } = await sql<{ taken: boolean }>`
          select pg_try_advisory_lock(${POSTGRES_SETUP_LOCK}) as taken`.execute(connection);
        if (rows[0]?.taken) break;
        await pause(WAIT_STEP_MS);
      }
      try {
        return await work();
      } finally {
        await sql`select pg_advisory_unlock(${POSTGRES_SETUP_LOCK})`.execute(connection);
      }
    });
  }
  const file = await sqliteFile(db);
  if (!file) return work();
  const lockFile = `${file}.setup-lock`;
  await acquireLockFile(lockFile);
  try {
    return await work();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

async function sqliteFile(db: Db): Promise<string | undefined> {
  const { rows } = await sql<{ file: string }>`
    select file from pragma_database_list where name = 'main'`.execute(db);
  return rows[0]?.file || undefined;
}

async function acquireLockFile(lockFile: string): Promise<void> {
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (isStale(lockFile)) rmSync(lockFile, { force: true });
    else await pause(WAIT_STEP_MS);
  }
}

function isStale(lockFile: string): boolean {
  try {
    if (Date.now() - statSync(lockFile).mtimeMs > STALE_LOCK_MS) return true;
    const holder = Number(readFileSync(lockFile, 'utf8'));
    if (!Number.isInteger(holder) || holder <= 0) return false;
    process.kill(holder, 0);
    return false;
  } catch (error) {
    // ESRCH: the process that took the lock is gone. ENOENT: released meanwhile.
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ESRCH';
  }
}
