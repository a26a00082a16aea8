// The review module's public surface: its pages and API, what it keeps of a deleted account, and
// the funnel and reviewers' load the editors' insights show.
export { reviewsDataSection, submissionsDataSection } from './account-data.ts';
export { reviewApi } from './review.api.ts';
export { reviewPages } from './review.routes.ts';
export {
  forgetContactOfDeletedAuthor,
  keepReviewsOfDeletedAccount,
} from './review-assignment.service.ts';
export {
  FUNNEL_STEPS,
  type FunnelRow,
  type FunnelStep,
  getReviewerLoad,
  getSubmissionFunnel,
  type ReviewerLoad,
} from './review-insights.service.ts';
