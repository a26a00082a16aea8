// The places module's public surface: the place index (countries, regions, cities), city
// lookups, the places API, and the reference data set up on first start.
export { placeApi } from './place.api.ts';
// Reads and organisation merges with no rule of their own come straight from the repository.
export { findCitiesByIds, listAllCountryNames } from './place.repository.ts';
export {
  type CountryInfo,
  ensurePlaces,
  getPlaceIndex,
  isPlaceName,
  type PlaceIndex,
  type RegionInfo,
  resolveCity,
  suggestCityNames,
} from './place.service.ts';
export { cityKey, listCityNames, type NamedCity } from './place-names.ts';
