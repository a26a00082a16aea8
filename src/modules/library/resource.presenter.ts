import { presentPage } from '../../core/http/paged.ts';
import type { LibraryResult, ResourceCard, ResourceDetail } from './resource.service.ts';

/** A resource in the API: the fields of its card, with absolute addresses. */
export function presentResourceSummary(card: ResourceCard, publicUrl: string) {
  return {
    id: card.id,
    slug: card.slug,
    url: `${publicUrl}/resources/${card.slug}`,
    type: card.type,
    title: card.title,
    abstract: card.abstract,
    authors: card.authors,
    year: card.year,
    language: card.language,
    display_language: card.displayLanguage,
    link_url: card.linkUrl,
    file_url: card.hasFile ? `${publicUrl}/resources/${card.slug}/file` : null,
    themes: card.themes,
    updated_at: card.updatedAt,
  };
}

export function presentLibraryResult(result: LibraryResult, publicUrl: string) {
  return {
    ...presentPage(
      result,
      result.hits.map((hit) => presentResourceSummary(hit.card, publicUrl)),
    ),
    facets: result.facets,
    concepts: result.concepts,
  };
}

export function presentResourceDetail(resource: ResourceDetail, publicUrl: string) {
  return {
    ...presentResourceSummary(resource, publicUrl),
    file: resource.file
      ? { name: resource.file.name, media_type: resource.file.mediaType, size: resource.file.size }
      : null,
    available_languages: resource.availableLanguages,
    created_at: resource.createdAt,
  };
}
