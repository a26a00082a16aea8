import { observeContentWrites } from '../../core/content-writes.ts';
import { moveFollowsToOrganisation } from '../alerts/alert.service.ts';
import { moveContactSettingToOrganisation } from '../contact/contact.service.ts';
import { provideOrganisationMovers } from '../directory/organisation-merge.ts';
import { moveEventsToOrganisation } from '../events/event.service.ts';
import { provideResourceSearch } from '../library/library-search.ts';
import { moveProfilesToOrganisation } from '../people/people.service.ts';
import { movePracticesToOrganisation } from '../practices/practice.service.ts';
import { moveNewsToOrganisation } from '../press/news.service.ts';
import { providePracticeFinder } from '../recommendations/practice-finder.ts';
import { findPracticeCards } from '../search/practice-search.service.ts';
import { searchResources } from '../search/resource-search.service.ts';
import { indexContentWrites } from '../search/search-indexer.service.ts';

/**
 * Connects the modules that answer to the lower modules that ask, which cannot import them:
 * search indexes what content modules write (in their transaction) and answers the library's
 * and the recommendations' searches; the modules that link to organisations move their links
 * when the directory merges two. Every kind of process calls this before it reads or writes
 * content — the server (buildApp), every command and benchmark (through prepareDatabase), the
 * test helpers — and calling it again changes nothing.
 */
export function wireModules(): void {
  observeContentWrites(indexContentWrites);
  provideResourceSearch(searchResources);
  providePracticeFinder(findPracticeCards);
  provideOrganisationMovers([
    movePracticesToOrganisation,
    moveEventsToOrganisation,
    moveNewsToOrganisation,
    moveProfilesToOrganisation,
    moveContactSettingToOrganisation,
    moveFollowsToOrganisation,
  ]);
}
