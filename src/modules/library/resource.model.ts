import { Type } from 'typebox';
import type { FieldProblem } from '../../core/errors.ts';
import { stringEnum } from '../../core/http/schemas.ts';
import { LOCALES } from '../../core/i18n/locales.ts';
import {
  problem,
  readLanguageTag,
  readList,
  readText,
  readWebAddress,
  readYear,
} from '../../core/validation.ts';
import type { LibraryFilters } from './resource.service.ts';

/**
 * The resource library: what a resource may be, and the checks of an editor's input.
 *
 *   checkResourceInput({ title: 'Housing guide', type: 'guideline', year: '2019', … }, themes)
 *   // { ok: true, value: { title: 'Housing guide', year: 2019, … } }
 */
export const RESOURCE_TYPES = [
  'guideline',
  'toolkit',
  'policy-paper',
  'study',
  'dataset',
  'organisation',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export function isResourceType(value: unknown): value is ResourceType {
  return typeof value === 'string' && (RESOURCE_TYPES as readonly string[]).includes(value);
}

/** schema.org type of each kind of resource, for its page's JSON-LD. */
export const SCHEMA_TYPES: Record<ResourceType, 'CreativeWork' | 'Dataset' | 'Report'> = {
  guideline: 'CreativeWork',
  toolkit: 'CreativeWork',
  'policy-paper': 'Report',
  study: 'Report',
  dataset: 'Dataset',
  organisation: 'CreativeWork',
};

export const MIN_YEAR = 1900;
export const MAX_TITLE = 300;
export const MAX_AUTHORS = 500;
export const MAX_ABSTRACT = 3000;
/** A form has room for this many themes within the multipart field limit (app.ts). */
export const MAX_THEMES = 10;
export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

/** The latest year a resource may carry: next year, for work published ahead of its date. */
export function latestYear(): number {
  return new Date().getUTCFullYear() + 1;
}

/** What an editor sends (a form or JSON): anything, checked here. */
export interface ResourceInput {
  title?: unknown;
  type?: unknown;
  authors?: unknown;
  year?: unknown;
  language?: unknown;
  link_url?: unknown;
  abstract?: unknown;
  themes?: unknown;
}

export interface ResourceValues {
  title: string;
  type: ResourceType;
  authors: string;
  year: number | null;
  language: string;
  linkUrl: string | null;
  abstract: string;
  themes: string[];
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** A web address people can open: besides the common rule, a host name that has a dot. */
function readLink(problems: FieldProblem[], value: unknown): string | null {
  const url = readWebAddress(problems, 'link_url', value);
  if (url === null || new URL(url).hostname.includes('.')) return url;
  problems.push(
    problem(
      'link_url',
      'must be a web address starting with http:// or https://',
      'form.error.url',
    ),
  );
  return null;
}

/**
 * Checks an editor's input, reporting every problem at once. `hasFile`: a file is attached (or
 * being uploaded), so a link is not required. `isTheme` knows the taxonomy's themes.
 */
export function checkResourceInput(
  input: ResourceInput,
  options: { hasFile: boolean; isTheme: (id: string) => boolean },
): Checked<ResourceValues> {
  const problems: FieldProblem[] = [];
  const title = readText(problems, 'title', input.title, { max: MAX_TITLE, required: true });
  const typeText = typeof input.type === 'string' ? input.type.trim() : '';
  if (typeText === '') problems.push(problem('type', 'is required', 'form.error.required'));
  else if (!isResourceType(typeText))
    problems.push(
      problem('type', `must be one of ${RESOURCE_TYPES.join(', ')}`, 'form.error.choice'),
    );
  const authors = readText(problems, 'authors', input.authors, {
    max: MAX_AUTHORS,
    required: true,
  });
  const abstract = readText(problems, 'abstract', input.abstract, {
    max: MAX_ABSTRACT,
    required: true,
  });
  const year = readYear(problems, 'year', input.year, { min: MIN_YEAR, max: latestYear() });
  const language = readLanguageTag(problems, 'language', input.language, { required: true });
  const hadLink = problems.length;
  const linkUrl = readLink(problems, input.link_url);
  if (linkUrl === null && problems.length === hadLink && !options.hasFile)
    problems.push(problem('link_url', 'give a link, a file, or both', 'library.error.linkOrFile'));

  const themes = [...new Set(readList(input.themes))];
  if (themes.some((t) => !options.isTheme(t)))
    problems.push({
      field: 'themes',
      message: 'is not one of the choices',
      key: 'form.error.choice',
    });
  else if (themes.length > MAX_THEMES)
    problems.push({
      field: 'themes',
      message: `choose at most ${MAX_THEMES} themes`,
      key: 'library.error.themes',
      values: { max: MAX_THEMES },
    });

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      title: title ?? '',
      type: typeText as ResourceType,
      authors: authors ?? '',
      year,
      language: language ?? '',
      linkUrl,
      abstract: abstract ?? '',
      themes,
    },
  };
}

