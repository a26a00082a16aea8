import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

export async function addTermCounts(db: Db, counts: Map<string, number>): Promise<void> {
  const rows = [...counts].map(([term, documents]) => ({ term, documents }));
  for (let i = 0; i < rows.length; i += 400) {
    await db
      .insertInto('search_terms')
      .values(rows.slice(i, i + 400))
      .onConflict((oc) =>
        oc.column('term').doUpdateSet((eb) => ({
          documents: sql`${eb.ref('search_terms.documents')} + ${eb.ref('excluded.documents')}`,
        })),
      )
      .execute();
  }
}

export async function clearTerms(db: Db): Promise<void> {
  await db.deleteFrom('search_terms').execute();
}

export async function listTerms(db: Db) {
  return db.selectFrom('search_terms').select(['term', 'documents']).execute();
}

export async function recordChanges(
  db: Db,
  collection: string,
  ids: number[],
  changedAt: string,
): Promise<void> {
  for (let i = 0; i < ids.length; i += 400)
    await db
      .insertInto('search_changes')
      .values(
        ids.slice(i, i + 400).map((item_id) => ({ collection, item_id, changed_at: changedAt })),
      )
      .execute();
}

/** Changes recorded from `since` on, or after the change `afterId`. */
export async function listChangesSince(db: Db, since: string, afterId: number) {
  return db
    .selectFrom('search_changes')
    .select(['id', 'collection', 'item_id'])
    .where((eb) => eb.or([eb('changed_at', '>=', since), eb('id', '>', afterId)]))
    .orderBy('id')
    .execute();
}

export async function lastChangeId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('search_changes')
    .select((eb) => eb.fn.max('id').as('last'))
    .executeTakeFirst();
  return Number(row?.last ?? 0);
}

export async function deleteChangesBefore(db: Db, before: string): Promise<void> {
  await db.deleteFrom('search_changes').where('changed_at', '<', before).execute();
}

export async function findTermCounts(db: Db, terms: string[]) {
  const found: { term: string; documents: number }[] = [];
  for (let i = 0; i < terms.length; i += 400)
    found.push(
      ...(await db
        .selectFrom('search_terms')
        .select(['term', 'documents'])
        .where('term', 'in', terms.slice(i, i + 400))
        .execute()),
    );
  return found;
}

export async function insertSearchLogs(
  db: Db,
  entries: {
    query: string;
    filters: string;
    result_count: number;
    locale: string;
    took_ms: number;
    created_at: string;
  }[],
): Promise<void> {
  for (let i = 0; i < entries.length; i += 200)
    await db
      .insertInto('search_log')
      .values(entries.slice(i, i + 200))
      .execute();
}

/** The most frequent queries in a period, with how often they found nothing. */
export async function listTopQueries(
  db: Db,
  from: string,
  to: string,
  limit: number,
  zeroOnly: boolean,
) {
  let query = db
    .selectFrom('search_log')
    .select([
      'query',
      (eb) => eb.fn.countAll<number>().as('searches'),
      (eb) =>
        eb.fn.sum<number>(sql`case when result_count = 0 then 1 else 0 end`).as('zero_results'),
      (eb) => eb.fn.max('result_count').as('max_results'),
    ])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .where('query', '<>', '')
    .groupBy('query');
  if (zeroOnly) query = query.having((eb) => eb.fn.max('result_count'), '=', 0);
  const rows = await query.orderBy('searches', 'desc').orderBy('query').limit(limit).execute();
  return rows.map((r) => ({
    query: r.query,
    searches: Number(r.searches),
    zeroResults: Number(r.zero_results),
    maxResults: Number(r.max_results),
  }));
}

export async function countSearches(db: Db, from: string, to: string) {
  const row = await db
    .selectFrom('search_log')
    .select([
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.sum<number>(sql`case when result_count = 0 then 1 else 0 end`).as('zero'),
    ])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .executeTakeFirstOrThrow();
  return { searches: Number(row.n), zeroResults: Number(row.zero ?? 0) };
}

/**
 * Searches that found at most two practices in a period, counted per words, language, filters
 * and band (0 for none, 1 for one or two).
 */
export async function countSearchesWithFewResults(db: Db, from: string, to: string) {
  const band = sql<number>`case when result_count = 0 then 0 else 1 end`;
  const rows = await db
    .selectFrom('search_log')
    .select(['query', 'locale', 'filters', band.as('band'), (eb) => eb.fn.countAll().as('n')])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .where('result_count', '<=', 2)
    .where('query', '<>', '')
    .groupBy(['query', 'locale', 'filters', band])
    .execute();
  return rows.map((r) => ({
    query: r.query,
    locale: r.locale,
    filters: r.filters,
    band: Number(r.band),
    searches: Number(r.n),
  }));
}
