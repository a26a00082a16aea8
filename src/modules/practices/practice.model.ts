import { Type } from 'typebox';
import { stringEnum } from '../../core/http/schemas.ts';
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

/**
 * How a language version of a practice came to be: its original text, a translation, or a
 * machine translation an editor read before it was published.
 */
export const TRANSLATION_STATUSES = ['translation', 'machine_translation_reviewed'] as const;
export type TranslationStatus = (typeof TRANSLATION_STATUSES)[number];
export type LanguageStatus = 'original' | TranslationStatus;

export interface PracticeTranslationInput {
  title?: string;
  summary?: string;
  sections?: Sections;
  /** Given by a file or read from the database; a new translation without one is a translation. */
  status?: TranslationStatus;
  /** When it was written (ISO 8601); null for a translation stored before dates were kept. */
  translated_at?: string | null;
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
  /** 'true' or 'false' (see PEER_REVIEW_VALUES); both, or none, mean either. */
  peer_reviewed: string[];
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
  peer_reviewed: [],
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
  'peer_reviewed',
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

const filterValues = Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 });

/** The filters of the practice list, shared by the page and the API. Repeat a key for OR. */
export const filterProperties = Object.fromEntries(
  FILTER_NAMES.map((name) => [name, Type.Optional(filterValues)]),
) as Record<(typeof FILTER_NAMES)[number], ReturnType<typeof Type.Optional<typeof filterValues>>>;

export const pageProperties = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  per_page: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE }),
  ),
  sort: Type.Optional(stringEnum(PRACTICE_SORTS, { default: 'newest' })),
};

export const PracticeListQuery = Type.Object({ ...filterProperties, ...pageProperties });

export const LangQuery = Type.Object({
  lang: Type.Optional(
    Type.String({ maxLength: 35, description: 'Language of the content and labels, e.g. fr.' }),
  ),
});

/** Drops empty values (a select left on "all" sends theme=). */
export function filtersFrom(
  query: Partial<Record<(typeof FILTER_NAMES)[number], string[] | undefined>>,
): PracticeFilterInput {
  return Object.fromEntries(
    FILTER_NAMES.map((name) => [
      name,
      (query[name] ?? []).map((v) => v.trim()).filter((v) => v !== ''),
    ]),
  ) as unknown as PracticeFilterInput;
}

const ConceptRefSchema = Type.Object({ id: Type.String(), label: Type.String() });

/** The peer review mark of a practice in a list or a search result. */
export const PeerReviewMarkSchema = Type.Union(
  [
    Type.Object({
      reviewers: Type.Integer({
        description:
          'Reviewers who completed a review without a conflict of interest; 0 when the editors published without one.',
      }),
      decided_at: Type.String({ description: 'When the editors decided, ISO 8601.' }),
    }),
    Type.Null(),
  ],
  {
    description:
      'The peer review of the published version; null when it was not peer reviewed here (imported, or published before peer review began).',
  },
);

export const PracticeSummarySchema = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  url: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  language: Type.String({ description: 'Language of the original text (BCP-47).' }),
  display_language: Type.String({ description: 'Language of title and summary as returned.' }),
  type: Type.Union([Type.String(), Type.Null()]),
  country: Type.String(),
  country_name: Type.String(),
  city: Type.Union([Type.String(), Type.Null()]),
  start_year: Type.Union([Type.Integer(), Type.Null()]),
  end_year: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.Union([Type.String(), Type.Null()]),
  evidence_level: Type.String(),
  themes: Type.Array(ConceptRefSchema),
  illustrative: Type.Boolean(),
  updated_at: Type.String(),
  peer_review: PeerReviewMarkSchema,
});

const LanguageStatusSchema = Type.Union(
  [
    Type.Literal('original'),
    Type.Literal('translation'),
    Type.Literal('machine_translation_reviewed'),
  ],
  {
    description:
      'The original text, a translation, or a machine translation an editor read before it was published',
  },
);

const TranslatedAtSchema = Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
  description: 'When the translation was written; null for the original or when not recorded',
});

