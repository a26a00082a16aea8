// The library module's public surface: its routes, the resource texts and facets search
// indexes, the resource search port, choices, sitemap entries and the founding resources.
export {
  provideResourceSearch,
  RESOURCE_FACETS,
  type ResourceFacet,
  type ResourceHit,
  type ResourceSearchInput,
  type ResourceSearchResult,
} from './library-search.ts';
export { resourceApi } from './resource.api.ts';
export { libraryPages } from './resource.pages.tsx';
export {
  listResourceChoices,
  listResourceFacetRows,
  listResourceIdsAfter,
  listResourceSitemapEntries,
  loadFoundingResources,
  loadResourceTexts,
} from './resource.service.ts';
export { translateFoundingResources } from './resource-editing.service.ts';
