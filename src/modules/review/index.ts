// The review module's public surface: its pages and API, and what it keeps of a deleted account.
export { reviewsDataSection, submissionsDataSection } from './account-data.ts';
export { reviewApi } from './review.api.ts';
export { reviewPages } from './review.routes.ts';
export {
  forgetContactOfDeletedAuthor,
  keepReviewsOfDeletedAccount,
} from './review-assignment.service.ts';
