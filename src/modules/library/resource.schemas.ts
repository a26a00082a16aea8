import { Type } from 'typebox';
import { stringEnum } from '../../core/http/schemas.ts';
import { LOCALES } from '../../core/i18n/locales.ts';
import type { LibraryFilters } from './resource.service.ts';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, MIN_YEAR, RESOURCE_TYPES } from './resource.ts';

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
