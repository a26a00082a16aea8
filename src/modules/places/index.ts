// The places module's public surface: the place index (countries, regions, cities), city
// lookups, the places API, and the reference data set up on first start.
export { placeApi } from './place.api.ts';
export {
  type CountryInfo,
  ensurePlaces,
  findCitiesByIds,
  getPlaceIndex,
  isPlaceName,
  listAllCountryNames,
  type PlaceIndex,
  type RegionInfo,
  resolveCity,
  suggestCityNames,
} from './place.service.ts';
