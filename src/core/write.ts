import type { Db } from '../db/connect.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { announceContentChanged, markContentChanged } from './content-version.ts';

/** One row of the audit log: what was done, to what, with which (non-secret) details. */
export interface AuditEntry {
  action: string;
  subject?: { type: string; id: string | number };
  details?: Record<string, string | number | boolean | null>;
}

export interface WriteOptions<T> {
  /**
   * What to record in the audit log, in the same transaction as the change. A function when the
   * entry depends on the result (the id of a new record); it may return null when nothing was
   * changed after all.
   */
  audit?: AuditEntry | AuditEntry[] | ((result: T) => AuditEntry | AuditEntry[] | null);
  /**
   * Whether public content changed: the content version is marked in the transaction (so other
   * processes drop their cached pages) and announced here after the commit.
   */
  contentChanged?: boolean | ((result: T) => boolean);
}

/** What a write's work is given: the transaction, and a way to act only once it has committed. */
export interface WriteScope {
  trx: Db;
  /** Runs after the outermost write commits (emails queued, caches dropped), never on rollback. */
  afterCommit(action: () => void): void;
}

// Writes nested in another write's transaction join its after-commit queue.
const queues = new WeakMap<object, (() => void)[]>();

/**
 * One unit of write: opens the transaction (or joins the caller's), runs the work, records the
 * audit entries and marks the content version, then after the commit announces the change in
 * this process and runs what the work deferred.
 *
 *   const id = await write(db, actor, ({ trx }) => repo.insertEvent(trx, values), {
 *     audit: (id) => ({ action: 'event.created', subject: { type: 'event', id } }),
 *     contentChanged: true,
 *   });
 */
export async function write<T>(
  db: Db,
  actor: Actor,
  work: (scope: WriteScope) => Promise<T>,
  options: WriteOptions<T> = {},
): Promise<T> {
  const inside = async (trx: Db, queue: (() => void)[]) => {
    const result = await work({ trx, afterCommit: (action) => queue.push(action) });
    const audit = typeof options.audit === 'function' ? options.audit(result) : options.audit;
    for (const entry of audit === undefined || audit === null ? [] : [audit].flat())
      await recordAudit(trx, actor, entry.action, entry.subject, entry.details);
    const changed =
      typeof options.contentChanged === 'function'
        ? options.contentChanged(result)
        : (options.contentChanged ?? false);
    if (changed) {
      await markContentChanged(trx);
      queue.push(announceContentChanged);
    }
    return result;
  };

  const joined = queues.get(db);
  if (joined) return inside(db, joined);
  if (db.isTransaction) {
    // A transaction opened by hand: its owner commits, so deferred actions run when it returns
    // here, as close to the commit as this helper can know.
    const queue: (() => void)[] = [];
    const result = await inside(db, queue);
    for (const action of queue) action();
    return result;
  }
  const queue: (() => void)[] = [];
  const result = await db.transaction().execute(async (trx) => {
    queues.set(trx, queue);
    return inside(trx, queue);
  });
  for (const action of queue) action();
  return result;
}
