import type { PracticePanel } from '../practices/index.ts';
import { listRecommendationsSupportedBy } from './recommendation.service.ts';
import { SupportedRecommendations } from './views/SupportedRecommendations.tsx';

/** The recommendations a practice supports, on the practice page (registered in app.ts). */
export const supportedRecommendationsPanel: PracticePanel = async ({
  db,
  request,
  ctx,
  practice,
}) =>
  SupportedRecommendations({
    ctx,
    items: await listRecommendationsSupportedBy(db, request.locale, practice.id),
  });
