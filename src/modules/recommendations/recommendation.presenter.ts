import { presentPage } from '../../core/http/paged.ts';
import type {
  RecommendationCard,
  RecommendationDetail,
  RecommendationList,
} from './recommendation.service.ts';

/** Pure functions that pick the public fields: the database shape never reaches the API. */
export function presentRecommendationSummary(r: RecommendationCard, publicUrl: string) {
  return {
    slug: r.slug,
    url: `${publicUrl}/recommendations/${r.slug}`,
    title: r.title,
    excerpt: r.excerpt,
    language: r.language,
    title_language: r.titleLanguage,
    text_language: r.bodyLanguage,
    audiences: r.audiences,
    themes: r.themes,
    practice_count: r.practiceCount,
    illustrative: r.illustrative,
    updated_at: r.updatedAt,
  };
}

export function presentRecommendationList(list: RecommendationList, publicUrl: string) {
  return presentPage(
    list,
    list.items.map((r) => presentRecommendationSummary(r, publicUrl)),
  );
}

export function presentRecommendationDetail(r: RecommendationDetail, publicUrl: string) {
  return {
    ...presentRecommendationSummary(r, publicUrl),
    text: r.body,
    available_languages: r.availableLanguages,
    source: r.source
      ? {
          kind: r.source.kind,
          slug: r.source.slug,
          title: r.source.title,
          url: `${publicUrl}${r.source.path}`,
        }
      : null,
    evidence: {
      summary: {
        count: r.summary.count,
        by_level: r.summary.byLevel,
        regions: r.summary.regions,
        countries: r.summary.countries,
      },
      practices: r.practices.map((p) => ({
        slug: p.slug,
        url: `${publicUrl}/practices/${p.slug}`,
        title: p.title,
        evidence_level: p.evidenceLevel,
        country: { code: p.countryCode, name: p.countryName },
        city: p.cityName,
        regions: p.regions,
        note: p.note,
      })),
    },
    created_at: r.createdAt,
  };
}
