// The library module's public surface: its routes, the resource texts and facets search
// indexes, the resource search port, choices, sitemap entries, the founding and demo resources.

export { type DemoResources, loadDemoResources } from './demo-resources.ts';
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
// Reads and organisation merges with no rule of their own come straight from the repository.
export {
  listIdsAfter as listResourceIdsAfter,
  listResourceSitemapEntries,
} from './resource.repository.ts';
export {
  listResourceChoices,
  listResourceFacetRows,
  loadFoundingResources,
  loadResourceTexts,
} from './resource.service.ts';
export { translateFoundingResources } from './resource-editing.service.ts';
