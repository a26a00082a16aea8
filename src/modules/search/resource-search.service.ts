import type { Db } from '../../db/connect.ts';
import {
  loadResourceTexts,
  RESOURCE_FACETS,
  type ResourceFacet,
  type ResourceHit,
  type ResourceSearchInput,
  type ResourceSearchResult,
} from '../library/index.ts';
import { getPlaceIndex } from '../places/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import { engineOf } from './engines/engine.ts';
import { topK } from './facet-store.ts';
import { getLanguageTools } from './language-tools.ts';
import { describeConcepts, findCandidates, relevance } from './query-engine.ts';
import { analyzeQuery } from './search-query.ts';
import { getResourceState } from './search-state.ts';
import { Highlighter, snippet } from './snippet.ts';

/**
 * Searches the library the way practices are searched: the same query language, concepts named
 * in any language (a theme's label matches resources tagged with it and its labels in their
 * text), BM25 / ts_rank relevance, disjunctive facets. Without words, newest first.
 */
export async function searchResources(
  db: Db,
  input: ResourceSearchInput,
): Promise<ResourceSearchResult> {
  const [state, tools, taxonomy, places] = await Promise.all([
    getResourceState(db),
    getLanguageTools(db),
    getTaxonomy(db, input.locale),
    getPlaceIndex(db, input.locale),
  ]);
  const { store } = state;
  const query = analyzeQuery(input.q, tools.matcher, tools.expand);
  const found = await findCandidates(db, state, engineOf(db, 'resources'), query, (kind) =>
    kind === 'theme' ? 'theme' : undefined,
  );
  let candidates = found.candidates;
  if (input.yearFrom !== null || input.yearTo !== null) {
    const from = input.yearFrom ?? Number.NEGATIVE_INFINITY;
    const to = input.yearTo ?? Number.POSITIVE_INFINITY;
    candidates = (candidates ?? store.newestFirst).filter((index) => {
      const year = store.startYear[index] as number;
      return year !== 0 && year >= from && year <= to;
    });
  }
  const selection: Partial<Record<ResourceFacet, string[]>> = {};
  for (const facet of RESOURCE_FACETS)
    if (input.filters[facet].length > 0) selection[facet] = input.filters[facet];
  const { total, matching, counts } = store.filterAndCount(candidates, selection);

  const offset = (input.page - 1) * input.perPage;
  const wanted = offset + input.perPage;
  const pageIndexes =
    offset >= total
      ? []
      : query.isEmpty
        ? Array.from(matching.subarray(offset, wanted))
        : topK(
            matching,
            wanted,
            (i) =>
              relevance(found.clauses, i, state.recency[i] as number) +
              (store.ids[i] as number) * 1e-12,
          ).slice(offset, wanted);
  const ids = pageIndexes.map((i) => store.ids[i] as number);
  const texts = new Map((await loadResourceTexts(db, ids)).map((t) => [t.id, t]));
  const highlighter = new Highlighter(query.highlight);
  const hits: ResourceHit[] = pageIndexes.map((index) => {
    const id = store.ids[index] as number;
    const versions = texts.get(id)?.versions ?? [];
    const version =
      versions.find((v) => v.locale === input.locale) ?? versions.find((v) => v.isOriginal);
    return {
      id,
      displayLanguage: version?.locale ?? '',
      snippet: version
        ? query.isEmpty
          ? [{ text: version.abstract, mark: false }]
          : snippet([version.abstract], version.locale, highlighter)
        : [],
      score: query.isEmpty ? 0 : relevance(found.clauses, index, state.recency[index] as number),
    };
  });

  const facets = {} as ResourceSearchResult['facets'];
  for (const facet of RESOURCE_FACETS) {
    const values = new Map(counts[facet]);
    for (const selected of input.filters[facet]) if (!values.has(selected)) values.set(selected, 0);
    facets[facet] = [...values].map(([id, count]) => ({
      id,
      count,
      selected: input.filters[facet].includes(id),
    }));
  }
  return {
    q: input.q,
    total,
    page: input.page,
    perPage: input.perPage,
    pageCount: Math.max(1, Math.ceil(total / input.perPage)),
    hits,
    facets,
    concepts: describeConcepts(query, taxonomy, places),
    relaxed: found.relaxed,
  };
}
