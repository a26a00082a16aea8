import type { Insertable, SelectQueryBuilder, Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Database } from '../../db/database.ts';
import { type PracticeSort, SECTION_KEYS } from './practice.model.ts';
import type { PracticeTable, PracticeTranslationTable } from './practice.table.ts';

/** Filters after the service has checked and expanded them: ANDed sets of ORed values. */
export interface PracticeListQuery {
  conceptSets: { scheme: string; ids: string[] }[];
  countrySets: string[][];
  types: string[];
  evidence: string[];
  cityIds?: number[];
  organisationIds?: number[];
  sort: PracticeSort;
  limit: number;
  offset: number;
}

type PracticeSelect = SelectQueryBuilder<Database & { p: PracticeTable }, 'p', object>;

function applyFilters(
  query: PracticeSelect,
  q: Omit<PracticeListQuery, 'sort' | 'limit' | 'offset'>,
): PracticeSelect {
  let result = query.where('p.archived_at', 'is', null);
  for (const set of q.conceptSets) {
    result = result.where((eb) =>
      eb(
        'p.id',
        'in',
        eb
          .selectFrom('practice_concepts')
          .select('practice_id')
          .where('scheme', '=', set.scheme)
          .where('concept_id', 'in', set.ids),
      ),
    );
  }
  for (const set of q.countrySets) result = result.where('p.country_code', 'in', set);
  if (q.types.length > 0) result = result.where('p.type', 'in', q.types);
  if (q.evidence.length > 0) result = result.where('p.evidence_level', 'in', q.evidence);
  if (q.cityIds && q.cityIds.length > 0) result = result.where('p.city_id', 'in', q.cityIds);
  if (q.organisationIds && q.organisationIds.length > 0) {
    const ids = q.organisationIds;
    result = result.where((eb) =>
      eb(
        'p.id',
        'in',
        eb
          .selectFrom('practice_organisations')
          .select('practice_id')
          .where('organisation_id', 'in', ids),
      ),
    );
  }
  return result;
}

export async function listPracticeIds(
  db: Db,
  q: PracticeListQuery,
): Promise<{ ids: number[]; total: number }> {
  const base = applyFilters(db.selectFrom('practices as p'), q);
  const totalRow = await base
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  let page = base.select('p.id');
  if (q.sort === 'title') page = page.orderBy('p.title').orderBy('p.id');
  else if (q.sort === 'start_year')
    page = page.orderBy('p.start_year', (o) => o.desc().nullsLast()).orderBy('p.id', 'desc');
  else page = page.orderBy('p.updated_at', 'desc').orderBy('p.id', 'desc');
  const rows = await page.limit(q.limit).offset(q.offset).execute();
  return { ids: rows.map((r) => r.id), total: Number(totalRow.n) };
}

export async function findPracticesByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('practices').selectAll().where('id', 'in', ids).execute();
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

/** The columns a result card shows: no section texts, which are most of a row's size. */
export async function findCardRowsByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('practices')
    .select([
      'id',
      'slug',
      'title',
      'summary',
      'language',
      'type',
      'city_name',
      'country_code',
      'start_year',
      'end_year',
      'status',
      'evidence_level',
      'illustrative',
      'updated_at',
      'peer_reviewers',
      'peer_reviewed_at',
    ])
    .where('id', 'in', ids)
    .execute();
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

export async function listConceptIdsOfPractices(db: Db, ids: number[], scheme: string) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('practice_concepts')
    .select(['practice_id', 'concept_id', 'position'])
    .where('scheme', '=', scheme)
    .where('practice_id', 'in', ids)
    .execute();
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
 * it was written; a new or changed one is dated now, so readers see how fresh each one is.
 */
