import { SECTION_KEYS, type SectionKey } from './practice.table.ts';

export { SECTION_KEYS, type SectionKey };

export const PRACTICE_TYPES = [
  'policy',
  'programme',
  'service',
  'campaign',
  'partnership',
  'tool',
] as const;
export const LEVELS = ['local', 'regional', 'national', 'international'] as const;
export const STATUSES = ['planned', 'ongoing', 'completed'] as const;
/** Strongest first. Definitions live in the UI catalogues (evidence.<level>.definition). */
export const EVIDENCE_LEVELS = ['effective', 'promising', 'emerging', 'not-evaluated'] as const;
export const ORGANISATION_ROLES = ['lead', 'partner', 'funder'] as const;

export type PracticeType = (typeof PRACTICE_TYPES)[number];
export type Level = (typeof LEVELS)[number];
export type Status = (typeof STATUSES)[number];
export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number];
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];

export type Sections = Partial<Record<SectionKey, string>>;

export interface PracticeTranslationInput {
  title?: string;
  summary?: string;
  sections?: Sections;
}

/**
 * One practice in the interchange format v1 (docs/interchange.md), after validation.
 * Export writes exactly this shape, with every key present.
 */
export interface PracticeRecord {
  external_id: string | null;
  title: string;
  language: string;
  summary: string;
  type: PracticeType | null;
  country: string;
  city: string | null;
  level: Level | null;
  themes: string[];
  target_groups: string[];
  actor_type: string[];
  organisations: {
    name: string;
    type: string | null;
    role: OrganisationRole;
    website: string | null;
  }[];
  status: Status | null;
  start_year: number | null;
  end_year: number | null;
  sections: Sections;
  gcm_objectives: number[];
  sdg_targets: string[];
  evidence_level: EvidenceLevel;
  source_url: string | null;
  sources: { title: string | null; url: string }[];
  translations: Record<string, PracticeTranslationInput>;
  illustrative: boolean;
}

export const RECORD_FIELDS = [
  'external_id',
  'title',
  'language',
  'summary',
  'type',
  'country',
  'city',
  'level',
  'themes',
  'target_groups',
  'actor_type',
  'organisations',
  'status',
  'start_year',
  'end_year',
  'sections',
  'gcm_objectives',
  'sdg_targets',
  'evidence_level',
  'source_url',
  'sources',
  'translations',
  'illustrative',
] as const satisfies readonly (keyof PracticeRecord)[];

/** Filters of the practice list, page and API, as given by the user (ids, not yet checked). */
export interface PracticeFilterInput {
  theme: string[];
  policy_area: string[];
  type: string[];
  target_group: string[];
  actor_type: string[];
  country: string[];
  region: string[];
  evidence: string[];
}

export const NO_FILTERS: Readonly<PracticeFilterInput> = Object.freeze({
  theme: [],
  policy_area: [],
  type: [],
  target_group: [],
  actor_type: [],
  country: [],
  region: [],
  evidence: [],
});

export const FILTER_NAMES = [
  'theme',
  'policy_area',
  'type',
  'target_group',
  'actor_type',
  'country',
  'region',
  'evidence',
] as const satisfies readonly (keyof PracticeFilterInput)[];

export const PRACTICE_SORTS = ['newest', 'title', 'start_year'] as const;
export type PracticeSort = (typeof PRACTICE_SORTS)[number];

export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 20;

/** Criteria of a harvest: datestamps from `from` (inclusive) to `before` (exclusive), ISO strings. */
export interface HarvestFilter {
  from?: string;
  before?: string;
  /** Practices with one of these themes; 'any' for practices with a theme at all. */
  themes?: string[] | 'any';
  countryCodes?: string[];
}
