// The review module's public surface: its pages and API.
export { reviewApi } from './review.api.ts';
export { reviewPages } from './review.routes.ts';
