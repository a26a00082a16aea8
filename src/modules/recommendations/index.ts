// The recommendations module's public surface: its routes and panel, recommendation cards
// for discussions, the practice finder port, sitemap entries and the demonstration set.
export { providePracticeFinder } from './practice-finder.ts';
export { recommendationApi } from './recommendation.api.ts';
export { recommendationPages } from './recommendation.pages.tsx';
export { supportedRecommendationsPanel } from './recommendation.panels.ts';
// Reads and organisation merges with no rule of their own come straight from the repository.
export { listRecommendationSitemapEntries } from './recommendation.repository.ts';
export {
  findRecommendationCards,
  findRecommendationId,
} from './recommendation.service.ts';
export type { RecommendationPanel } from './recommendation.slots.ts';
export {
  type DemoRecommendation,
  loadDemoRecommendations,
  translateDemoRecommendations,
} from './recommendation-editing.service.ts';
