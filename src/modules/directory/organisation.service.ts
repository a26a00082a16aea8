import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import { type FieldProblem, NotFoundError, ValidationError } from '../../core/errors.ts';
import { isLocale, LOCALES, type Locale } from '../../core/i18n/locales.ts';
import { toSlug, uniqueSlug } from '../../core/slug.ts';
import { foldText, nowIso } from '../../core/text.ts';
import type { Db } from '../../db/connect.ts';
import type { OrganisationLookup } from '../accounts/index.ts';
import { getPlaceIndex } from '../places/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import * as organisations from './organisation.repository.ts';
import * as members from './organisation-member.repository.ts';

/**
 * Reading the directory of organisations: finding or creating one by name, the list and its
 * filters, each profile and who may change it (`rightsOf`), and the lookups the modules above
 * use. Changing a profile is in organisation-editing.service.ts, members in
 * organisation-member.service.ts, the four founding organisations in founding-organisations.ts.
 */

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
  const existing =
    (await organisations.findOrganisationByKey(db, nameKey, ref.countryCode)) ??
    (await sameOrganisationElsewhere(db, ref, nameKey));
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

/**
 * An international organisation named in another country or language: the one whose website is
 * on the same host ("iom.int" for IOM and OIM), or one that goes by one of the same names
 * (`internationalNameForms`). Without this, every practice an agency took part in would add
 * another copy of it to the directory. Other organisations stay apart: a city's departments
 * share its host.
 */
async function sameOrganisationElsewhere(db: Db, ref: OrganisationReference, nameKey: string) {
  if (ref.type !== 'international-organisation') return undefined;
  const host = hostOf(ref.website);
  const byHost = host ? await organisations.findOrganisationByWebsiteHost(db, host) : undefined;
  if (byHost?.type === 'international-organisation') return byHost;
  const forms = new Set(internationalNameForms(nameKey));
  const known = await organisations.listInternationalOrganisations(db);
  return known.find((row) => internationalNameForms(row.name_key).some((f) => forms.has(f)));
}

/**
 * The names one written form of an international organisation's name stands for, folded: the
 * whole, the name without its brackets, and each name given in brackets, so that
 * "Organización Internacional para las Migraciones (OIM) (International Organization for
 * Migration)" is also "international organization for migration". A bare acronym is not a name
 * of its own here: IOM and OIM are one body, and one acronym may stand for several.
 *
 *   internationalNameForms('unicef (united nations children’s fund)')
 *   // ['unicef (united nations children’s fund)', 'unicef', 'united nations children’s fund']
 */
export function internationalNameForms(nameKey: string): string[] {
  const bare = nameKey.replace(/\s*\([^)]*\)/g, '').trim();
  const bracketed = [...nameKey.matchAll(/\(([^)]*)\)/g)]
    .flatMap((m) => (m[1] as string).split(','))
    .map((part) => part.trim())
    .filter((part) => part.includes(' '));
  return [...new Set([nameKey, bare, ...bracketed].filter((form) => form !== ''))];
}

function hostOf(website: string | null | undefined): string | null {
  if (!website) return null;
  try {
    const host = new URL(website).hostname.toLowerCase();
    return host.includes('.') ? host : null;
  } catch {
    return null;
  }
}

// ───────────────────────────── The directory ─────────────────────────────

export const MEMBER_ROLES = ['member', 'admin'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** An organisation as every page of the directory names it. */
export interface OrganisationFacts {
  id: number;
  slug: string;
  name: string;
  type: string | null;
  typeLabel: string | null;
  countryCode: string | null;
  countryName: string | null;
  cityName: string | null;
  website: string | null;
  verified: boolean;
}

/**
 * How many practices each organisation takes part in, by id (absent: none). Practices sit above
 * the directory: app.ts gives the directory's pages and API the practices module's counter.
 */
export type PracticeCounter = (db: Db, organisationIds: number[]) => Promise<Map<number, number>>;

/** An organisation in the list, with its number of practices. */
export interface DirectoryEntry extends OrganisationFacts {
  practiceCount: number;
}

export interface OrganisationListResult {
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
  items: DirectoryEntry[];
}

export interface OrganisationListInput {
  type?: string;
  country?: string;
  verified?: boolean;
  q?: string;
  page: number;
  perPage: number;
}

export type ListedRow = NonNullable<
  Awaited<ReturnType<typeof organisations.findOrganisationBySlug>>
>;

async function summaries(db: Db, locale: Locale, rows: ListedRow[]): Promise<OrganisationFacts[]> {
  const [taxonomy, places] = await Promise.all([
    getTaxonomy(db, locale),
    getPlaceIndex(db, locale),
  ]);
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    type: row.type,
    typeLabel: row.type ? taxonomy.label('actor-type', row.type) : null,
    countryCode: row.country_code,
    countryName: row.country_code
      ? (places.country(row.country_code)?.name ?? row.country_code)
      : null,
    cityName: row.city_name,
    website: row.website,
    verified: row.verified_at !== null,
  }));
}

