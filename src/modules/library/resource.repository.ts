import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { ResourceTable } from './resource.table.ts';

export async function findResourceBySlug(db: Db, slug: string) {
  return db.selectFrom('resources').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function resourceSlugExists(db: Db, slug: string): Promise<boolean> {
  const row = await db
    .selectFrom('resources')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertResource(db: Db, values: Insertable<ResourceTable>): Promise<number> {
  const row = await db
    .insertInto('resources')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateResource(
  db: Db,
  id: number,
  values: Updateable<ResourceTable>,
): Promise<void> {
  await db.updateTable('resources').set(values).where('id', '=', id).execute();
}

export async function replaceThemes(db: Db, resourceId: number, themes: string[]): Promise<void> {
  await db.deleteFrom('resource_themes').where('resource_id', '=', resourceId).execute();
  if (themes.length > 0)
    await db
      .insertInto('resource_themes')
      .values(themes.map((theme_id) => ({ resource_id: resourceId, theme_id })))
      .execute();
}

export async function listThemesOf(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('resource_themes')
    .select(['resource_id', 'theme_id'])
    .where('resource_id', 'in', ids)
    .orderBy('resource_id')
    .orderBy('theme_id')
    .execute();
}

export async function listAllThemes(db: Db) {
  return db.selectFrom('resource_themes').select(['resource_id', 'theme_id']).execute();
}

export async function upsertTranslation(
  db: Db,
  values: {
    resource_id: number;
    locale: string;
    title: string;
    abstract: string;
    translated_on: string;
  },
): Promise<void> {
  await db
    .insertInto('resource_translations')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['resource_id', 'locale']).doUpdateSet({
        title: values.title,
        abstract: values.abstract,
        translated_on: values.translated_on,
      }),
    )
    .execute();
}

export async function deleteTranslation(db: Db, resourceId: number, locale: string) {
  const result = await db
    .deleteFrom('resource_translations')
    .where('resource_id', '=', resourceId)
    .where('locale', '=', locale)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listTranslationsOf(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('resource_translations')
    .select(['resource_id', 'locale', 'title', 'abstract', 'translated_on'])
    .where('resource_id', 'in', ids)
    .orderBy('resource_id')
    .orderBy('locale')
    .execute();
}

export async function listResourcesByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('resources').selectAll().where('id', 'in', ids).execute();
}

export async function listIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('resources')
    .select('id')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function listFacetRows(db: Db) {
  return db
    .selectFrom('resources')
    .select(['id', 'type', 'language', 'year', 'updated_at'])
    .orderBy('id')
    .execute();
}

export async function listChoices(db: Db) {
  return db
    .selectFrom('resources')
    .select(['id', 'slug', 'title', 'year'])
    .orderBy('title')
    .orderBy('id')
    .execute();
}

export async function listResourceSitemapEntries(
  db: Db,
): Promise<{ slug: string; updated_at: string }[]> {
  return db.selectFrom('resources').select(['slug', 'updated_at']).orderBy('id').execute();
}
