// The search module's public surface: its routes, practice search with its facets and filters,
// resource search, the indexer for content writes and reindexing, and the search log.
export { FACETS, type Facet } from './facet-store.ts';
export {
  DISPLAY_FACETS,
  type FacetValue,
  findPracticeCards,
  type SearchFilters,
  type SearchResult,
  search,
} from './practice-search.service.ts';
export { searchResources } from './resource-search.service.ts';
export { searchApi } from './search.api.ts';
export { SearchQuery, searchFiltersFrom } from './search.model.ts';
export { searchPages } from './search.pages.tsx';
export { indexContentWrites, reindexAll } from './search-indexer.service.ts';
export {
  type FewResultsQuery,
  flushSearchLog,
  listQueriesWithFewResults,
  searchReport,
} from './search-log.service.ts';
