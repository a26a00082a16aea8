import type { ViewContext } from '../../../core/http/view-context.ts';
import type { JsonLdData } from '../../../views/components/JsonLd.tsx';
import { CC_BY_4, organisationRef, websiteRef } from '../../../views/layout/structured-data.ts';
import type { PracticeDetail } from '../practice-detail.service.ts';

/**
 * schema.org for a practice page: an Article about the practice, by its lead organisations,
 * published by the clearinghouse under CC BY 4.0, with its themes and where it happens.
 */
export function practiceStructuredData(
  ctx: ViewContext,
  p: PracticeDetail,
  url: string,
): JsonLdData {
  const lead = p.organisations.filter((o) => o.role === 'lead');
  const organisation = (o: PracticeDetail['organisations'][number]) => ({
    '@type': 'Organization',
    name: o.name,
    ...(o.website ? { url: o.website } : {}),
  });
  const country = { '@type': 'Country', name: p.country.name, identifier: p.country.code };
  const cityName = p.cityName ?? p.city?.name;
  const geo =
    p.city && p.city.latitude !== null && p.city.longitude !== null
      ? {
          geo: {
            '@type': 'GeoCoordinates',
            latitude: p.city.latitude,
            longitude: p.city.longitude,
          },
        }
      : {};
  return {
    '@context': 'https://schema.org',
    '@type': 'Article',
    '@id': `${url}#practice`,
    url,
    mainEntityOfPage: url,
    name: p.title,
    headline: p.title.length > 110 ? `${p.title.slice(0, 109)}…` : p.title,
    description: p.summary,
    inLanguage: p.displayLanguage,
    ...(p.createdAt ? { datePublished: p.createdAt } : {}),
    dateModified: p.updatedAt,
    ...(p.version > 0 ? { version: p.version } : {}),
    license: CC_BY_4,
    isAccessibleForFree: true,
    about: p.themes.map((theme) => ({
      '@type': 'DefinedTerm',
      name: theme.label,
      termCode: theme.id,
      url: `${ctx.publicUrl}${ctx.href(`/themes/${theme.id}`)}`,
    })),
    spatialCoverage: cityName
      ? {
          '@type': 'Place',
          name: `${cityName}, ${p.country.name}`,
          address: {
            '@type': 'PostalAddress',
            addressLocality: cityName,
            addressCountry: p.country.code,
          },
          containedInPlace: country,
          ...geo,
        }
      : country,
    author: (lead.length > 0 ? lead : p.organisations).map(organisation),
    ...(lead.length > 0 && p.organisations.length > lead.length
      ? { contributor: p.organisations.filter((o) => o.role !== 'lead').map(organisation) }
      : {}),
    publisher: organisationRef(ctx),
    isPartOf: websiteRef(ctx),
  };
}
