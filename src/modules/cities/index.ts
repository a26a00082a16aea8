// The cities module's public surface: the city profile pages and API.
export { cityApi } from './city.api.ts';
export { cityPages } from './city.pages.tsx';
