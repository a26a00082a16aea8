// The press module's public surface: its routes, the event press panel, news lists, sitemap
// entries, the founding press release and the mover for an organisation merge.
export { newsApi } from './news.api.ts';
export { pressPages } from './news.pages.tsx';
export { eventPressPanel } from './news.panels.ts';
// Reads and organisation merges with no rule of their own come straight from the repository.
export {
  listNewsSitemapEntries,
  moveOrganisationLinks as moveNewsToOrganisation,
} from './news.repository.ts';
export {
  listNews,
  loadFoundingPressRelease,
  type NewsSummary,
  type NewsTranslationText,
  translateFoundingPressRelease,
} from './news.service.ts';
