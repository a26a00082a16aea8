import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type {
  RecommendationTable,
  RecommendationTranslationTable,
} from './recommendation.table.ts';

export interface RecommendationListQuery {
  /** Any of these themes (OR); empty for all. */
  themes: string[];
  /** Any of these audiences (OR); empty for all. */
  audiences: string[];
  limit: number;
  offset: number;
}

export async function listRecommendationIds(
  db: Db,
  q: RecommendationListQuery,
): Promise<{ ids: number[]; total: number }> {
  let base = db.selectFrom('recommendations as r');
  if (q.themes.length > 0) {
    const themes = q.themes;
    base = base.where((eb) =>
      eb(
        'r.id',
        'in',
        eb
          .selectFrom('recommendation_themes')
          .select('recommendation_id')
          .where('theme_id', 'in', themes),
      ),
    );
  }
  if (q.audiences.length > 0) {
    const audiences = q.audiences;
    base = base.where((eb) =>
      eb(
        'r.id',
        'in',
        eb
          .selectFrom('recommendation_audiences')
          .select('recommendation_id')
          .where('audience', 'in', audiences),
      ),
    );
  }
  const totalRow = await base
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .select('r.id')
    .orderBy('r.updated_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { ids: rows.map((r) => r.id), total: Number(totalRow.n) };
}

export async function listAllRecommendationIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('recommendations').select('id').orderBy('title').execute();
  return rows.map((r) => r.id);
}

export async function findRecommendationsByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('recommendations').selectAll().where('id', 'in', ids).execute();
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

export async function findRecommendationBySlug(db: Db, slug: string) {
  return db.selectFrom('recommendations').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function recommendationSlugExists(db: Db, slug: string): Promise<boolean> {
  const row = await db
    .selectFrom('recommendations')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertRecommendation(
  db: Db,
  row: Insertable<RecommendationTable>,
): Promise<number> {
  const inserted = await db
    .insertInto('recommendations')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateRecommendation(
  db: Db,
  id: number,
  values: Updateable<RecommendationTable>,
): Promise<void> {
  await db.updateTable('recommendations').set(values).where('id', '=', id).execute();
}

export async function replaceTranslations(
  db: Db,
  id: number,
  rows: Omit<Insertable<RecommendationTranslationTable>, 'recommendation_id'>[],
): Promise<void> {
  await db.deleteFrom('recommendation_translations').where('recommendation_id', '=', id).execute();
  if (rows.length === 0) return;
  await db
    .insertInto('recommendation_translations')
    .values(rows.map((r) => ({ ...r, recommendation_id: id })))
    .execute();
}

export async function replaceAudiences(db: Db, id: number, audiences: string[]): Promise<void> {
  await db.deleteFrom('recommendation_audiences').where('recommendation_id', '=', id).execute();
  if (audiences.length === 0) return;
  await db
    .insertInto('recommendation_audiences')
    .values(audiences.map((audience) => ({ recommendation_id: id, audience })))
    .execute();
}

export async function replaceThemes(db: Db, id: number, themes: string[]): Promise<void> {
  await db.deleteFrom('recommendation_themes').where('recommendation_id', '=', id).execute();
  if (themes.length === 0) return;
  await db
    .insertInto('recommendation_themes')
    .values(themes.map((theme_id, position) => ({ recommendation_id: id, theme_id, position })))
    .execute();
}

export async function listTranslationsOf(db: Db, ids: number[], locale?: string) {
  if (ids.length === 0) return [];
  let query = db
    .selectFrom('recommendation_translations')
    .selectAll()
    .where('recommendation_id', 'in', ids);
  if (locale) query = query.where('locale', '=', locale);
  return query.orderBy('recommendation_id').orderBy('locale').execute();
}

export async function listAudiencesOf(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('recommendation_audiences')
    .select(['recommendation_id', 'audience'])
    .where('recommendation_id', 'in', ids)
    .execute();
}

export async function listThemesOf(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('recommendation_themes')
    .select(['recommendation_id', 'theme_id'])
    .where('recommendation_id', 'in', ids)
    .orderBy('recommendation_id')
    .orderBy('position')
    .execute();
}

export async function listPracticeLinksOf(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('recommendation_practices')
    .select(['recommendation_id', 'practice_id', 'note'])
    .where('recommendation_id', 'in', ids)
    .orderBy('recommendation_id')
    .orderBy('position')
    .execute();
}

export async function findPracticeLink(db: Db, recommendationId: number, practiceId: number) {
  return db
    .selectFrom('recommendation_practices')
    .select(['practice_id', 'note'])
    .where('recommendation_id', '=', recommendationId)
    .where('practice_id', '=', practiceId)
    .executeTakeFirst();
}

export async function insertPracticeLink(
  db: Db,
  recommendationId: number,
  practiceId: number,
  note: string,
): Promise<void> {
  const last = await db
    .selectFrom('recommendation_practices')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('recommendation_id', '=', recommendationId)
    .executeTakeFirst();
  const position = last?.position == null ? 0 : Number(last.position) + 1;
  await db
    .insertInto('recommendation_practices')
    .values({ recommendation_id: recommendationId, practice_id: practiceId, note, position })
    .execute();
}

export async function deletePracticeLink(
  db: Db,
  recommendationId: number,
  practiceId: number,
): Promise<number> {
  const result = await db
    .deleteFrom('recommendation_practices')
    .where('recommendation_id', '=', recommendationId)
    .where('practice_id', '=', practiceId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The recommendations a practice supports, with the note on how. */
export async function listLinksOfPractice(db: Db, practiceId: number) {
  return db
    .selectFrom('recommendation_practices')
    .select(['recommendation_id', 'note'])
    .where('practice_id', '=', practiceId)
    .execute();
}

export async function listRecommendationSitemapEntries(
  db: Db,
): Promise<{ slug: string; updated_at: string }[]> {
  return db.selectFrom('recommendations').select(['slug', 'updated_at']).orderBy('id').execute();
}
