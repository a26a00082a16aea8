// The explore module's public surface: the theme, region and country pages and the countries API.
export { countryApi } from './country.api.ts';
export { placePages } from './place.pages.tsx';
export { themePages } from './theme.pages.tsx';
