import type { SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Database } from '../../db/database.ts';
import type { PracticeSort } from './practice.model.ts';
import type { PracticeTable } from './practice.table.ts';

/**
 * Practice ids and the light rows lists are made of: the filtered list, cards, batches in id
 * order, the facets search counts by, a city's or a proposer's practices. The record itself is
 * read and written in practice.repository.ts, counts are in practice-count.repository.ts.
 */

/** Filters after the service has checked and expanded them: ANDed sets of ORed values. */
export interface PracticeListQuery {
  conceptSets: { scheme: string; ids: string[] }[];
  countrySets: string[][];
  types: string[];
  evidence: string[];
  /** Only practices peer reviewed (true) or only those not (false); see peer-review.ts. */
  peerReviewed?: boolean;
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
  if (q.peerReviewed === true)
    result = result.where('p.peer_reviewed_at', 'is not', null).where('p.peer_reviewers', '>', 0);
  if (q.peerReviewed === false)
    result = result.where((eb) =>
      eb.or([
        eb('p.peer_reviewed_at', 'is', null),
        eb('p.peer_reviewers', 'is', null),
        eb('p.peer_reviewers', '<=', 0),
      ]),
    );
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

/** The city of each listed practice that has one, with the city's GeoNames id. */
export async function listPracticeCities(db: Db) {
  return db
    .selectFrom('practices as p')
    .innerJoin('cities as c', 'c.id', 'p.city_id')
    .select(['p.id as practice_id', 'c.id', 'c.geonames_id'])
    .where('p.archived_at', 'is', null)
    .execute();
}

export async function listAllPracticeConcepts(db: Db, ids?: number[]) {
  let query = db.selectFrom('practice_concepts');
  if (ids) query = query.where('practice_id', 'in', ids.length > 0 ? ids : [0]);
  return query
    .select(['practice_id', 'scheme', 'concept_id'])
    .where('scheme', 'in', ['theme', 'target-group', 'actor-type'])
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
