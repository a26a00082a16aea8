import { presentPage } from '../../core/http/paged.ts';
import type { PeerReviewMark } from './peer-review.ts';
import type { LanguageState, PracticeCard, PracticeListResult } from './practice.service.ts';
import type { PracticeDetail } from './practice-detail.service.ts';

/** Pure functions that pick the public fields: the database shape never reaches the API. */
export function presentPracticeSummary(card: PracticeCard, publicUrl: string) {
  return {
    id: card.id,
    slug: card.slug,
    url: `${publicUrl}/practices/${card.slug}`,
    title: card.title,
    summary: card.summary,
    language: card.language,
    display_language: card.displayLanguage,
    type: card.type,
    country: card.countryCode,
    country_name: card.countryName,
    city: card.cityName,
    start_year: card.startYear,
    end_year: card.endYear,
    status: card.status,
    evidence_level: card.evidenceLevel,
    themes: card.themes,
    illustrative: card.illustrative,
    updated_at: card.updatedAt,
    peer_review: presentPeerReviewMark(card.peerReview),
  };
}

/** A card's peer review mark for the API: who reviewed and when, or null. */
export function presentPeerReviewMark(mark: PeerReviewMark | null) {
  return mark ? { reviewers: mark.reviewers, decided_at: mark.decidedAt } : null;
}

export function presentPracticeList(
  list: PracticeListResult,
  publicUrl: string,
  languages: Map<number, LanguageState[]>,
) {
  return presentPage(
    list,
    list.items.map((card) => ({
      ...presentPracticeSummary(card, publicUrl),
      translations: (languages.get(card.id) ?? []).map((l) => ({
        language: l.language,
        status: l.status,
        translated_at: l.translatedAt,
      })),
    })),
  );
}

function translationStatus(
  p: PracticeDetail,
): 'original' | 'translated' | 'machine_translation_reviewed' {
  if (p.displayLanguage === p.language) return 'original';
  return p.machineTranslationReviewed ? 'machine_translation_reviewed' : 'translated';
}

export function presentPracticeDetail(p: PracticeDetail, publicUrl: string) {
  return {
    id: p.id,
    slug: p.slug,
    external_id: p.externalId,
    url: `${publicUrl}/practices/${p.slug}`,
    title: p.title,
    summary: p.summary,
    sections: Object.fromEntries(p.sections.map((s) => [s.key, s.text])),
    language: p.language,
    display_language: p.displayLanguage,
    available_languages: p.availableLanguages,
    translated_at: p.translatedAt,
    translation_status: translationStatus(p),
    translations: p.languageVersions.map((v) => ({
      language: v.language,
      status: v.status,
      translated_at: v.translatedAt,
      title: v.title,
      summary: v.summary,
      sections: Object.fromEntries(v.sections.map((s) => [s.key, s.text])),
    })),
    type: p.type,
    level: p.level,
    status: p.status,
    start_year: p.startYear,
    end_year: p.endYear,
    country: p.country,
    regions: p.regions,
    city: p.city
      ? {
          name: p.city.name,
          latitude: p.city.latitude,
          longitude: p.city.longitude,
          population: p.city.population,
        }
      : null,
    evidence_level: p.evidenceLevel,
    evidence_justification: p.evidenceJustification,
    peer_review: p.peerReview
      ? {
          reviewers: p.peerReview.reviewers,
          decided_at: p.peerReview.decidedAt,
          editors_reason: p.peerReview.override,
        }
      : null,
    version: p.version,
    archived: p.archivedAt !== null,
    attachments: p.attachments.map((f) => ({
      name: f.name,
      media_type: f.hasWebCopy ? 'image/webp' : f.mediaType,
      url: `${publicUrl}/files/${f.id}${f.hasWebCopy ? '/web' : ''}`,
    })),
    illustrative: p.illustrative,
    policy_areas: p.policyAreas,
    themes: p.themes,
    target_groups: p.targetGroups,
    actor_types: p.actorTypes,
    gcm_objectives: p.gcmObjectives,
    sdg_targets: p.sdgTargets,
    organisations: p.organisations.map((o) => ({
      name: o.name,
      type: o.type,
      role: o.role,
      website: o.website,
    })),
    source_url: p.sourceUrl,
    sources: p.sources,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}
