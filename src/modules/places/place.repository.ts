import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import type { CountrySeed, RegionSeed } from './reference-data.ts';

export async function upsertRegions(db: Db, seeds: RegionSeed[]): Promise<void> {
  // Parents first, so the self-reference holds while inserting.
  const ordered = [...seeds].sort((a, b) => a.level - b.level);
  for (const seed of ordered) {
    await db
      .insertInto('regions')
      .values({ code: seed.code, parent_code: seed.parentCode, level: seed.level })
      .onConflict((oc) =>
        oc.column('code').doUpdateSet({ parent_code: seed.parentCode, level: seed.level }),
      )
      .execute();
  }
  const translations = seeds.flatMap((seed) =>
    Object.entries(seed.names).map(([locale, name]) => ({ region_code: seed.code, locale, name })),
  );
  await db
    .insertInto('region_translations')
    .values(translations)
    .onConflict((oc) =>
      oc
        .columns(['region_code', 'locale'])
        .doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })),
    )
    .execute();
}

export async function upsertCountries(db: Db, seeds: CountrySeed[]): Promise<void> {
  const rows = seeds.map((s) => ({
    code: s.code,
    alpha3: s.alpha3,
    numeric_code: s.numericCode,
    region_code: s.regionCode,
    subregion_code: s.subregionCode,
    intermediate_region_code: s.intermediateRegionCode,
  }));
  await db
    .insertInto('countries')
    .values(rows)
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        alpha3: eb.ref('excluded.alpha3'),
        numeric_code: eb.ref('excluded.numeric_code'),
        region_code: eb.ref('excluded.region_code'),
        subregion_code: eb.ref('excluded.subregion_code'),
        intermediate_region_code: eb.ref('excluded.intermediate_region_code'),
      })),
    )
    .execute();
  const translations = seeds.flatMap((s) =>
    Object.entries(s.names).map(([locale, { name, synonyms }]) => ({
      country_code: s.code,
      locale,
      name,
      synonyms: synonyms.join('|'),
    })),
  );
  for (let i = 0; i < translations.length; i += 500) {
    await db
      .insertInto('country_translations')
      .values(translations.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(['country_code', 'locale']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          synonyms: eb.ref('excluded.synonyms'),
        })),
      )
      .execute();
  }
}

export interface CountryListing {
  code: string;
  name: string;
  synonyms: string;
  regionCode: string | null;
  subregionCode: string | null;
  intermediateRegionCode: string | null;
}

export async function listCountries(db: Db, locale: Locale): Promise<CountryListing[]> {
  const rows = await db
    .selectFrom('countries as c')
    .innerJoin('country_translations as t', (j) =>
      j.onRef('t.country_code', '=', 'c.code').on('t.locale', '=', locale),
    )
    .select([
      'c.code',
      't.name',
      't.synonyms',
      'c.region_code',
      'c.subregion_code',
      'c.intermediate_region_code',
    ])
    .orderBy('t.name')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    synonyms: r.synonyms,
    regionCode: r.region_code,
    subregionCode: r.subregion_code,
    intermediateRegionCode: r.intermediate_region_code,
  }));
}

export interface RegionListing {
  code: string;
  parentCode: string | null;
  level: number;
  name: string;
}

export async function listRegions(db: Db, locale: Locale): Promise<RegionListing[]> {
  const rows = await db
    .selectFrom('regions as r')
    .innerJoin('region_translations as t', (j) =>
      j.onRef('t.region_code', '=', 'r.code').on('t.locale', '=', locale),
    )
    .select(['r.code', 'r.parent_code', 'r.level', 't.name'])
    .orderBy('r.level')
    .orderBy('t.name')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    parentCode: r.parent_code,
    level: r.level,
    name: r.name,
  }));
}

export async function countCountries(db: Db): Promise<number> {
  const row = await db
    .selectFrom('countries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findCityByGeonamesId(db: Db, geonamesId: number) {
  return db
    .selectFrom('cities')
    .selectAll()
    .where('geonames_id', '=', geonamesId)
    .executeTakeFirst();
}

export async function findUnmatchedCity(db: Db, countryCode: string, name: string) {
  return db
    .selectFrom('cities')
    .selectAll()
    .where('country_code', '=', countryCode)
    .where('name', '=', name)
    .where('geonames_id', 'is', null)
    .executeTakeFirst();
}

export async function insertCity(
  db: Db,
  city: {
    geonames_id: number | null;
    name: string;
    country_code: string;
    latitude: number | null;
    longitude: number | null;
    population: number | null;
    created_at: string;
  },
): Promise<number> {
  const row = await db.insertInto('cities').values(city).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findCitiesByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('cities').selectAll().where('id', 'in', ids).execute();
}

/** Names and other names of every country in every language, for recognising them in text. */
export async function listAllCountryNames(db: Db) {
  return db
    .selectFrom('country_translations')
    .select(['country_code', 'locale', 'name', 'synonyms'])
    .execute();
}

/** Every city row, for recognising cities' names in a search. */
export async function listCities(db: Db) {
  return db
    .selectFrom('cities')
    .select(['id', 'geonames_id', 'name', 'country_code', 'population'])
    .execute();
}
