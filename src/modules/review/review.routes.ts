import type { TypedApp } from '../../core/http/typed-app.ts';
import { callPages } from './call.pages.tsx';
import { editorialPages } from './editorial.pages.tsx';
import { reviewerPages } from './reviewer.pages.tsx';
import { submissionPages } from './submission.pages.tsx';

export interface ReviewPagesOptions {
  /** What waits in the discussions' moderation queue, shown on the editors' dashboard. */
  moderationCounts?: () => Promise<{ held: number; reported: number }>;
  /** How many members' translations wait for the editors, shown on their dashboard. */
  translationCount?: () => Promise<number>;
  /** How many cities' self-assessments wait for the editors, shown on their dashboard. */
  assessmentCount?: () => Promise<number>;
}

/** The review module's pages, one plugin per audience. */
export async function reviewPages(app: TypedApp, options: ReviewPagesOptions = {}) {
  await app.register(submissionPages);
  await app.register(reviewerPages);
  await app.register(editorialPages, options);
  await app.register(callPages);
}
