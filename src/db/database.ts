import type {
  AuditLogTable,
  IdempotencyKeyTable,
  SettingTable,
  ThrottleTable,
} from '../core/core.table.ts';
import type {
  ApiTokenTable,
  EmailTokenTable,
  SessionTable,
  UserTable,
} from '../modules/accounts/account.table.ts';
import type { AlertSettingTable, FollowTable } from '../modules/alerts/alert.table.ts';
import type {
  AssessmentAnswerTable,
  AssessmentMessageTable,
  AssessmentTable,
} from '../modules/assessment/assessment.table.ts';
import type {
  CityContactPointTable,
  CityFactTable,
  CityNetworkTable,
  CityProfileLanguageTable,
  CityProfileTable,
} from '../modules/cities/city.table.ts';
import type {
  ContactBanTable,
  ContactMessageTable,
  ContactPreferenceTable,
  OrganisationContactSettingTable,
} from '../modules/contact/contact.table.ts';
import type {
  OrganisationChangeTable,
  OrganisationClaimTable,
  OrganisationInvitationTable,
  OrganisationMemberTable,
  OrganisationTable,
  OrganisationTranslationTable,
} from '../modules/directory/organisation.table.ts';
import type {
  CommentReportTable,
  CommentTable,
  DiscussionBanTable,
} from '../modules/discussions/discussion.table.ts';
import type {
  EventAgendaItemTable,
  EventDocumentTable,
  EventOrganisationTable,
  EventPracticeTable,
  EventSpeakerTable,
  EventTable,
  EventTranslationTable,
} from '../modules/events/event.table.ts';
import type { FileTable } from '../modules/files/file.table.ts';
import type { JobTable } from '../modules/jobs/job.table.ts';
import type {
  ResourceSearchDocumentTable,
  ResourceTable,
  ResourceThemeTable,
  ResourceTranslationTable,
} from '../modules/library/resource.table.ts';
import type { ExportDumpChunkTable, ExportDumpTable } from '../modules/opendata/dump.table.ts';
import type {
  PeopleProfileLanguageTable,
  PeopleProfileRegionTable,
  PeopleProfileTable,
  PeopleProfileThemeTable,
} from '../modules/people/people.table.ts';
import type {
  CityTable,
  CountryTable,
  CountryTranslationTable,
  RegionTable,
  RegionTranslationTable,
} from '../modules/places/place.table.ts';
import type {
  PracticeConceptTable,
  PracticeFileTable,
  PracticeOrganisationTable,
  PracticeSourceTable,
  PracticeTable,
  PracticeTranslationTable,
  PracticeVersionTable,
} from '../modules/practices/practice.table.ts';
import type {
  NewsContactTable,
  NewsItemTable,
  NewsOrganisationTable,
  NewsTranslationTable,
} from '../modules/press/news.table.ts';
import type {
  RecommendationAudienceTable,
  RecommendationPracticeTable,
  RecommendationTable,
  RecommendationThemeTable,
  RecommendationTranslationTable,
} from '../modules/recommendations/recommendation.table.ts';
import type {
  CallTable,
  ReviewAssignmentTable,
  ReviewDraftTable,
  ReviewTable,
  SubmissionEventTable,
  SubmissionFileTable,
  SubmissionRoundTable,
  SubmissionTable,
} from '../modules/review/review.table.ts';
import type {
  SearchChangeTable,
  SearchDocumentTable,
  SearchLogTable,
  SearchTermTable,
} from '../modules/search/search.table.ts';
import type { ShortlistItemTable } from '../modules/shortlist/shortlist.table.ts';
import type { ConceptTable, ConceptTranslationTable } from '../modules/taxonomy/taxonomy.table.ts';
import type { TranslationOfferTable } from '../modules/translations/translation.table.ts';

/** The whole schema, assembled from each module's table file. */
export interface Database {
  settings: SettingTable;
  regions: RegionTable;
  region_translations: RegionTranslationTable;
  countries: CountryTable;
  country_translations: CountryTranslationTable;
  cities: CityTable;
  assessments: AssessmentTable;
  assessment_answers: AssessmentAnswerTable;
  assessment_messages: AssessmentMessageTable;
  city_facts: CityFactTable;
  city_networks: CityNetworkTable;
  city_profiles: CityProfileTable;
  city_profile_languages: CityProfileLanguageTable;
  city_contact_points: CityContactPointTable;
  concepts: ConceptTable;
  concept_translations: ConceptTranslationTable;
  organisations: OrganisationTable;
  organisation_translations: OrganisationTranslationTable;
  organisation_members: OrganisationMemberTable;
  organisation_invitations: OrganisationInvitationTable;
  organisation_changes: OrganisationChangeTable;
  organisation_claims: OrganisationClaimTable;
  practices: PracticeTable;
  practice_translations: PracticeTranslationTable;
  practice_concepts: PracticeConceptTable;
  practice_organisations: PracticeOrganisationTable;
  practice_sources: PracticeSourceTable;
  translation_offers: TranslationOfferTable;
  search_documents: SearchDocumentTable;
  search_terms: SearchTermTable;
  search_log: SearchLogTable;
  search_changes: SearchChangeTable;
  users: UserTable;
  sessions: SessionTable;
  email_tokens: EmailTokenTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  throttles: ThrottleTable;
  idempotency_keys: IdempotencyKeyTable;
  jobs: JobTable;
  files: FileTable;
  calls: CallTable;
  submissions: SubmissionTable;
  submission_files: SubmissionFileTable;
  submission_rounds: SubmissionRoundTable;
  review_drafts: ReviewDraftTable;
  submission_events: SubmissionEventTable;
  review_assignments: ReviewAssignmentTable;
  reviews: ReviewTable;
  practice_versions: PracticeVersionTable;
  practice_files: PracticeFileTable;
  resources: ResourceTable;
  resource_translations: ResourceTranslationTable;
  resource_themes: ResourceThemeTable;
  resource_search_documents: ResourceSearchDocumentTable;
  recommendations: RecommendationTable;
  recommendation_translations: RecommendationTranslationTable;
  recommendation_audiences: RecommendationAudienceTable;
  recommendation_themes: RecommendationThemeTable;
  recommendation_practices: RecommendationPracticeTable;
  events: EventTable;
  event_translations: EventTranslationTable;
  event_organisations: EventOrganisationTable;
  event_speakers: EventSpeakerTable;
  event_agenda_items: EventAgendaItemTable;
  event_documents: EventDocumentTable;
  event_practices: EventPracticeTable;
  news_items: NewsItemTable;
  news_translations: NewsTranslationTable;
  news_contacts: NewsContactTable;
  news_organisations: NewsOrganisationTable;
  shortlist_items: ShortlistItemTable;
  contact_preferences: ContactPreferenceTable;
  organisation_contact_settings: OrganisationContactSettingTable;
  contact_messages: ContactMessageTable;
  contact_bans: ContactBanTable;
  follows: FollowTable;
  alert_settings: AlertSettingTable;
  comments: CommentTable;
  comment_reports: CommentReportTable;
  discussion_bans: DiscussionBanTable;
  people_profiles: PeopleProfileTable;
  people_profile_themes: PeopleProfileThemeTable;
  people_profile_languages: PeopleProfileLanguageTable;
  people_profile_regions: PeopleProfileRegionTable;
  export_dumps: ExportDumpTable;
  export_dump_chunks: ExportDumpChunkTable;
}
