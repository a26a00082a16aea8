import type { Db } from '../../db/connect.ts';
import { cityKey } from '../places/index.ts';
import { listPracticeCities } from '../practices/index.ts';
import type { ConceptKey } from './concept-matcher.ts';
import { CITY_KIND, type LanguageTools } from './language-tools.ts';
import type { PlaceTags } from './query-engine.ts';
import type { PracticeState } from './search-state.ts';

/**
 * The practices of each city, one byte per practice index: read once per state (after content
 * changes) and only by a search that names a city.
 */
const citiesOf = new WeakMap<PracticeState['store'], Promise<Map<string, Uint8Array>>>();

async function cityMasks(db: Db, state: PracticeState): Promise<Map<string, Uint8Array>> {
  let masks = citiesOf.get(state.store);
  if (!masks) {
    masks = listPracticeCities(db).then((rows) => {
      const byCity = new Map<string, Uint8Array>();
      for (const row of rows) {
        const index = state.store.indexOf(row.practice_id);
        if (index === undefined) continue;
        const key = cityKey(row);
        let mask = byCity.get(key);
        if (!mask) {
          mask = new Uint8Array(state.store.size);
          byCity.set(key, mask);
        }
        mask[index] = 1;
      }
      return byCity;
    });
    citiesOf.set(state.store, masks);
    masks.catch(() => citiesOf.delete(state.store));
  }
  return masks;
}

/**
 * What a place named in a query tags: a city, the practices in it and, nearby, those of its
 * country. Countries are facets already (see FACET_OF_SCHEME).
 */
export async function placeTagsFor(
  db: Db,
  state: PracticeState,
  tools: LanguageTools,
  concepts: ConceptKey[],
): Promise<((key: ConceptKey) => PlaceTags | undefined) | undefined> {
  if (!concepts.some((c) => c.kind === CITY_KIND)) return undefined;
  const masks = await cityMasks(db, state);
  const empty = new Uint8Array(state.store.size);
  return (key) => {
    if (key.kind !== CITY_KIND) return undefined;
    const city = tools.cities.get(key.id);
    return {
      tagged: masks.get(key.id) ?? empty,
      near: city ? state.store.maskWith('country', city.countryCode) : empty,
    };
  };
}
