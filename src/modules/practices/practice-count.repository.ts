import type { Db } from '../../db/connect.ts';

/** Practices counted: in all, by concept, place, attribute, organisation and readable language. */

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

export async function countDistinctCities(db: Db): Promise<number> {
  const row = await db
    .selectFrom('practices')
    .select((eb) => eb.fn.count<number>('city_id').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
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
