import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { NewsContactTable, NewsItemTable } from './news.table.ts';

export async function countNews(db: Db): Promise<number> {
  const row = await db
    .selectFrom('news_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listNews(db: Db, limit: number, offset: number) {
  return db
    .selectFrom('news_items')
    .selectAll()
    .orderBy('published_on', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function listNewsOfEvent(db: Db, eventId: number) {
  return db
    .selectFrom('news_items')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('published_on', 'desc')
    .execute();
}

export async function findNewsBySlug(db: Db, slug: string) {
  return db.selectFrom('news_items').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function newsSlugExists(db: Db, slug: string): Promise<boolean> {
  return (
    (await db.selectFrom('news_items').select('id').where('slug', '=', slug).executeTakeFirst()) !==
    undefined
  );
}

export async function listTranslations(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('news_translations').selectAll().where('news_id', 'in', ids).execute();
}

export async function listContacts(db: Db, id: number) {
  return db
    .selectFrom('news_contacts')
    .selectAll()
    .where('news_id', '=', id)
    .orderBy('position')
    .execute();
}

export async function listOrganisationIds(db: Db, id: number): Promise<number[]> {
  const rows = await db
    .selectFrom('news_organisations')
    .select('organisation_id')
    .where('news_id', '=', id)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.organisation_id);
}

export async function insertNews(db: Db, row: Insertable<NewsItemTable>): Promise<number> {
  const inserted = await db
    .insertInto('news_items')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateNews(db: Db, id: number, changes: Updateable<NewsItemTable>) {
  await db.updateTable('news_items').set(changes).where('id', '=', id).execute();
}

export async function replaceParts(
  db: Db,
  id: number,
  parts: { contacts: Omit<NewsContactTable, 'news_id'>[]; organisationIds: number[] },
) {
  await db.deleteFrom('news_contacts').where('news_id', '=', id).execute();
  await db.deleteFrom('news_organisations').where('news_id', '=', id).execute();
  if (parts.contacts.length > 0)
    await db
      .insertInto('news_contacts')
      .values(parts.contacts.map((c) => ({ ...c, news_id: id })))
      .execute();
  if (parts.organisationIds.length > 0)
    await db
      .insertInto('news_organisations')
      .values(
        parts.organisationIds.map((organisation_id, position) => ({
          news_id: id,
          organisation_id,
          position,
        })),
      )
      .execute();
}

export async function upsertTranslation(
  db: Db,
  row: {
    news_id: number;
    locale: string;
    title: string | null;
    dateline: string | null;
    body: string | null;
    speakers_note: string | null;
    translated_on: string;
  },
) {
  await db
    .deleteFrom('news_translations')
    .where('news_id', '=', row.news_id)
    .where('locale', '=', row.locale)
    .execute();
  if (row.title !== null || row.body !== null)
    await db.insertInto('news_translations').values(row).execute();
}

export async function listNewsSitemapEntries(
  db: Db,
): Promise<{ slug: string; updated_at: string }[]> {
  return db.selectFrom('news_items').select(['slug', 'updated_at']).orderBy('id').execute();
}

/** The news naming one organisation name another; an item naming both keeps its own line. */
export async function moveOrganisationLinks(db: Db, fromId: number, intoId: number) {
  await db
    .deleteFrom('news_organisations')
    .where('organisation_id', '=', fromId)
    .where(
      'news_id',
      'in',
      db.selectFrom('news_organisations').select('news_id').where('organisation_id', '=', intoId),
    )
    .execute();
  await db
    .updateTable('news_organisations')
    .set({ organisation_id: intoId })
    .where('organisation_id', '=', fromId)
    .execute();
}
