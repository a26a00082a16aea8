import { presentPage } from '../../core/http/paged.ts';
import type {
  DirectoryEntry,
  OrganisationListResult,
  OrganisationProfile,
} from './organisation.service.ts';

/** Pure functions that pick the public fields: no member's address ever reaches the API. */
export function presentOrganisationSummary(o: DirectoryEntry, publicUrl: string) {
  return {
    id: o.id,
    slug: o.slug,
    url: `${publicUrl}/organisations/${o.slug}`,
    name: o.name,
    type: o.type,
    type_label: o.typeLabel,
    country: o.countryCode,
    country_name: o.countryName,
    city: o.cityName,
    website: o.website,
    verified: o.verified,
    practice_count: o.practiceCount,
  };
}

export function presentOrganisationList(list: OrganisationListResult, publicUrl: string) {
  return presentPage(
    list,
    list.items.map((o) => presentOrganisationSummary(o, publicUrl)),
  );
}

export function presentOrganisationDetail(
  p: OrganisationProfile & { practiceCount: number },
  publicUrl: string,
) {
  return {
    ...presentOrganisationSummary(p, publicUrl),
    description: p.description,
    description_language: p.descriptionLocale,
    descriptions: p.descriptions,
    verified_at: p.verifiedAt,
    members: p.members.map((m) => ({ name: m.name, role: m.role })),
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

/** A member's change that waits for an editor: the organisation as it is still shown. */
export function presentHeldOrganisationChange(
  organisation: ReturnType<typeof presentOrganisationDetail>,
) {
  return {
    status: 'awaiting_approval' as const,
    detail:
      'Published practices name this organisation: an editor must approve the change before it is shown.',
    organisation,
  };
}
