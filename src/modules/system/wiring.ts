import { observeContentWrites } from '../../core/content-writes.ts';
import { provideDeletionKeepers } from '../accounts/index.ts';
import { moveFollowsToOrganisation } from '../alerts/index.ts';
import { keepAssessmentMessagesOfDeletedAccount } from '../assessment/index.ts';
import { moveContactSettingToOrganisation } from '../contact/index.ts';
import { provideOrganisationMovers } from '../directory/index.ts';
import { moveEventsToOrganisation } from '../events/index.ts';
import { provideResourceSearch } from '../library/index.ts';
import { moveProfilesToOrganisation } from '../people/index.ts';
import { movePracticesToOrganisation } from '../practices/index.ts';
import { moveNewsToOrganisation } from '../press/index.ts';
import { providePracticeFinder } from '../recommendations/index.ts';
import { forgetContactOfDeletedAuthor, keepReviewsOfDeletedAccount } from '../review/index.ts';
import { findPracticeCards, indexContentWrites, searchResources } from '../search/index.ts';

/**
 * Connects the modules that answer to the lower modules that ask, which cannot import them:
 * search indexes what content modules write (in their transaction) and answers the library's
 * and the recommendations' searches; the modules that link to organisations move their links
 * when the directory merges two; the review module keeps a deleted reviewer's reviews on the
 * record and forgets a deleted author's contact, and a city's exchange with the editors about its
 * self-assessment keeps a deleted person's messages. Every kind of process calls this before it reads or writes
 * content — the server (buildApp), every command and benchmark (through prepareDatabase), the
 * test helpers — and calling it again changes nothing.
 */
export function wireModules(): void {
  observeContentWrites(indexContentWrites);
  provideResourceSearch(searchResources);
  providePracticeFinder(findPracticeCards);
  provideDeletionKeepers([
    keepReviewsOfDeletedAccount,
    forgetContactOfDeletedAuthor,
    keepAssessmentMessagesOfDeletedAccount,
  ]);
  provideOrganisationMovers([
    movePracticesToOrganisation,
    moveEventsToOrganisation,
    moveNewsToOrganisation,
    moveProfilesToOrganisation,
    moveContactSettingToOrganisation,
    moveFollowsToOrganisation,
  ]);
}
