import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import { AppError, type FieldProblem, ForbiddenError, ValidationError } from '../../core/errors.ts';
import { isLocale, LOCALES, type Locale } from '../../core/i18n/locales.ts';
import { toSlug, uniqueSlug } from '../../core/slug.ts';
import { foldText, nowIso } from '../../core/text.ts';
import { isWebAddress, problem, readText } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { getPlaceIndex, resolveCity } from '../places/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import * as organisations from './organisation.repository.ts';
import {
  findOrThrow,
  getOrganisation,
  type ListedRow,
  type OrganisationProfile,
  type PracticeCounter,
  rightsOf,
} from './organisation.service.ts';
import * as changes from './organisation-change.repository.ts';
import * as members from './organisation-member.repository.ts';

/**
 * Changing the directory: creating an organisation, editing its profile, the verified mark.
 * Kept apart from reading it (organisation.service.ts) because these share the profile's rules
 * (name, website, descriptions, who may edit) and the hold on a member's change to an
 * organisation that practices name, on which an editor then decides
 * (organisation-change.service.ts).
 */

const NAME_MAX = 200;
const CITY_MAX = 100;
const WEBSITE_MAX = 500;
export const DESCRIPTION_MAX = 5000;

/**
 * Whether this person's changes to the profile wait for an editor: those of an organisation that
 * published practices name show on their pages, and whoever first created a name must not decide
 * what those pages say.
 */
async function changesNeedApproval(
  db: Db,
  actor: Actor,
  organisationId: number,
  countPractices: PracticeCounter,
): Promise<boolean> {
  if (can(actor, 'organisations.editNamed')) return false;
  return ((await countPractices(db, [organisationId])).get(organisationId) ?? 0) > 0;
}

/**
 * The profile as it stands, for the edit form of a member or an editor, and whether an editor
 * approves the changes before they show.
 */
export async function getOrganisationForEdit(
  db: Db,
  actor: Actor,
  locale: Locale,
  slug: string,
  countPractices: PracticeCounter,
): Promise<{ organisation: OrganisationProfile; needsApproval: boolean }> {
  const organisation = await getOrganisation(db, locale, slug);
  if (!(await rightsOf(db, actor, organisation.id)).mayEdit) throw new ForbiddenError();
  return {
    organisation,
    needsApproval: await changesNeedApproval(db, actor, organisation.id, countPractices),
  };
}

export interface OrganisationInput {
  name?: unknown;
  type?: unknown;
  country?: unknown;
  city?: unknown;
  website?: unknown;
  /** Descriptions by language; an empty text removes that language. */
  descriptions?: unknown;
}

/** A whole profile, checked: what an edit writes, or what a held change will write. */
export interface CheckedOrganisation {
  name: string;
  type: string;
  countryCode: string | null;
  city: string | null;
  website: string | null;
  descriptions: [Locale, string][];
}

/**
 * The name is taken in this country. With the organisation that has it, its slug and name go with
 * the problem, so that the creation form links to it and its "Ask to manage" page instead.
 */
function duplicateName(existing?: { slug: string; name: string }): AppError {
  return new AppError(
    409,
    'organisation_exists',
    'name: an organisation with this name already exists in this country',
    [
      {
        field: 'name',
        message: 'an organisation with this name already exists in this country',
        key: 'organisation.error.duplicate',
        ...(existing ? { values: { slug: existing.slug, name: existing.name } } : {}),
      },
    ],
  );
}