const values = (example: string) =>
  Type.Optional(
    Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50, examples: [[example]] }),
  );

/** The library's search and filters, shared by the page and the API. Repeat a filter for OR. */
export const LibraryQuery = Type.Object({
  q: Type.Optional(
    Type.String({
      default: '',
      maxLength: 500,
      description:
        'Words in any language; a theme named in any of the six UN languages is recognised.',
      examples: ['vivienda'],
    }),
  ),
  type: Type.Optional(
    Type.Array(stringEnum(RESOURCE_TYPES), { maxItems: 10, examples: [['guideline']] }),
  ),
  theme: values('housing'),
  language: values('en'),
  year_from: Type.Optional(Type.Integer({ minimum: MIN_YEAR, maximum: 2200, examples: [2015] })),
  year_to: Type.Optional(Type.Integer({ minimum: MIN_YEAR, maximum: 2200, examples: [2024] })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  per_page: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE }),
  ),
});

/** Drops empty values (a select left on "all" sends theme=). */
export function libraryFiltersFrom(
  query: Partial<Record<keyof LibraryFilters, string[]>>,
): LibraryFilters {
  const clean = (list: string[] | undefined) =>
    (list ?? []).map((v) => v.trim()).filter((v) => v !== '');
  return { type: clean(query.type), theme: clean(query.theme), language: clean(query.language) };
}

export const LangQuery = Type.Object({
  lang: Type.Optional(
    stringEnum(LOCALES, {
      description: 'Language of titles, abstracts and labels where translated.',
    }),
  ),
});

const ConceptRefSchema = Type.Object({ id: Type.String(), label: Type.String() });

export const ResourceSummarySchema = Type.Object(
  {
    id: Type.Integer(),
    slug: Type.String(),
    url: Type.String(),
    type: stringEnum(RESOURCE_TYPES),
    title: Type.String(),
    abstract: Type.String(),
    authors: Type.String({ description: 'Authors or publisher.' }),
    year: Type.Union([Type.Integer(), Type.Null()]),
    language: Type.String({ description: 'Language of the original (BCP-47).' }),
    display_language: Type.String({ description: 'Language of title and abstract as returned.' }),
    link_url: Type.Union([Type.String(), Type.Null()]),
    file_url: Type.Union([Type.String(), Type.Null()], {
      description: 'The uploaded PDF, if any.',
    }),
    themes: Type.Array(ConceptRefSchema),
    updated_at: Type.String(),
  },
  {
    examples: [
      {
        id: 3,
        slug: 'housing-first-guide',
        url: 'https://clearinghouse.example/resources/housing-first-guide',
        type: 'guideline',
        title: 'Housing First guide',
        abstract: 'How cities house newcomers without a shelter stage.',
        authors: 'City of Lisbon',
        year: 2019,
        language: 'en',
        display_language: 'en',
        link_url: 'https://example.org/guide',
        file_url: null,
        themes: [{ id: 'housing', label: 'Housing' }],
        updated_at: '2026-12-04T10:00:00.000Z',
      },
    ],
  },
);

const FacetValueSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  count: Type.Integer(),
  selected: Type.Boolean(),
});

export const ResourceListSchema = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  per_page: Type.Integer(),
  results: Type.Array(ResourceSummarySchema),
  facets: Type.Object({
    type: Type.Array(FacetValueSchema),
    theme: Type.Array(FacetValueSchema),
    language: Type.Array(FacetValueSchema),
  }),
  concepts: Type.Array(
    Type.Object({
      kind: Type.String(),
      id: Type.String(),
      label: Type.String(),
      matched: Type.String(),
    }),
  ),
});

export const ResourceDetailSchema = Type.Object({
  ...ResourceSummarySchema.properties,
  file: Type.Union([
    Type.Object({ name: Type.String(), media_type: Type.String(), size: Type.Integer() }),
    Type.Null(),
  ]),
  available_languages: Type.Array(Type.String()),
  created_at: Type.String(),
});
