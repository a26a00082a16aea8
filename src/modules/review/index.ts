// The review module's public surface: its pages and API, and what it keeps of a deleted account.
export { reviewApi } from './review.api.ts';
export { reviewPages } from './review.routes.ts';
export {
  forgetContactOfDeletedAuthor,
  keepReviewsOfDeletedAccount,
} from './review-assignment.service.ts';
