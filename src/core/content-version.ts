import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Db } from '../db/connect.ts';
import { nowIso } from './text.ts';

/**
 * A token that changes with every write to public content, so caches of rendered pages know
 * when they are stale. Writers call `markContentChanged(trx)` inside their transaction (other
 * processes see the new token) and `announceContentChanged()` after it commits (this process
 * drops its cache at once).
 */
const KEY = 'content_version';
const events = new EventEmitter();

export async function markContentChanged(db: Db): Promise<void> {
  const value = randomUUID();
  const updated_at = nowIso();
  await db
    .insertInto('settings')
    .values({ key: KEY, value, updated_at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at }))
    .execute();
}

export function announceContentChanged(): void {
  events.emit('changed');
}

export function onContentChanged(listener: () => void): () => void {
  events.on('changed', listener);
  return () => events.off('changed', listener);
}

export async function readContentVersion(db: Db): Promise<string> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', KEY)
    .executeTakeFirst();
  return row?.value ?? 'initial';
}