/** Checks a whole profile (a creation, or an edit merged with what is kept). */
async function checkOrganisation(db: Db, input: OrganisationInput): Promise<CheckedOrganisation> {
  const problems: FieldProblem[] = [];
  const textOf = (field: string, value: unknown, max: number, required: boolean) =>
    readText(problems, field, value, { max, required }) ?? '';
  const name = textOf('name', input.name, NAME_MAX, true).replace(/\s+/g, ' ');
  const type = textOf('type', input.type, 100, true);
  const [taxonomy, places] = await Promise.all([getTaxonomy(db, 'en'), getPlaceIndex(db, 'en')]);
  if (type !== '' && !taxonomy.has('actor-type', type))
    problems.push({ field: 'type', message: 'is not an actor type', key: 'form.error.choice' });
  const country = textOf('country', input.country, 10, false).toUpperCase();
  if (country !== '' && !places.country(country))
    problems.push({
      field: 'country',
      message: 'is not a known country code',
      key: 'form.error.country',
    });
  const city = textOf('city', input.city, CITY_MAX, false).replace(/\s+/g, ' ');
  if (city !== '' && country === '' && !problems.some((p) => p.field === 'country'))
    problems.push({
      field: 'city',
      message: 'needs the country it is in',
      key: 'organisation.error.cityNeedsCountry',
    });
  // Shorter than readWebAddress allows: the directory keeps to its own column's bound.
  const website = textOf('website', input.website, WEBSITE_MAX, false);
  if (website !== '' && !problems.some((p) => p.field === 'website') && !isWebAddress(website))
    problems.push(
      problem(
        'website',
        'must be a web address starting with http:// or https://',
        'form.error.url',
      ),
    );
  const descriptions: [Locale, string][] = [];
  if (input.descriptions !== undefined && input.descriptions !== null) {
    if (typeof input.descriptions !== 'object' || Array.isArray(input.descriptions))
      problems.push({ field: 'descriptions', message: 'must map language codes to texts' });
    else
      for (const [locale, description] of Object.entries(input.descriptions)) {
        if (!isLocale(locale)) {
          problems.push({
            field: `descriptions.${locale.slice(0, 20)}`,
            message: `is not one of the languages ${LOCALES.join(', ')}`,
          });
          continue;
        }
        descriptions.push([
          locale,
          readText(problems, `descriptions.${locale}`, description, { max: DESCRIPTION_MAX }) ?? '',
        ]);
      }
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return {
    name,
    type,
    countryCode: country === '' ? null : country,
    city: city === '' ? null : city,
    website: website === '' ? null : website,
    descriptions,
  };
}

export function userOf(actor: Actor): number {
  if (actor.kind !== 'user') throw new ForbiddenError();
  return actor.id;
}

/** A new organisation, unverified, with the person who creates it as its admin. */
export async function createOrganisation(
  db: Db,
  actor: Actor,
  input: OrganisationInput,
): Promise<{ slug: string }> {
  if (!can(actor, 'organisations.create')) throw new ForbiddenError();
  const userId = userOf(actor);
  const values = await checkOrganisation(db, input);
  const created = await write(
    db,
    actor,
    async ({ trx }) => {
      const nameKey = foldText(values.name);
      const existing = await organisations.findOrganisationByKey(trx, nameKey, values.countryCode);
      if (existing) throw duplicateName(existing);
      const cityId =
        values.city && values.countryCode
          ? (await resolveCity(trx, values.countryCode, values.city)).cityId
          : null;
      const slug = await uniqueSlug(toSlug(values.name, 'organisation'), (s) =>
        organisations.organisationSlugExists(trx, s),
      );
      const now = nowIso();
      const id = await organisations.insertOrganisation(trx, {
        slug,
        name: values.name,
        name_key: nameKey,
        type: values.type,
        country_code: values.countryCode,
        city_id: cityId,
        website: values.website,
        created_at: now,
        updated_at: now,
      });
      for (const [locale, text] of values.descriptions)
        await organisations.replaceDescription(trx, id, locale, text);
      await members.insertMember(trx, {
        organisation_id: id,
        user_id: userId,
        role: 'admin',
        listed: 0,
        joined_at: now,
      });
      return { id, slug };
    },
    {
      audit: ({ id }) => ({
        action: 'organisation.created',
        subject: { type: 'organisation', id },
      }),
    },
  );
  return { slug: created.slug };
}

/**
 * Writes a checked profile over an organisation's, in the caller's transaction; refused (409) when
 * another organisation of the country has the name by then.
 */
export async function applyProfile(
  trx: Db,
  row: ListedRow,
  values: CheckedOrganisation,
): Promise<void> {
  const nameKey = foldText(values.name);
  if (await organisations.organisationKeyTaken(trx, nameKey, values.countryCode, row.id))
    throw duplicateName();
  const sameCity = values.city === row.city_name && values.countryCode === row.country_code;
  const cityId = sameCity
    ? row.city_id
    : values.city && values.countryCode
      ? (await resolveCity(trx, values.countryCode, values.city)).cityId
      : null;
  await organisations.updateOrganisationProfile(trx, row.id, {
    name: values.name,
    name_key: nameKey,
    type: values.type,
    country_code: values.countryCode,
    city_id: cityId,
    website: values.website,
    updated_at: nowIso(),
  });
  for (const [locale, text] of values.descriptions)
    await organisations.replaceDescription(trx, row.id, locale, text);
}

/** Whether a checked profile would change anything of the organisation as it stands. */
async function changesAnything(db: Db, row: ListedRow, values: CheckedOrganisation) {
  const descriptions = new Map(
    (await organisations.listDescriptions(db, row.id)).map((d) => [d.locale, d.description]),
  );
  return (
    values.name !== row.name ||
    values.type !== row.type ||
    values.countryCode !== row.country_code ||
    values.city !== row.city_name ||
    values.website !== row.website ||
    values.descriptions.some(([locale, text]) => (descriptions.get(locale) ?? '') !== text)
  );
}

/**
 * Changes a profile. Fields left out keep their value; null clears an optional one. Members
 * and editors may do this; a member's change to an organisation that published practices name
 * waits for an editor (`held`), who sees it on the profile and on /editor/organisations.
 */
export async function editOrganisation(
  db: Db,
  actor: Actor,
  slug: string,
  input: OrganisationInput,
  countPractices: PracticeCounter,
): Promise<{ slug: string; held: boolean }> {
  const row = await findOrThrow(db, slug);
  if (!(await rightsOf(db, actor, row.id)).mayEdit) throw new ForbiddenError();
  const keep = <T>(value: unknown, current: T) => (value === undefined ? current : value);
  const values = await checkOrganisation(db, {
    name: keep(input.name, row.name),
    type: keep(input.type, row.type ?? ''),
    country: keep(input.country, row.country_code ?? ''),
    city: keep(input.city, row.city_name ?? ''),
    website: keep(input.website, row.website ?? ''),
    descriptions: input.descriptions,
  });
  if (await changesNeedApproval(db, actor, row.id, countPractices)) {
    if (!(await changesAnything(db, row, values))) return { slug: row.slug, held: false };
    await write(
      db,
      actor,
      async ({ trx }) => {
        // Refused now rather than when an editor approves: the member can still choose another.
        const nameKey = foldText(values.name);
        if (await organisations.organisationKeyTaken(trx, nameKey, values.countryCode, row.id))
          throw duplicateName();
        await changes.replaceChange(trx, {
          organisation_id: row.id,
          proposed_by: userOf(actor),
          changes: JSON.stringify(values),
          created_at: nowIso(),
        });
      },
      {
        audit: {
          action: 'organisation.change_proposed',
          subject: { type: 'organisation', id: row.id },
        },
      },
    );
    return { slug: row.slug, held: true };
  }
  await write(db, actor, ({ trx }) => applyProfile(trx, row, values), {
    audit: { action: 'organisation.edited', subject: { type: 'organisation', id: row.id } },
    // Published practices show the organisation's name and website.
    contentChanged: true,
  });
  return { slug: row.slug, held: false };
}

/** Gives or takes away the "verified" mark (editors). */
export async function setOrganisationVerified(
  db: Db,
  actor: Actor,
  slug: string,
  verified: boolean,
): Promise<void> {
  if (!can(actor, 'organisations.verify')) throw new ForbiddenError();
  const row = await findOrThrow(db, slug);
  if (verified === (row.verified_at !== null)) return;
  await write(
    db,
    actor,
    ({ trx }) =>
      organisations.updateOrganisationProfile(trx, row.id, {
        verified_at: verified ? nowIso() : null,
        verified_by: verified ? userOf(actor) : null,
      }),
    {
      audit: {
        action: verified ? 'organisation.verified' : 'organisation.unverified',
        subject: { type: 'organisation', id: row.id },
      },
    },
  );
}
