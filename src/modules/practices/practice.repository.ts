import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { SECTION_KEYS } from './practice.model.ts';
import type { PracticeTable, PracticeTranslationTable } from './practice.table.ts';

/**
 * The practice record: one practice found and written with its concepts, organisations,
 * sources, translations and files. Lists are in practice-list.repository.ts, counts in
 * practice-count.repository.ts.
 */

export async function findPracticesByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('practices').selectAll().where('id', 'in', ids).execute();
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

export async function findPracticeBySlug(db: Db, slug: string) {
  return db.selectFrom('practices').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findPracticeById(db: Db, id: number) {
  return db.selectFrom('practices').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPracticeByExternalId(db: Db, externalId: string) {
  return db
    .selectFrom('practices')
    .selectAll()
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export async function findPracticeIdByTitleAndCountry(db: Db, title: string, countryCode: string) {
  const row = await db
    .selectFrom('practices')
    .select(['id', 'slug', 'external_id'])
    .where('title', '=', title)
    .where('country_code', '=', countryCode)
    .executeTakeFirst();
  return row;
}

export async function practiceSlugExists(db: Db, slug: string): Promise<boolean> {
  return (
    (await db.selectFrom('practices').select('id').where('slug', '=', slug).executeTakeFirst()) !==
    undefined
  );
}

export async function insertPractice(db: Db, row: Insertable<PracticeTable>): Promise<number> {
  const inserted = await db
    .insertInto('practices')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updatePractice(
  db: Db,
  id: number,
  changes: Updateable<PracticeTable>,
): Promise<void> {
  await db.updateTable('practices').set(changes).where('id', '=', id).execute();
}

export async function replacePracticeConcepts(
  db: Db,
  practiceId: number,
  concepts: { scheme: string; concept_id: string }[],
): Promise<void> {
  await db.deleteFrom('practice_concepts').where('practice_id', '=', practiceId).execute();
  if (concepts.length === 0) return;
  await db
    .insertInto('practice_concepts')
    .values(
      concepts.map((c, position) => ({
        practice_id: practiceId,
        scheme: c.scheme,
        concept_id: c.concept_id,
        position,
      })),
    )
    .execute();
}

export async function replacePracticeOrganisations(
  db: Db,
  practiceId: number,
  links: { organisation_id: number; role: string }[],
): Promise<void> {
  await db.deleteFrom('practice_organisations').where('practice_id', '=', practiceId).execute();
  if (links.length === 0) return;
  await db
    .insertInto('practice_organisations')
    .values(
      links.map((l, position) => ({
        practice_id: practiceId,
        organisation_id: l.organisation_id,
        role: l.role,
        position,
      })),
    )
    .execute();
}

export async function replacePracticeSources(
  db: Db,
  practiceId: number,
  sources: { title: string | null; url: string }[],
): Promise<void> {
  await db.deleteFrom('practice_sources').where('practice_id', '=', practiceId).execute();
  if (sources.length === 0) return;
  await db
    .insertInto('practice_sources')
    .values(
      sources.map((s, position) => ({
        practice_id: practiceId,
        position,
        title: s.title,
        url: s.url,
      })),
    )
    .execute();
}

/**
 * Replaces the translations of a practice. A translation whose text is unchanged keeps the date
 * it was written; a new or changed one is dated now, so readers see how fresh each one is. A date
 * or a machine-review mark given with a translation (an imported file says when and how it was
 * written) is kept as given.
 */
export async function replacePracticeTranslations(
  db: Db,
  practiceId: number,
  translations: (Omit<Insertable<PracticeTranslationTable>, 'practice_id' | 'translated_at'> & {
    translated_at?: string;
  })[],
  now: string = new Date().toISOString(),
): Promise<void> {
  const before = await db
    .selectFrom('practice_translations')
    .selectAll()
    .where('practice_id', '=', practiceId)
    .execute();
  await db.deleteFrom('practice_translations').where('practice_id', '=', practiceId).execute();
  if (translations.length === 0) return;
  const dated = translations.map((t) => {
    const previous = before.find((b) => b.locale === t.locale);
    const unchanged =
      previous !== undefined &&
      TRANSLATED_COLUMNS.every((column) => (previous[column] ?? null) === (t[column] ?? null));
    return {
      ...t,
      practice_id: practiceId,
      translated_at: t.translated_at ?? (unchanged ? previous.translated_at : now),
      // An unchanged text keeps its mark of an editor's reading of machine output.
      machine_reviewed: t.machine_reviewed ?? (unchanged ? previous.machine_reviewed : 0),
    };
  });
  await db.insertInto('practice_translations').values(dated).execute();
}

const TRANSLATED_COLUMNS = ['title', 'summary', ...SECTION_KEYS] as const;

/** Writes one language's translation of a practice, replacing the one it had. */
export async function upsertPracticeTranslation(
  db: Db,
  row: Insertable<PracticeTranslationTable>,
): Promise<void> {
  await db
    .deleteFrom('practice_translations')
    .where('practice_id', '=', row.practice_id)
    .where('locale', '=', row.locale)
    .execute();
  await db.insertInto('practice_translations').values(row).execute();
}

export async function listConceptsOfPractices(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('practice_concepts')
    .select(['practice_id', 'scheme', 'concept_id'])
    .where('practice_id', 'in', ids)
    .orderBy('practice_id')
    .orderBy('scheme')
    .orderBy('position')
    .execute();
}

export async function listOrganisationsOfPractices(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('practice_organisations as po')
    .innerJoin('organisations as o', 'o.id', 'po.organisation_id')
    .select(['po.practice_id', 'po.role', 'o.id', 'o.slug', 'o.name', 'o.type', 'o.website'])
    .where('po.practice_id', 'in', ids)
    .orderBy('po.practice_id')
    .orderBy('po.position')
    .execute();
}

export async function listSourcesOfPractices(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('practice_sources')
    .select(['practice_id', 'title', 'url'])
    .where('practice_id', 'in', ids)
    .orderBy('practice_id')
    .orderBy('position')
    .execute();
}

export async function listTranslationsOfPractices(db: Db, ids: number[], locale?: string) {
  if (ids.length === 0) return [];
  let query = db.selectFrom('practice_translations').selectAll().where('practice_id', 'in', ids);
  if (locale) query = query.where('locale', '=', locale);
  return query.orderBy('practice_id').orderBy('locale').execute();
}

/** Which languages practices are translated into, when and how: no text, so lists stay light. */
export async function listTranslationStatesOfPractices(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('practice_translations')
    .select(['practice_id', 'locale', 'translated_at', 'machine_reviewed'])
    .where('practice_id', 'in', ids)
    .orderBy('practice_id')
    .orderBy('locale')
    .execute();
}

/** Title, summary and sections of practices and of all their translations. */
export async function findTextsByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return { practices: [], translations: [] };
  const [practicesRows, translations] = await Promise.all([
    db
      .selectFrom('practices')
      .select(['id', 'language', 'title', 'summary', ...SECTION_KEYS])
      .where('id', 'in', ids)
      .execute(),
    db.selectFrom('practice_translations').selectAll().where('practice_id', 'in', ids).execute(),
  ]);
  return { practices: practicesRows, translations };
}

/** Who proposed a practice through review (and so may propose its next versions), if anyone. */
export async function findProposerOfPractice(db: Db, practiceId: number) {
  const row = await db
    .selectFrom('submissions')
    .select('author_user_id')
    .where('practice_id', '=', practiceId)
    .where('state', 'in', ['published', 'archived'])
    .orderBy('id')
    .executeTakeFirst();
  return row?.author_user_id ?? undefined;
}

export async function listFilesOfPractice(db: Db, practiceId: number) {
  return db
    .selectFrom('practice_files')
    .innerJoin('files', 'files.id', 'practice_files.file_id')
    .select(['files.id', 'files.original_name', 'files.media_type', 'files.size', 'files.web_key'])
    .where('practice_files.practice_id', '=', practiceId)
    .orderBy('practice_files.position')
    .execute();
}

/** Whether a file is shown with a practice, so anyone may read it. */
export async function isFileOfAnyPractice(db: Db, fileId: number): Promise<boolean> {
  const row = await db
    .selectFrom('practice_files')
    .select('practice_id')
    .where('file_id', '=', fileId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listFileIdsOf(db: Db, practiceId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('practice_files')
    .select('file_id')
    .where('practice_id', '=', practiceId)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.file_id);
}

export async function replacePracticeFiles(
  db: Db,
  practiceId: number,
  fileIds: number[],
): Promise<void> {
  await db.deleteFrom('practice_files').where('practice_id', '=', practiceId).execute();
  if (fileIds.length > 0)
    await db
      .insertInto('practice_files')
      .values(fileIds.map((file_id, position) => ({ practice_id: practiceId, file_id, position })))
      .execute();
}