export const PracticeListSchema = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  per_page: Type.Integer(),
  results: Type.Array(
    Type.Object({
      ...PracticeSummarySchema.properties,
      translations: Type.Array(
        Type.Object({
          language: Type.String({ description: 'BCP-47 tag' }),
          status: LanguageStatusSchema,
          translated_at: TranslatedAtSchema,
        }),
        { description: 'Every language the practice is in, the original first' },
      ),
    }),
  ),
});

export const PracticeDetailSchema = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  external_id: Type.String(),
  url: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  sections: Type.Record(Type.String(), Type.String()),
  language: Type.String(),
  display_language: Type.String(),
  available_languages: Type.Array(Type.String()),
  translated_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When the translation shown was written; null for the original',
  }),
  translation_status: Type.Union(
    [
      Type.Literal('original'),
      Type.Literal('translated'),
      Type.Literal('machine_translation_reviewed'),
    ],
    {
      description:
        'The text shown is the original, a translation, or a machine translation an editor reviewed',
    },
  ),
  translations: Type.Array(
    Type.Object({
      language: Type.String({ description: 'BCP-47 tag' }),
      status: LanguageStatusSchema,
      translated_at: TranslatedAtSchema,
      title: Type.Union([Type.String(), Type.Null()], {
        description: 'Null when this translation leaves the title in the original',
      }),
      summary: Type.Union([Type.String(), Type.Null()], {
        description: 'Null when this translation leaves the summary in the original',
      }),
      sections: Type.Record(Type.String(), Type.String(), {
        description: 'The sections written in this language',
      }),
    }),
    { description: 'Every language the practice is in, the original first' },
  ),
  type: Type.Union([Type.String(), Type.Null()]),
  level: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.String(), Type.Null()]),
  start_year: Type.Union([Type.Integer(), Type.Null()]),
  end_year: Type.Union([Type.Integer(), Type.Null()]),
  country: Type.Object({ code: Type.String(), name: Type.String() }),
  regions: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  city: Type.Union([
    Type.Object({
      name: Type.String(),
      latitude: Type.Union([Type.Number(), Type.Null()]),
      longitude: Type.Union([Type.Number(), Type.Null()]),
      population: Type.Union([Type.Integer(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  evidence_level: Type.String(),
  evidence_justification: Type.Union([Type.String(), Type.Null()], {
    description: 'Why the editors gave this evidence level.',
  }),
  peer_review: Type.Union(
    [
      Type.Object({
        reviewers: Type.Integer({
          description: 'Reviewers who completed a review without a conflict of interest.',
        }),
        decided_at: Type.String({ description: 'When the editors decided, ISO 8601.' }),
        editors_reason: Type.Union([Type.String(), Type.Null()], {
          description: 'Why the editors published with fewer than two completed reviews.',
        }),
      }),
      Type.Null(),
    ],
    { description: 'The peer review of the published version; null when it was not reviewed.' },
  ),
  version: Type.Integer({ description: 'Published version number; 0 before versions were kept.' }),
  archived: Type.Boolean(),
  attachments: Type.Array(
    Type.Object({ name: Type.String(), media_type: Type.String(), url: Type.String() }),
  ),
  illustrative: Type.Boolean(),
  policy_areas: Type.Array(ConceptRefSchema),
  themes: Type.Array(ConceptRefSchema),
  target_groups: Type.Array(ConceptRefSchema),
  actor_types: Type.Array(ConceptRefSchema),
  gcm_objectives: Type.Array(ConceptRefSchema),
  sdg_targets: Type.Array(ConceptRefSchema),
  organisations: Type.Array(
    Type.Object({
      name: Type.String(),
      type: Type.Union([Type.String(), Type.Null()]),
      role: Type.String(),
      website: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  source_url: Type.Union([Type.String(), Type.Null()]),
  sources: Type.Array(
    Type.Object({ title: Type.Union([Type.String(), Type.Null()]), url: Type.String() }),
  ),
  created_at: Type.String(),
  updated_at: Type.String(),
});
