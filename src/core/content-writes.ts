import type { Db } from '../db/connect.ts';

/**
 * Content modules tell, inside their write transaction, which items they wrote; the modules that
 * keep data derived from content (search, its index) observe these writes and update that data in
 * the same transaction, so it never disagrees with what was committed. A content module so never
 * imports the modules above it that follow its writes: they register here (search does, from
 * system/wiring.ts, which every process runs before it touches content).
 *
 *   const writes = contentWrites(trx);
 *   await writes.written('practices', [12, 13]);
 *   await writes.finish(); // once, after the last write of the transaction
 *
 *   await contentWritten(trx, 'resources', [7]); // the same for a single write
 */
export type ContentCollection = 'practices' | 'resources';

export interface ContentWrites {
  /** Items of a collection created, changed or removed in this transaction. */
  written(collection: ContentCollection, ids: number[]): Promise<void>;
  /** After the last write, before the commit: work an observer gathered for the whole batch. */
  finish(): Promise<void>;
}

/** Opens an observer's view of one transaction's writes. */
export type ContentWriteObserver = (db: Db) => ContentWrites;

// A set: wiring the same observer again (one process prepares several databases) changes nothing.
const observers = new Set<ContentWriteObserver>();

export function observeContentWrites(observer: ContentWriteObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/** The writes of one transaction (`db` is the transaction), as every observer sees them. */
export function contentWrites(db: Db): ContentWrites {
  const opened = [...observers].map((observe) => observe(db));
  return {
    async written(collection, ids) {
      for (const writes of opened) await writes.written(collection, ids);
    },
    async finish() {
      for (const writes of opened) await writes.finish();
    },
  };
}

/** One write of a transaction, announced and finished at once. */
export async function contentWritten(
  db: Db,
  collection: ContentCollection,
  ids: number[],
): Promise<void> {
  const writes = contentWrites(db);
  await writes.written(collection, ids);
  await writes.finish();
}