export async function replacePracticeTranslations(
  db: Db,
  practiceId: number,
  translations: Omit<Insertable<PracticeTranslationTable>, 'practice_id' | 'translated_at'>[],
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
      translated_at: unchanged ? previous.translated_at : now,
      // An unchanged text keeps its mark of an editor's reading of machine output.
      machine_reviewed: unchanged ? previous.machine_reviewed : (t.machine_reviewed ?? 0),
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

export async function countPractices(db: Db): Promise<number> {
  const row = await db
    .selectFrom('practices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countPracticesByConcept(db: Db, scheme: string) {
  const rows = await db
    .selectFrom('practice_concepts')
    .select(['concept_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('scheme', '=', scheme)
    .groupBy('concept_id')
    .execute();
  return rows.map((r) => ({ id: r.concept_id, count: Number(r.n) }));
}

/** Practices per policy area: a practice with two themes of one area counts once for it. */
export async function countPracticesByPolicyArea(db: Db) {
  const rows = await db
    .selectFrom('practice_concepts as pc')
    .innerJoin('concepts as c', (j) =>
      j.onRef('c.id', '=', 'pc.concept_id').on('c.scheme', '=', 'theme'),
    )
    .select(['c.parent_id', (eb) => eb.fn.count<number>('pc.practice_id').distinct().as('n')])
    .where('pc.scheme', '=', 'theme')
    .where('c.parent_id', 'is not', null)
    .groupBy('c.parent_id')
    .execute();
  return rows.map((r) => ({ id: r.parent_id as string, count: Number(r.n) }));
}

export async function countPracticesByCountry(db: Db) {
  const rows = await db
    .selectFrom('practices')
    .select(['country_code', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('country_code')
    .execute();
  return rows.map((r) => ({ code: r.country_code, count: Number(r.n) }));
}

export async function countPracticesByColumn(
  db: Db,
  column: 'language' | 'type' | 'evidence_level' | 'level' | 'status',
) {
  const rows = await db
    .selectFrom('practices')
    .select([column, (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(column)
    .execute();
  return rows.map((r) => ({
    value: (r as Record<string, unknown>)[column] as string | null,
    count: Number(r.n),
  }));
}

/**
 * One batch of ids in id order, for streaming every practice in constant memory. The public
 * exports pass `excludeArchived`; the command-line export and reindexing take every practice.
 */
export async function listPracticeIdsAfter(
  db: Db,
  afterId: number,
  limit: number,
  options: { excludeArchived?: boolean } = {},
): Promise<number[]> {
  const rows = await db
    .selectFrom('practices')
    .select('id')
    .where('id', '>', afterId)
    .$if(options.excludeArchived === true, (q) => q.where('archived_at', 'is', null))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function countDistinctCities(db: Db): Promise<number> {
  const row = await db
    .selectFrom('practices')
    .select((eb) => eb.fn.count<number>('city_id').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The attributes search filters and counts by, for every practice (no text). */
/** Every listed practice's facets, or those of `ids` alone. */
export async function listFacetRows(db: Db, ids?: number[]) {
  let query = db.selectFrom('practices');
  if (ids) query = query.where('id', 'in', ids.length > 0 ? ids : [0]);
  return (
    query
      .select([
        'id',
        'type',
        'country_code',
        'evidence_level',
        'status',
        'start_year',
        'updated_at',
        'language',
        'peer_reviewers',
        'peer_reviewed_at',
      ])
      // Archived practices keep their page but leave search and every list.
      .where('archived_at', 'is', null)
      .orderBy('id')
      .execute()
  );
}

export async function listAllPracticeConcepts(db: Db, ids?: number[]) {
  let query = db.selectFrom('practice_concepts');
  if (ids) query = query.where('practice_id', 'in', ids.length > 0 ? ids : [0]);
  return query
    .select(['practice_id', 'scheme', 'concept_id'])
    .where('scheme', 'in', ['theme', 'target-group', 'actor-type'])
    .execute();
}

/** Title, summary and sections of practices and of all their translations. */
export async function findTextsByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return { practices: [], translations: [] };
  const [practicesRows, translations] = await Promise.all([
    db
      .selectFrom('practices')
      .select([
        'id',
        'language',
        'title',
        'summary',
        'context',
        'objectives',
        'activities',
        'results',
        'evaluation',
        'lessons',
        'transferability',
        'budget',
      ])
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

/** How many practices (not archived) each of these organisations takes part in. */
export async function countPracticesOfOrganisations(db: Db, organisationIds: number[]) {
  if (organisationIds.length === 0) return [];
  return db
    .selectFrom('practice_organisations as po')
    .innerJoin('practices as p', 'p.id', 'po.practice_id')
    .select([
      'po.organisation_id',
      (eb) => eb.fn.count<number>('po.practice_id').distinct().as('n'),
    ])
    .where('po.organisation_id', 'in', organisationIds)
    .where('p.archived_at', 'is', null)
    .groupBy('po.organisation_id')
    .execute();
}

/**
 * Every listed practice that has a city, with its themes and target groups (one row per
 * concept; a practice without any still has one row, with nulls), for comparing cities.
 */
export async function listCityPracticeConcepts(db: Db) {
  return db
    .selectFrom('practices as p')
    .leftJoin('practice_concepts as c', (j) =>
      j.onRef('c.practice_id', '=', 'p.id').on('c.scheme', 'in', ['theme', 'target-group']),
    )
    .select(['p.id', 'p.city_id', 'c.scheme', 'c.concept_id'])
    .where('p.archived_at', 'is', null)
    .where('p.city_id', 'is not', null)
    .orderBy('p.id')
    .execute();
}

/** Practices per city with coordinates (archived left out), for the maps. */
export async function countPracticesByLocatedCity(db: Db) {
  return db
    .selectFrom('practices as p')
    .innerJoin('cities as c', 'c.id', 'p.city_id')
    .select([
      'c.id',
      'c.name',
      'c.country_code',
      'c.latitude',
      'c.longitude',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('p.archived_at', 'is', null)
    .where('c.latitude', 'is not', null)
    .where('c.longitude', 'is not', null)
    .groupBy(['c.id', 'c.name', 'c.country_code', 'c.latitude', 'c.longitude'])
    .execute();
}

export async function listCityIdsWithPractices(db: Db) {
  return db
    .selectFrom('practices')
    .select('city_id')
    .distinct()
    .where('city_id', 'is not', null)
    .where('archived_at', 'is', null)
    .orderBy('city_id')
    .execute();
}

/** The listed practices a person proposed (their submission was published), newest first. */
export async function listPracticeIdsProposedBy(
  db: Db,
  userId: number,
  limit: number,
): Promise<{ ids: number[]; total: number }> {
  const base = db
    .selectFrom('practices as p')
    .where('p.archived_at', 'is', null)
    .where((eb) =>
      eb(
        'p.id',
        'in',
        eb
          .selectFrom('submissions')
          .select('practice_id')
          .where('author_user_id', '=', userId)
          .where('state', 'in', ['published', 'archived'])
          .where('practice_id', 'is not', null),
      ),
    );
  const [total, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .select('p.id')
      .orderBy('p.updated_at', 'desc')
      .orderBy('p.id', 'desc')
      .limit(limit)
      .execute(),
  ]);
  return { ids: rows.map((r) => r.id), total: Number(total.n) };
}

/**
 * Listed practices readable in each language: those written in it, and those translated into
 * it (counted once when both).
 */
export async function countReadableByLanguage(db: Db) {
  const [total, originals, translations] = await Promise.all([
    db
      .selectFrom('practices')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('archived_at', 'is', null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('practices')
      .select(['language', (eb) => eb.fn.countAll().as('n')])
      .where('archived_at', 'is', null)
      .groupBy('language')
      .execute(),
    db
      .selectFrom('practice_translations as t')
      .innerJoin('practices as p', 'p.id', 't.practice_id')
      .select(['t.locale', (eb) => eb.fn.count('t.practice_id').distinct().as('n')])
      .where('p.archived_at', 'is', null)
      .whereRef('t.locale', '<>', 'p.language')
      .groupBy('t.locale')
      .execute(),
  ]);
  return {
    total: Number(total.n),
    originals: originals.map((r) => ({ language: r.language, count: Number(r.n) })),
    translations: translations.map((r) => ({ language: r.locale, count: Number(r.n) })),
  };
}
