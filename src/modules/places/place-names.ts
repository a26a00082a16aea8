import { readFileSync } from 'node:fs';
import { foldText } from '../../core/text.ts';
import type { Db } from '../../db/connect.ts';
import * as places from './place.repository.ts';

/**
 * Cities a search recognises by name, with their names in the scripts of the six languages
 * ("Berlin", "Берлин", "برلين", "柏林"): every city of the cities table (the places of practices
 * and of cities' profiles), and the world's largest cities even where no practice is, so that
 * "housing Berlin" means Germany in a collection without a practice in Berlin.
 *
 *   await listCityNames(db) // [{ key: 'g2950159', countryCode: 'DE', names: ['Berlin', 'Берлин', …] }, …]
 *
 * The names come from `data/city-names.json`, built by `scripts/build-city-names.ts` from GeoNames
 * (cities of 100,000 inhabitants or more); a smaller city of the table is known by the name it has
 * there. A name that several cities share belongs to the most populous.
 */
export interface NamedCity {
  /** `g` and the GeoNames id, or `c` and the city's row id when the gazetteer does not know it. */
  key: string;
  countryCode: string;
  /** The city's name as the gazetteer writes it. */
  name: string;
  names: string[];
}

/** Cities this large are recognised even where no practice is. */
const KNOWN_EVERYWHERE = 1_000_000;

type Entry = [number, string, number, string[]];

let file: Map<number, { countryCode: string; population: number; names: string[] }> | undefined;

function namesFile() {
  if (!file) {
    const entries = JSON.parse(
      readFileSync(new URL('./data/city-names.json', import.meta.url), 'utf8'),
    ) as Entry[];
    file = new Map(
      entries.map(([id, countryCode, population, names]) => [
        id,
        { countryCode, population, names },
      ]),
    );
  }
  return file;
}

/** The key a city row is recognised and tagged by: its GeoNames id, or its own id without one. */
export function cityKey(city: { id: number; geonames_id: number | null }): string {
  return city.geonames_id === null ? `c${city.id}` : `g${city.geonames_id}`;
}

export async function listCityNames(db: Db): Promise<NamedCity[]> {
  const rows = await places.listCities(db);
  const known = namesFile();
  const cities = new Map<string, NamedCity & { population: number }>();
  for (const row of rows) {
    const entry = row.geonames_id === null ? undefined : known.get(row.geonames_id);
    // A city of the names file is known by the names kept there: its gazetteer name is left out
    // when it is a common word ("Nice").
    cities.set(cityKey(row), {
      key: cityKey(row),
      countryCode: row.country_code,
      name: row.name,
      names: entry ? entry.names : [row.name],
      population: row.population ?? entry?.population ?? 0,
    });
  }
  for (const [id, entry] of known) {
    if (entry.population < KNOWN_EVERYWHERE || cities.has(`g${id}`)) continue;
    cities.set(`g${id}`, {
      key: `g${id}`,
      countryCode: entry.countryCode,
      name: entry.names[0] ?? String(id),
      names: entry.names,
      population: entry.population,
    });
  }
  // Each name to the most populous city that has it.
  const owner = new Map<string, { key: string; population: number }>();
  for (const city of cities.values())
    for (const name of city.names) {
      const folded = foldText(name);
      const current = owner.get(folded);
      if (!current || current.population < city.population)
        owner.set(folded, { key: city.key, population: city.population });
    }
  return [...cities.values()].map(({ population: _, ...city }) => ({
    ...city,
    names: city.names.filter((n) => owner.get(foldText(n))?.key === city.key),
  }));
}
