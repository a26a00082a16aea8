import { toSlug, uniqueSlug } from '../../core/slug.ts';
import { foldText, nowIso } from '../../core/text.ts';
import type { Db } from '../../db/connect.ts';
import * as organisations from './organisation.repository.ts';

export interface OrganisationReference {
  name: string;
  type: string | null;
  website: string | null;
  countryCode: string | null;
  cityId: number | null;
}

/**
 * The organisation with this name in this country, created when new. Names are matched without
 * regard to case, accents or spacing, so "Ville de Montréal" and "VILLE DE MONTREAL" are one.
 * A type or website given later fills in what was missing; it never erases what is known.
 */
export async function resolveOrganisation(db: Db, ref: OrganisationReference): Promise<number> {
  const nameKey = foldText(ref.name);
  const existing = await organisations.findOrganisationByKey(db, nameKey, ref.countryCode);
  const now = nowIso();
  if (existing) {
    const changes: { type?: string; website?: string } = {};
    if (ref.type && ref.type !== existing.type) changes.type = ref.type;
    if (ref.website && ref.website !== existing.website) changes.website = ref.website;
    if (Object.keys(changes).length > 0)
      await organisations.updateOrganisation(db, existing.id, { ...changes, updated_at: now });
    return existing.id;
  }
  const slug = await uniqueSlug(toSlug(ref.name, 'organisation'), (s) =>
    organisations.organisationSlugExists(db, s),
  );
  return organisations.insertOrganisation(db, {
    slug,
    name: ref.name.trim(),
    name_key: nameKey,
    type: ref.type,
    country_code: ref.countryCode,
    city_id: ref.cityId,
    website: ref.website,
    created_at: now,
    updated_at: now,
  });
}

export const countOrganisations = organisations.countOrganisations;

export async function organisationName(db: Db, id: number | null): Promise<string | null> {
  return id === null ? null : ((await organisations.findOrganisationName(db, id)) ?? null);
}