async function withPracticeCounts<T extends OrganisationFacts>(
  db: Db,
  countPractices: PracticeCounter,
  entries: T[],
): Promise<(T & { practiceCount: number })[]> {
  const counts = await countPractices(
    db,
    entries.map((e) => e.id),
  );
  return entries.map((e) => ({ ...e, practiceCount: counts.get(e.id) ?? 0 }));
}

/** The directory, filtered by type, country, the verified mark and part of the name. */
export async function listOrganisations(
  db: Db,
  locale: Locale,
  input: OrganisationListInput,
  countPractices: PracticeCounter,
): Promise<OrganisationListResult> {
  const [taxonomy, places] = await Promise.all([getTaxonomy(db, 'en'), getPlaceIndex(db, 'en')]);
  const problems: FieldProblem[] = [];
  if (input.type !== undefined && !taxonomy.has('actor-type', input.type))
    problems.push({ field: 'type', message: 'is not an actor type', key: 'form.error.choice' });
  const country = input.country?.toUpperCase();
  if (country !== undefined && !places.country(country))
    problems.push({
      field: 'country',
      message: 'is not a known country code',
      key: 'form.error.country',
    });
  if (problems.length > 0) throw new ValidationError(problems, 'invalid_filter');
  const words = foldText(input.q ?? '');
  const { rows, total } = await organisations.listOrganisationRows(db, {
    type: input.type,
    countryCode: country,
    verified: input.verified,
    nameKeyContains: words === '' ? undefined : words,
    limit: input.perPage,
    offset: (input.page - 1) * input.perPage,
  });
  return {
    total,
    page: input.page,
    perPage: input.perPage,
    pageCount: Math.max(1, Math.ceil(total / input.perPage)),
    items: await withPracticeCounts(db, countPractices, await summaries(db, locale, rows)),
  };
}

export interface OrganisationRights {
  /** The reader's own membership, if any. */
  membership: { role: MemberRole; listed: boolean } | null;
  mayEdit: boolean;
  /** Add and remove members: the organisation's admins and the editors. */
  mayManageMembers: boolean;
  mayVerify: boolean;
}

export async function rightsOf(
  db: Db,
  actor: Actor,
  organisationId: number,
): Promise<OrganisationRights> {
  const row =
    actor.kind === 'user' ? await members.findMembership(db, organisationId, actor.id) : undefined;
  const ownerId = row && actor.kind === 'user' ? actor.id : undefined;
  const mayEdit = can(actor, 'organisations.edit', { id: organisationId, ownerId });
  return {
    membership: row
      ? { role: row.role === 'admin' ? 'admin' : 'member', listed: row.listed === 1 }
      : null,
    mayEdit,
    mayManageMembers:
      row?.role === 'admin' ? mayEdit : can(actor, 'organisations.edit', { id: organisationId }),
    mayVerify: can(actor, 'organisations.verify'),
  };
}

export interface OrganisationProfile extends OrganisationFacts {
  /** The description in the reader's language, else English, else the first written. */
  description: string | null;
  descriptionLocale: Locale | null;
  descriptions: Partial<Record<Locale, string>>;
  verifiedAt: string | null;
  /** Only the members who chose to be named, by name. */
  members: { name: string; role: MemberRole }[];
  createdAt: string;
  updatedAt: string;
}

function pickDescription(
  descriptions: Partial<Record<Locale, string>>,
  locale: Locale,
): Locale | null {
  if (descriptions[locale]) return locale;
  if (descriptions.en) return 'en';
  return (LOCALES.find((l) => descriptions[l]) as Locale | undefined) ?? null;
}

export async function findOrThrow(db: Db, slug: string): Promise<ListedRow> {
  const row = await organisations.findOrganisationBySlug(db, slug);
  if (!row)
    throw new NotFoundError(
      'organisation_not_found',
      `No organisation has the slug "${slug.slice(0, 100)}".`,
    );
  return row;
}

