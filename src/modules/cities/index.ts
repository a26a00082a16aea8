// The cities module's public surface: the city profile pages and API, and how alike cities are.
export { cityApi } from './city.api.ts';
export { cityPages } from './city.pages.tsx';
export { listCityTraits, similarityToCity } from './city.service.ts';
export type { CityPanel } from './city.slots.ts';
