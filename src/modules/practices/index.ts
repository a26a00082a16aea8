// The practices module's public surface: its routes and panel, practice cards, lists, details
// and references for other modules, counts, versions, harvest headers, interchange and publication.
export {
  createRecordWriter,
  FileFormatError,
  FORMATS,
  type Format,
  formatFromPath,
  type RawRecord,
  readRecords,
  sniffFormat,
} from './interchange-format.ts';
export { practiceApi } from './practice.api.ts';
export {
  DEFAULT_PER_PAGE,
  EVIDENCE_LEVELS,
  type EvidenceLevel,
  type HarvestFilter,
  LangQuery,
  LEVELS,
  MAX_PER_PAGE,
  NO_FILTERS,
  ORGANISATION_ROLES,
  PeerReviewMarkSchema,
  PRACTICE_TYPES,
  type PracticeRecord,
  PracticeSummarySchema,
  type PracticeTranslationInput,
  pageProperties,
  SECTION_KEYS,
  type SectionKey,
  STATUSES,
} from './practice.model.ts';
export { practicePages } from './practice.pages.tsx';
export { organisationPracticesPanel } from './practice.panels.ts';
export { presentPeerReviewMark, presentPracticeSummary } from './practice.presenter.ts';
export {
  type ConceptRef,
  countPracticesByLocatedCity,
  countPracticesOfOrganisations,
  countriesInRegions,
  findPracticeRef,
  listCityIdsWithPractices,
  listCityPracticeCards,
  listCityPracticeConcepts,
  listPractices,
  listPracticesOfOrganisation,
  listPracticesProposedBy,
  loadCards,
  type PracticeCard,
  type PracticeListResult,
  practiceResource,
} from './practice.service.ts';
export type { PracticePanel } from './practice.slots.ts';
// Reads and organisation merges with no rule of their own come straight from the repository.
export { countPractices } from './practice-count.repository.ts';
export {
  getPractice,
  type PracticeDetail,
} from './practice-detail.service.ts';
export {
  checkFilters,
  FILTERS,
  type FilterName,
  PEER_REVIEW_VALUES,
} from './practice-filters.ts';
// Reads and organisation merges with no rule of their own come straight from the repository.
export {
  countHarvestRows as countHarvestHeaders,
  findEarliestUpdatedAt as findEarliestPracticeUpdate,
} from './practice-harvest.repository.ts';
export {
  findHarvestHeader,
  type HarvestHeader,
  listHarvestHeaders,
} from './practice-harvest.service.ts';
export {
  diffRecords,
  type FieldChange,
  getPracticeVersion,
} from './practice-history.service.ts';
export {
  listEveryPracticeIdAfter,
  listListedPracticeIdsAfter,
  listPracticeFacets,
  loadPracticeTexts,
  type PracticeFacets,
} from './practice-indexing.service.ts';
export {
  exportPractices,
  type ImportReport,
  importPractices,
  loadPracticeRecords,
  type PublishedTranslation,
  previewPracticeRecord,
  publishPracticeRecord,
  publishPracticeTranslation,
  type RecordProblem,
  recordReferences,
  setPracticeArchived,
} from './practice-interchange.service.ts';
export { listPracticeCities } from './practice-list.repository.ts';
// Reads and organisation merges with no rule of their own come straight from the repository.
export { moveOrganisationLinks as movePracticesToOrganisation } from './practice-organisation.repository.ts';
export {
  type CountedConcept,
  countByPlaceWithin,
  getOverview,
  getStats,
  getTranslationCoverage,
  type LanguageCoverage,
  type Overview,
} from './practice-overview.service.ts';
export { citedPath } from './practice-permalink.ts';
export { checkPracticeRecord } from './practice-record.validator.ts';
export { FieldChanges } from './views/HistoryPage.tsx';
export { PracticeArticle } from './views/PracticeArticle.tsx';
export { PracticeBriefArticle, shorten } from './views/PracticeBrief.tsx';
export { PracticeResults } from './views/PracticeResults.tsx';