export async function getOrganisation(
  db: Db,
  locale: Locale,
  slug: string,
): Promise<OrganisationProfile> {
  const row = await findOrThrow(db, slug);
  const [[summary], descriptionRows, listed] = await Promise.all([
    summaries(db, locale, [row]),
    organisations.listDescriptions(db, row.id),
    members.listMembers(db, row.id, { listedOnly: true }),
  ]);
  const descriptions: Partial<Record<Locale, string>> = {};
  for (const d of descriptionRows) if (isLocale(d.locale)) descriptions[d.locale] = d.description;
  const descriptionLocale = pickDescription(descriptions, locale);
  return {
    ...(summary as OrganisationFacts),
    description: descriptionLocale ? (descriptions[descriptionLocale] ?? null) : null,
    descriptionLocale,
    descriptions,
    verifiedAt: row.verified_at,
    members: listed.map((m) => ({ name: m.name, role: m.role === 'admin' ? 'admin' : 'member' })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The profile with its number of practices, for the API. */
export async function getOrganisationDetail(
  db: Db,
  locale: Locale,
  slug: string,
  countPractices: PracticeCounter,
): Promise<OrganisationProfile & { practiceCount: number }> {
  const [detail] = await withPracticeCounts(db, countPractices, [
    await getOrganisation(db, locale, slug),
  ]);
  return detail as OrganisationProfile & { practiceCount: number };
}

/**
 * The profile page: the organisation and what the reader may do (its practices and events are
 * panels of those modules, see organisation.slots.ts).
 */
export async function getOrganisationPage(db: Db, actor: Actor, locale: Locale, slug: string) {
  const organisation = await getOrganisation(db, locale, slug);
  const [rights, admins] = await Promise.all([
    rightsOf(db, actor, organisation.id),
    members.countAdminMembers(db, organisation.id),
  ]);
  // Nobody manages it (never claimed, or its last admin left): the editors answer for it.
  return { organisation, rights, managedByEditors: admins === 0 };
}

export async function organisationName(db: Db, id: number | null): Promise<string | null> {
  return id === null ? null : ((await organisations.findOrganisationName(db, id)) ?? null);
}

export interface OrganisationSummary {
  id: number;
  slug: string;
  name: string;
  type: string | null;
  website: string | null;
  countryCode: string | null;
}

/** Organisations by id, in the order asked; ids that no longer exist are left out. */
export async function findOrganisationsByIds(
  db: Db,
  ids: number[],
): Promise<OrganisationSummary[]> {
  const rows = await organisations.findOrganisationsByIds(db, [...new Set(ids)]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r
      ? [
          {
            id: r.id,
            slug: r.slug,
            name: r.name,
            type: r.type,
            website: r.website,
            countryCode: r.country_code,
          },
        ]
      : [];
  });
}

/** An organisation an editor named by its slug or its name (case and accents ignored). */
export async function findOrganisationByReference(
  db: Db,
  reference: string,
): Promise<{ id: number; slug: string; name: string } | undefined> {
  const text = reference.trim();
  if (text === '') return undefined;
  return organisations.findOrganisationBySlugOrKey(db, text, foldText(text));
}

/**
 * Of the organisations a practice names, those that may answer for it: the ones an editor
 * verified, and those its proposer is a member of. Anyone may create an organisation under any
 * name and a practice is matched to one by name, so an unverified one that did not propose the
 * practice may be someone who took the name first.
 */
export async function organisationsAnsweringFor(
  db: Db,
  organisationIds: number[],
  proposerId: number | undefined,
): Promise<number[]> {
  const ids = [...new Set(organisationIds)];
  const [verified, own] = await Promise.all([
    organisations.listVerifiedIds(db, ids),
    proposerId === undefined ? [] : members.listMembershipPairs(db, [proposerId]),
  ]);
  const answering = new Set([...verified, ...own.map((m) => m.organisation_id)]);
  return ids.filter((id) => answering.has(id));
}

/** The admins of an organisation, by user id: those who receive what is written to it. */
export async function listOrganisationAdminIds(db: Db, organisationId: number): Promise<number[]> {
  const rows = await members.listMembers(db, organisationId, { listedOnly: false });
  return rows.filter((m) => m.role === 'admin').map((m) => m.user_id);
}

/** The organisation people name in their account's profile; given to the account pages in app.ts. */
export const profileOrganisations: OrganisationLookup = {
  resolve: (trx, name, countryCode) =>
    resolveOrganisation(trx, { name, type: null, website: null, countryCode, cityId: null }),
  nameOf: organisationName,
};
