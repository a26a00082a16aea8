import type { TypedApp } from '../../core/http/typed-app.ts';
import { callPages } from './call.pages.tsx';
import { editorialPages } from './editorial.pages.tsx';
import { reviewerPages } from './reviewer.pages.tsx';
import { submissionPages } from './submission.pages.tsx';

/** The review module's pages, one plugin per audience. */
export async function reviewPages(app: TypedApp) {
  await app.register(submissionPages);
  await app.register(reviewerPages);
  await app.register(editorialPages);
  await app.register(callPages);
}
