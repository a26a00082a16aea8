// The recommendations module's public surface: its routes and panel, recommendation cards
// for discussions, the practice finder port, sitemap entries and the demonstration set.
export { providePracticeFinder } from './practice-finder.ts';
export { recommendationApi } from './recommendation.api.ts';
export { recommendationPages } from './recommendation.pages.tsx';
export { supportedRecommendationsPanel } from './recommendation.panels.ts';
export {
  findRecommendationCards,
  findRecommendationId,
  listRecommendationSitemapEntries,
} from './recommendation.service.ts';
export type { RecommendationPanel } from './recommendation.slots.ts';
export {
  type DemoRecommendation,
  loadDemoRecommendations,
  translateDemoRecommendations,
} from './recommendation-editing.service.ts';
