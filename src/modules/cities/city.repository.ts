import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { CityFactTable, CityNetworkTable } from './city.table.ts';

export async function listFactsOfCity(db: Db, cityId: number) {
  return db
    .selectFrom('city_facts')
    .selectAll()
    .where('city_id', '=', cityId)
    .orderBy('kind')
    .orderBy('year', 'desc')
    .execute();
}

/** Every population figure entered, for the size of every city at once. */
export async function listPopulationFacts(db: Db) {
  return listFactsOfKind(db, 'population');
}

export async function listFactsOfKind(db: Db, kind: 'population' | 'foreign_born_share') {
  return db
    .selectFrom('city_facts')
    .select(['city_id', 'value', 'year'])
    .where('kind', '=', kind)
    .execute();
}

/** A figure for a kind and year that is already there is replaced (a correction). */
export async function upsertFact(db: Db, row: Insertable<CityFactTable>): Promise<number> {
  const saved = await db
    .insertInto('city_facts')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['city_id', 'kind', 'year']).doUpdateSet({
        value: row.value,
        source_title: row.source_title,
        source_url: row.source_url,
        entered_by: row.entered_by,
        entered_at: row.entered_at,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return saved.id;
}

export async function deleteFact(db: Db, cityId: number, factId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('city_facts')
    .where('id', '=', factId)
    .where('city_id', '=', cityId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listNetworksOfCity(db: Db, cityId: number) {
  return db
    .selectFrom('city_networks')
    .selectAll()
    .where('city_id', '=', cityId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** A network the city is already listed in keeps one row; its address is updated. */
export async function upsertNetwork(db: Db, row: Insertable<CityNetworkTable>): Promise<number> {
  const saved = await db
    .insertInto('city_networks')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['city_id', 'name']).doUpdateSet({
        url: row.url,
        entered_by: row.entered_by,
        entered_at: row.entered_at,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return saved.id;
}

export async function deleteNetwork(db: Db, cityId: number, networkId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('city_networks')
    .where('id', '=', networkId)
    .where('city_id', '=', cityId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
