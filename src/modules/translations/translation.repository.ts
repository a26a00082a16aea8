import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { TranslationOfferTable } from './translation.table.ts';

export async function findOffer(db: Db, id: number) {
  return db.selectFrom('translation_offers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The translator's latest translation of a practice into a language that is not yet published. */
export async function findOpenOffer(
  db: Db,
  translatorId: number,
  practiceId: number,
  locale: string,
) {
  return db
    .selectFrom('translation_offers')
    .selectAll()
    .where('translator_id', '=', translatorId)
    .where('practice_id', '=', practiceId)
    .where('locale', '=', locale)
    .where('state', 'in', ['draft', 'submitted', 'returned'])
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function insertOffer(
  db: Db,
  values: Insertable<TranslationOfferTable>,
): Promise<number> {
  const row = await db
    .insertInto('translation_offers')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateOffer(
  db: Db,
  id: number,
  values: Updateable<TranslationOfferTable>,
): Promise<void> {
  await db.updateTable('translation_offers').set(values).where('id', '=', id).execute();
}

/** Translations sent to the editors, oldest first, with their practice and translator. */
export async function listSubmittedOffers(db: Db) {
  return db
    .selectFrom('translation_offers as o')
    .innerJoin('practices as p', 'p.id', 'o.practice_id')
    .innerJoin('users as u', 'u.id', 'o.translator_id')
    .select([
      'o.id',
      'o.locale',
      'o.machine_assisted',
      'o.submitted_at',
      'p.slug',
      'p.title as practice_title',
      'p.language as practice_language',
      'u.name as translator_name',
    ])
    .where('o.state', '=', 'submitted')
    .orderBy('o.submitted_at')
    .orderBy('o.id')
    .execute();
}

export async function countSubmittedOffers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('translation_offers')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('state', '=', 'submitted')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One person's translations, newest first, with the practice each is of. */
export async function listOffersOfTranslator(db: Db, translatorId: number) {
  return db
    .selectFrom('translation_offers as o')
    .innerJoin('practices as p', 'p.id', 'o.practice_id')
    .select(['o.id', 'o.locale', 'o.state', 'o.updated_at', 'p.slug', 'p.title as practice_title'])
    .where('o.translator_id', '=', translatorId)
    .orderBy('o.updated_at', 'desc')
    .orderBy('o.id', 'desc')
    .execute();
}

/** One person's translations with their whole text, oldest first (the copy of their data). */
export async function listOfferTextsOfTranslator(db: Db, translatorId: number) {
  return db
    .selectFrom('translation_offers as o')
    .innerJoin('practices as p', 'p.id', 'o.practice_id')
    .selectAll('o')
    .select('p.slug')
    .where('o.translator_id', '=', translatorId)
    .orderBy('o.id')
    .execute();
}

export async function findTranslatorName(db: Db, userId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('users')
    .select('name')
    .where('id', '=', userId)
    .executeTakeFirst();
  return row?.name;
}

/** Who publishes translations and may be written to: editors and administrators, confirmed. */
export async function listEditorIds(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', 'in', ['editor', 'admin'])
    .where('email_verified_at', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}
