import { Type } from 'typebox';
import { stringEnum } from '../../core/http/schemas.ts';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, PeerReviewMarkSchema } from '../practices/index.ts';
import { FACETS } from './facet-store.ts';
import { SEARCH_SORTS, type SearchFilters } from './practice-search.service.ts';

const values = Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 });

export const SearchQuery = Type.Object({
  // Any text is accepted; the parser keeps the first 500 characters.
  q: Type.Optional(
    Type.String({
      default: '',
      description: 'Words, "phrases", -exclusions and prefix* in any language.',
    }),
  ),
  ...(Object.fromEntries(FACETS.map((f) => [f, Type.Optional(values)])) as Record<
    (typeof FACETS)[number],
    ReturnType<typeof Type.Optional<typeof values>>
  >),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  per_page: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE }),
  ),
  sort: Type.Optional(stringEnum(SEARCH_SORTS, { default: 'relevance' })),
  exact: Type.Optional(
    stringEnum(['0', '1'] as const, {
      description:
        'exact=1 searches the words as typed; otherwise a query that finds little may be answered by its spelling correction.',
    }),
  ),
});

export function searchFiltersFrom(
  query: Partial<Record<(typeof FACETS)[number], string[]>>,
): SearchFilters {
  return Object.fromEntries(
    FACETS.map((f) => [f, (query[f] ?? []).map((v) => v.trim()).filter((v) => v !== '')]),
  ) as SearchFilters;
}

const FacetValueSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  count: Type.Integer(),
  selected: Type.Boolean(),
  level: Type.Optional(Type.Integer()),
});

export const SearchResponse = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  per_page: Type.Integer(),
  results: Type.Array(
    Type.Object({
      id: Type.Integer(),
      slug: Type.String(),
      url: Type.String(),
      title: Type.String(),
      summary: Type.String(),
      snippet: Type.String({ description: 'HTML: escaped text with the matched words in <mark>.' }),
      language: Type.String(),
      display_language: Type.String(),
      city: Type.Union([Type.String(), Type.Null()]),
      country: Type.String(),
      themes: Type.Array(Type.Object({ id: Type.String(), label: Type.String() })),
      evidence_level: Type.String(),
      peer_review: PeerReviewMarkSchema,
      score: Type.Number(),
      score_parts: Type.Optional(
        Type.Object({
          text: Type.Number({
            description:
              'Words of the query found in the text: each word’s IDF, scaled by its BM25F score over title, summary and body.',
          }),
          concepts: Type.Number({
            description:
              'Concepts named by the query: each the IDF of the concept over the practices tagged with it (or mentioning it).',
          }),
          translations: Type.Number({
            description:
              'Words of the query found through their translations: the IDF of the word or any translation, weighted down when the word has many translations.',
          }),
          proximity: Type.Number({
            description: 'Neighbouring words of the query found together.',
          }),
          coverage: Type.Number({
            description:
              'When no practice or few match every part of the query and practices matching some parts are added (relaxed): minus a penalty per part missed, so that practices matching more parts come first; 0 otherwise.',
          }),
          evidence: Type.Number(),
          recency: Type.Number(),
          total: Type.Number(),
        }),
      ),
    }),
  ),
  facets: Type.Record(Type.String(), Type.Array(FacetValueSchema)),
  concepts: Type.Array(
    Type.Object({
      kind: Type.String(),
      id: Type.String(),
      label: Type.String(),
      matched: Type.String(),
    }),
  ),
  translations: Type.Array(
    Type.Object({
      word: Type.String({ description: 'A word of the query, as typed.' }),
      translations: Type.Array(Type.Object({ word: Type.String(), language: Type.String() }), {
        description:
          'Its translations with the bilingual dictionary (FreeDict, CC-CEDICT), also searched for; quoting the word ("word") searches it as typed only.',
      }),
    }),
  ),
  did_you_mean: Type.Union([Type.String(), Type.Null()]),
  q: Type.String({
    description:
      'The query these results answer: as typed, or its correction (see corrected_from).',
  }),
  corrected_from: Type.Union([Type.String(), Type.Null()], {
    description:
      'The query as typed, when it found little and the results are those of its correction (q); exact=1 searches it as typed.',
  }),
  relaxed: Type.Boolean(),
  took_ms: Type.Integer(),
});
