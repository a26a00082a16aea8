import { localePath } from '../../core/http/locale.ts';
import { presentPage } from '../../core/http/paged.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import type { NewsDetail, NewsSummary } from './news.service.ts';

export function newsUrl(publicUrl: string, locale: Locale, slug: string): string {
  return `${publicUrl}${localePath(locale, `/press/${encodeURIComponent(slug)}`)}`;
}

export function presentNewsSummary(item: NewsSummary, publicUrl: string) {
  return {
    id: item.id,
    slug: item.slug,
    url: newsUrl(publicUrl, 'en', item.slug),
    kind: item.kind,
    title: item.title,
    dateline: item.dateline,
    published_on: item.publishedOn,
    language: item.language,
    display_language: item.displayLanguage,
    lead: item.lead,
    updated_at: item.updatedAt,
  };
}

export function presentNewsList(
  list: { items: NewsSummary[]; total: number; page: number; perPage: number },
  publicUrl: string,
) {
  return presentPage(
    list,
    list.items.map((i) => presentNewsSummary(i, publicUrl)),
  );
}

export function presentNewsDetail(item: NewsDetail, publicUrl: string) {
  return {
    ...presentNewsSummary(item, publicUrl),
    body: item.body,
    speakers_available: item.speakersAvailable,
    speakers_note: item.speakersNote,
    event: item.event
      ? {
          slug: item.event.slug,
          title: item.event.title,
          starts_at: item.event.startsAt,
          url: `${publicUrl}/events/${encodeURIComponent(item.event.slug)}`,
        }
      : null,
    contacts: item.contacts,
    organisations: item.organisations.map((o) => ({
      slug: o.slug,
      name: o.name,
      url: `${publicUrl}/organisations/${encodeURIComponent(o.slug)}`,
    })),
  };
}

/** schema.org NewsArticle. */
export function newsJsonLd(
  item: NewsDetail,
  url: string,
  publicUrl: string,
): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': url,
    url,
    headline: item.title,
    articleBody: item.body,
    inLanguage: item.displayLanguage,
    datePublished: item.publishedOn,
    dateModified: item.updatedAt,
    ...(item.dateline ? { locationCreated: { '@type': 'Place', name: item.dateline } } : {}),
    author: item.organisations.map((o) => ({
      '@type': 'Organization',
      name: o.name,
      url: `${publicUrl}/organisations/${encodeURIComponent(o.slug)}`,
    })),
    ...(item.event
      ? {
          about: {
            '@type': 'Event',
            name: item.event.title,
            url: `${publicUrl}/events/${encodeURIComponent(item.event.slug)}`,
          },
        }
      : {}),
  };
}
