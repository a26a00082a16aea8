import type { Migration, MigrationProvider } from 'kysely';
import * as repositoryCore from './2026-11-28-01-repository-core.ts';
import * as search from './2026-11-28-02-search.ts';
import * as accounts from './2026-11-28-03-accounts.ts';
import * as review from './2026-11-28-04-review.ts';
import * as events from './2026-12-04-01-events.ts';
import * as press from './2026-12-04-02-press.ts';
import * as directory from './2026-12-04-03-directory.ts';
import * as library from './2026-12-04-04-library.ts';
import * as recommendations from './2026-12-04-05-recommendations.ts';
import * as cities from './2026-12-04-06-cities.ts';
import * as shortlists from './2026-12-04-07-shortlists.ts';
import * as people from './2026-12-04-08-people.ts';
import * as contact from './2026-12-04-09-contact.ts';
import * as discussions from './2026-12-04-10-discussions.ts';
import * as alerts from './2026-12-04-11-alerts.ts';
import * as peopleOrganisationName from './2026-12-08-01-people-organisation-name.ts';
import * as organisationInvitations from './2026-12-08-02-organisation-invitations.ts';
import * as organisationChanges from './2026-12-08-03-organisation-changes.ts';
import * as idempotencyKeys from './2026-12-08-04-idempotency-keys.ts';
import * as exportDumps from './2026-12-08-05-export-dumps.ts';
import * as publishOverride from './2026-12-08-06-publish-override.ts';
import * as practicePeerReview from './2026-12-08-07-practice-peer-review.ts';
import * as submissionRounds from './2026-12-08-08-submission-rounds.ts';
import * as deletedAccounts from './2026-12-08-09-deleted-accounts.ts';
import * as reviewDrafts from './2026-12-08-10-review-drafts.ts';
import * as practiceTranslationDates from './2026-12-09-01-practice-translation-dates.ts';
import * as contentTranslationDates from './2026-12-09-30-content-translation-dates.ts';
import * as searchChanges from './2026-12-09-40-search-changes.ts';
import * as organisationClaims from './2026-12-09-80-organisation-claims.ts';
import * as translationOffers from './2026-12-09-90-translation-offers.ts';
import * as assessments from './2026-12-10-01-assessments.ts';
import * as cityProfiles from './2026-12-10-20-city-profiles.ts';
import * as eventAllDay from './2026-12-11-01-event-all-day.ts';

/** Every migration, by its dated name. Listed explicitly so the set is the same in every runtime. */
export const migrations: Record<string, Migration> = {
  '2026-11-28-01-repository-core': repositoryCore,
  '2026-11-28-02-search': search,
  '2026-11-28-03-accounts': accounts,
  '2026-11-28-04-review': review,
  '2026-12-04-01-events': events,
  '2026-12-04-02-press': press,
  '2026-12-04-03-directory': directory,
  '2026-12-04-04-library': library,
  '2026-12-04-05-recommendations': recommendations,
  '2026-12-04-06-cities': cities,
  '2026-12-04-07-shortlists': shortlists,
  '2026-12-04-08-people': people,
  '2026-12-04-09-contact': contact,
  '2026-12-04-11-alerts': alerts,
  '2026-12-04-10-discussions': discussions,
  '2026-12-08-01-people-organisation-name': peopleOrganisationName,
  '2026-12-08-02-organisation-invitations': organisationInvitations,
  '2026-12-08-03-organisation-changes': organisationChanges,
  '2026-12-08-04-idempotency-keys': idempotencyKeys,
  '2026-12-08-05-export-dumps': exportDumps,
  '2026-12-08-06-publish-override': publishOverride,
  '2026-12-08-07-practice-peer-review': practicePeerReview,
  '2026-12-08-08-submission-rounds': submissionRounds,
  '2026-12-08-09-deleted-accounts': deletedAccounts,
  '2026-12-08-10-review-drafts': reviewDrafts,
  '2026-12-09-01-practice-translation-dates': practiceTranslationDates,
  '2026-12-09-30-content-translation-dates': contentTranslationDates,
  '2026-12-09-40-search-changes': searchChanges,
  '2026-12-09-80-organisation-claims': organisationClaims,
  '2026-12-09-90-translation-offers': translationOffers,
  '2026-12-10-01-assessments': assessments,
  '2026-12-10-20-city-profiles': cityProfiles,
  '2026-12-11-01-event-all-day': eventAllDay,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
