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
export { practicePages } from './practice.pages.tsx';
export { organisationPracticesPanel } from './practice.panels.ts';
export { presentPracticeSummary } from './practice.presenter.ts';
export { LangQuery, PracticeSummarySchema, pageProperties } from './practice.schemas.ts';
export {
  type ConceptRef,
  countPracticesByLocatedCity,
  countPracticesOfOrganisations,
  countriesInRegions,
  findPracticeRef,
  getPractice,
  listCityIdsWithPractices,
  listCityPracticeCards,
  listCityPracticeConcepts,
  listEveryPracticeIdAfter,
  listListedPracticeIdsAfter,
  listPracticeFacets,
  listPractices,
  listPracticesOfOrganisation,
  listPracticesProposedBy,
  loadCards,
  loadPracticeTexts,
  movePracticesToOrganisation,
  type PracticeCard,
  type PracticeDetail,
  type PracticeFacets,
  type PracticeListResult,
  practiceResource,
} from './practice.service.ts';
export type { PracticePanel } from './practice.slots.ts';
export {
  DEFAULT_PER_PAGE,
  EVIDENCE_LEVELS,
  type EvidenceLevel,
  type HarvestFilter,
  LEVELS,
  MAX_PER_PAGE,
  NO_FILTERS,
  ORGANISATION_ROLES,
  PRACTICE_TYPES,
  type PracticeRecord,
  type PracticeTranslationInput,
  SECTION_KEYS,
  type SectionKey,
  STATUSES,
} from './practice.ts';
export { checkFilters, FILTERS, type FilterName } from './practice-filters.ts';
export {
  countHarvestHeaders,
  findEarliestPracticeUpdate,
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
  countPractices,
  exportPractices,
  type ImportReport,
  importPractices,
  loadPracticeRecords,
  previewPracticeRecord,
  publishPracticeRecord,
  type RecordProblem,
  recordReferences,
  setPracticeArchived,
} from './practice-interchange.service.ts';
export {
  type CountedConcept,
  countByPlaceWithin,
  getOverview,
  getStats,
  type Overview,
} from './practice-overview.service.ts';
export { citedPath } from './practice-permalink.ts';
export { checkPracticeRecord } from './practice-record.validator.ts';
export { FieldChanges } from './views/HistoryPage.tsx';
export { PracticeBriefArticle, shorten } from './views/PracticeBrief.tsx';
export { PracticeArticle } from './views/PracticePage.tsx';
export { PracticeResults } from './views/PracticeResults.tsx';
