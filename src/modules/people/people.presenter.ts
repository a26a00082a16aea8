import { presentPage } from '../../core/http/paged.ts';
import type { PracticeCard } from '../practices/index.ts';
import type { ExpertListResult, PersonProfile, PersonSummary } from './people.service.ts';

/** Pure functions that pick the public fields: there is no address to leak, by construction. */
export function presentPersonSummary(p: PersonSummary, publicUrl: string) {
  return {
    id: p.id,
    url: `${publicUrl}/people/${p.id}`,
    name: p.name,
    headline: p.headline,
    organisation: p.organisation
      ? {
          slug: p.organisation.slug,
          name: p.organisation.name,
          url: `${publicUrl}/organisations/${p.organisation.slug}`,
        }
      : null,
    unconfirmed_organisation: p.unconfirmedOrganisation,
    themes: p.themes,
    languages: p.languages,
    regions: p.regions,
    updated_at: p.updatedAt,
  };
}

export function presentExpertList(list: ExpertListResult, publicUrl: string) {
  return presentPage(
    list,
    list.items.map((p) => presentPersonSummary(p, publicUrl)),
  );
}

export function presentPersonDetail(
  p: PersonProfile,
  practices: { total: number; items: PracticeCard[] },
  publicUrl: string,
) {
  return {
    ...presentPersonSummary(p, publicUrl),
    bio: p.bio,
    contact_url: `${publicUrl}/contact/person/${p.id}`,
    practices: practices.items.map((c) => ({
      id: c.id,
      slug: c.slug,
      title: c.title,
      url: `${publicUrl}/practices/${c.slug}`,
    })),
    practice_count: practices.total,
    created_at: p.createdAt,
  };
}
