import type { Db } from '../db/connect.ts';
import type { Actor } from './actor.ts';
import { toSlug, uniqueSlug } from './slug.ts';
import { nowIso } from './text.ts';
import { write } from './write.ts';

/** Who wrote a new item and when, as its row keeps them. */
interface Stamped {
  slug: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/**
 * A content type an editor writes whole (an event, a press item): its row with a slug from the
 * title, and its parts (lists kept in tables of their own) replaced with each save. Audited as
 * `<subject>.created` and `<subject>.updated` on the subject of that name.
 */
export interface ContentItemStore<Row extends { title: string }, Parts> {
  subject: string;
  slugExists: (db: Db, slug: string) => Promise<boolean>;
  insert: (trx: Db, row: Row & Stamped) => Promise<number>;
  update: (trx: Db, id: number, row: Row & { updated_at: string }) => Promise<void>;
  replaceParts: (trx: Db, id: number, parts: Parts) => Promise<void>;
}

/**
 * Inserts a checked item and its parts in one write, with a slug of its own made from its title
 * unless `slug` is given (an item loaded under a fixed slug).
 */
export async function insertContentItem<Row extends { title: string }, Parts>(
  db: Db,
  actor: Actor,
  store: ContentItemStore<Row, Parts>,
  checked: Parts & { row: Row },
  slug?: string,
): Promise<{ id: number; slug: string }> {
  const now = nowIso();
  return write(
    db,
    actor,
    async ({ trx }) => {
      const chosen =
        slug ??
        (await uniqueSlug(toSlug(checked.row.title, store.subject), (s) =>
          store.slugExists(trx, s),
        ));
      const id = await store.insert(trx, {
        ...checked.row,
        slug: chosen,
        created_by: actor.kind === 'user' ? actor.id : null,
        created_at: now,
        updated_at: now,
      });
      await store.replaceParts(trx, id, checked);
      return { id, slug: chosen };
    },
    {
      audit: ({ id, slug }) => ({
        action: `${store.subject}.created`,
        subject: { type: store.subject, id },
        details: { slug },
      }),
      contentChanged: true,
    },
  );
}

/** Replaces a checked item's row and parts in one write. */
export async function updateContentItem<Row extends { title: string }, Parts>(
  db: Db,
  actor: Actor,
  store: ContentItemStore<Row, Parts>,
  item: { id: number; slug: string },
  checked: Parts & { row: Row },
): Promise<void> {
  await write(
    db,
    actor,
    async ({ trx }) => {
      await store.update(trx, item.id, { ...checked.row, updated_at: nowIso() });
      await store.replaceParts(trx, item.id, checked);
    },
    {
      audit: {
        action: `${store.subject}.updated`,
        subject: { type: store.subject, id: item.id },
        details: { slug: item.slug },
      },
      contentChanged: true,
    },
  );
}
