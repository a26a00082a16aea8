// The press module's public surface: its routes, the event press panel, news lists, sitemap
// entries, the founding press release and the mover for an organisation merge.
export { newsApi } from './news.api.ts';
export { pressPages } from './news.pages.tsx';
export { eventPressPanel } from './news.panels.ts';
export {
  listNews,
  listNewsSitemapEntries,
  loadFoundingPressRelease,
  moveNewsToOrganisation,
  type NewsSummary,
  type NewsTranslationText,
  translateFoundingPressRelease,
} from './news.service.ts';
