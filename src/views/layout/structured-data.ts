import type { ViewContext } from '../../core/http/view-context.ts';
import type { JsonLdData } from '../components/JsonLd.tsx';

/**
 * schema.org descriptions shared by every page: the site and the organisation behind it, each
 * with a stable `@id` so that pages refer to them rather than repeat them.
 */
export const CC_BY_4 = 'https://creativecommons.org/licenses/by/4.0/';

export function siteIds(ctx: ViewContext) {
  return {
    website: `${ctx.publicUrl}/#website`,
    organisation: `${ctx.publicUrl}/#organization`,
  };
}

/** The site (a reference to it, enough for `isPartOf`). */
export function websiteRef(ctx: ViewContext) {
  return {
    '@type': 'WebSite',
    '@id': siteIds(ctx).website,
    name: ctx.text('site.name'),
    url: `${ctx.publicUrl}${ctx.href('/')}`,
  };
}

/** The clearinghouse as publisher. */
export function organisationRef(ctx: ViewContext) {
  return {
    '@type': 'Organization',
    '@id': siteIds(ctx).organisation,
    name: ctx.text('site.name'),
    url: `${ctx.publicUrl}${ctx.href('/')}`,
  };
}

/**
 * The home page: the WebSite, with the search box that search engines may offer
 * (`/search?q=…` in the reader's language), and the Organization.
 */
export function homeStructuredData(ctx: ViewContext, description: string | undefined): JsonLdData {
  return {
    '@context': 'https://schema.org',
    '@graph': [
      {
        ...websiteRef(ctx),
        ...(description ? { description } : {}),
        inLanguage: ctx.locale,
        license: CC_BY_4,
        publisher: { '@id': siteIds(ctx).organisation },
        potentialAction: {
          '@type': 'SearchAction',
          target: {
            '@type': 'EntryPoint',
            urlTemplate: `${ctx.publicUrl}${ctx.href('/search')}?q={search_term_string}`,
          },
          'query-input': 'required name=search_term_string',
        },
      },
      organisationRef(ctx),
    ],
  };
}

/** A page that lists practices: a theme, a region, a country. */
export function collectionStructuredData(
  ctx: ViewContext,
  page: { title: string; description?: string; url: string },
): JsonLdData {
  return {
    '@context': 'https://schema.org',
    '@type': 'CollectionPage',
    name: page.title,
    ...(page.description ? { description: page.description } : {}),
    url: page.url,
    inLanguage: ctx.locale,
    isPartOf: websiteRef(ctx),
  };
}

const COLLECTION_PATH = /^\/(themes|regions|countries)\/[^/]+$/;

/**
 * The structured data a page gets when it gives none: the home page describes the site, and
 * theme, region and country pages are collections of practices. Other pages have none.
 */
export function defaultStructuredData(
  ctx: ViewContext,
  page: { title: string; description?: string; url: string },
): JsonLdData | undefined {
  const path = ctx.path.split('?')[0] ?? '/';
  if (path === '/') return homeStructuredData(ctx, page.description);
  if (COLLECTION_PATH.test(path)) return collectionStructuredData(ctx, page);
  return undefined;
}
