import type { PracticePanel } from '../practices/index.ts';
import type { RecommendationPanel } from '../recommendations/index.ts';
import { getThread } from './discussion.service.ts';
import { DiscussionSection } from './views/DiscussionSection.tsx';

/** The questions and comments on a practice, at the end of its page (registered in app.ts). */
export const practiceDiscussionPanel: PracticePanel = async ({ db, request, ctx, practice }) =>
  DiscussionSection({
    ctx,
    thread: await getThread(db, request.actor, request.locale, {
      kind: 'practice',
      id: practice.id,
      slug: practice.slug,
    }),
  });

/** The questions and comments on a recommendation, at the end of its page. */
export const recommendationDiscussionPanel: RecommendationPanel = async ({
  db,
  request,
  ctx,
  recommendation,
}) =>
  DiscussionSection({
    ctx,
    thread: await getThread(db, request.actor, request.locale, {
      kind: 'recommendation',
      id: recommendation.id,
      slug: recommendation.slug,
    }),
  });
