import { presentPage } from '../../core/http/paged.ts';
import { presentPeerReviewMark } from '../practices/index.ts';
import type { SearchHit, SearchResult } from './practice-search.service.ts';
import { snippetHtml } from './snippet.ts';

/** Pure functions that pick the public fields: scores are rounded, snippets become HTML. */
function presentSearchHit(hit: SearchHit, publicUrl: string) {
  return {
    id: hit.card.id,
    slug: hit.card.slug,
    url: `${publicUrl}/practices/${hit.card.slug}`,
    title: hit.card.title,
    summary: hit.card.summary,
    snippet: snippetHtml(hit.snippet),
    language: hit.card.language,
    display_language: hit.card.displayLanguage,
    city: hit.card.cityName,
    country: hit.card.countryCode,
    themes: hit.card.themes,
    evidence_level: hit.card.evidenceLevel,
    peer_review: presentPeerReviewMark(hit.card.peerReview),
    score: Math.round(hit.score * 10_000) / 10_000,
    ...(hit.scoreParts ? { score_parts: hit.scoreParts } : {}),
  };
}

export function presentSearchResult(result: SearchResult, publicUrl: string) {
  return {
    ...presentPage(
      result,
      result.hits.map((hit) => presentSearchHit(hit, publicUrl)),
    ),
    facets: result.facets,
    concepts: result.concepts,
    translations: result.translations,
    did_you_mean: result.didYouMean,
    q: result.q,
    corrected_from: result.correctedFrom,
    relaxed: result.relaxed,
    took_ms: result.tookMs,
  };
}
