// The cities module's public surface: the city pages and API, how alike cities are, and what a
// person wrote of their city's profile in the copy of their account data.
export { cityApi } from './city.api.ts';
export { cityPages } from './city.pages.tsx';
export { listCityTraits, similarityToCity } from './city.service.ts';
export type { CityPanel } from './city.slots.ts';
export { cityProfilesDataSection } from './city-profile.service.ts';
export { type ForeignBornBand, foreignBornBandOf } from './city-similarity.ts';
