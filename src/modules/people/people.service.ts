import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import {
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.ts';
import { type Locale, languageName } from '../../core/i18n/locales.ts';
import { nowIso } from '../../core/text.ts';
import { languageTag, languageTagOrName, readText } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import type { AccountDataSection } from '../accounts/index.ts';
import {
  findOrganisationsByIds,
  findOwnOrganisation,
  listMemberships,
} from '../directory/index.ts';
import { getPlaceIndex, type PlaceIndex } from '../places/index.ts';
import { listPracticesProposedBy, type PracticeCard } from '../practices/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import * as people from './people.repository.ts';

export const HEADLINE_MAX = 200;
export const ORGANISATION_MAX = 200;
export const BIO_MAX = 3000;
export const MAX_THEMES = 20;
export const MAX_LANGUAGES = 20;
export const MAX_REGIONS = 20;
export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

/** A region a person may name: any M49 region below the world. */
function knownRegion(places: PlaceIndex, code: string) {
  const region = places.region(code);
  return region && region.level > 0 ? region : undefined;
}

// ───────────────────────────── Public profiles ─────────────────────────────

export interface PersonSummary {
  id: number;
  name: string;
  headline: string;
  /** The organisation the person speaks for: only one that counts them among its members. */
  organisation: { slug: string; name: string } | null;
  /** Any other organisation the person named, in their words: shown as unverified, not linked. */
  unconfirmedOrganisation: string | null;
  themes: { id: string; label: string }[];
  /** BCP-47 tags, in the person's order. */
  languages: string[];
  regions: { code: string; name: string }[];
  updatedAt: string;
}

export interface PersonProfile extends PersonSummary {
  bio: string;
  createdAt: string;
}

interface SummaryRow {
  user_id: number;
  name: string;
  headline: string;
  organisation_id: number | null;
  organisation_name: string | null;
  updated_at: string;
}

async function summaries(db: Db, locale: Locale, rows: SummaryRow[]): Promise<PersonSummary[]> {
  const ids = rows.map((r) => r.user_id);
  const [attributes, organisations, memberships, taxonomy, places] = await Promise.all([
    people.listAttributesOf(db, ids),
    findOrganisationsByIds(
      db,
      rows.flatMap((r) => (r.organisation_id === null ? [] : [r.organisation_id])),
    ),
    listMemberships(db, ids),
    getTaxonomy(db, locale),
    getPlaceIndex(db, locale),
  ]);
  const byOrganisation = new Map(organisations.map((o) => [o.id, o]));
  const group = (list: { user_id: number; value: string }[]) => {
    const map = new Map<number, string[]>();
    for (const row of list) map.set(row.user_id, [...(map.get(row.user_id) ?? []), row.value]);
    return map;
  };
  const themes = group(attributes.themes);
  const languages = group(attributes.languages);
  const regions = group(attributes.regions);
  const themeOrder = new Map(taxonomy.list('theme').map((c, i) => [c.id, i]));
  return rows.map((row) => {
    const organisation =
      row.organisation_id === null ? undefined : byOrganisation.get(row.organisation_id);
    // Checked as it is read: a person who left the organisation no longer speaks for it.
    const member =
      organisation !== undefined && memberships.get(row.user_id)?.has(organisation.id) === true;
    return {
      id: row.user_id,
      name: row.name,
      headline: row.headline,
      organisation:
        organisation && member ? { slug: organisation.slug, name: organisation.name } : null,
      unconfirmedOrganisation:
        organisation && !member ? organisation.name : (row.organisation_name ?? null),
      themes: (themes.get(row.user_id) ?? [])
        .filter((id) => taxonomy.has('theme', id))
        .sort((a, b) => (themeOrder.get(a) ?? 0) - (themeOrder.get(b) ?? 0))
        .map((id) => ({ id, label: taxonomy.label('theme', id) })),
      languages: languages.get(row.user_id) ?? [],
      regions: (regions.get(row.user_id) ?? [])
        .flatMap((code) => {
          const region = knownRegion(places, code);
          return region ? [{ code, name: region.name }] : [];
        })
        .sort((a, b) => a.name.localeCompare(b.name, locale)),
      updatedAt: row.updated_at,
    };
  });
}

/** An id from a URL: unknown, malformed and unlisted all answer the same 404. */
function personNotFound(): NotFoundError {
  return new NotFoundError('person_not_found', 'No listed person has this id.');
}

function parseId(id: number | string): number | undefined {
  const text = String(id);
  return /^[1-9][0-9]{0,9}$/.test(text) && Number(text) <= 2_147_483_647 ? Number(text) : undefined;
}

/**
 * The person behind a listed public profile, or undefined (unknown, or not listed): whether
 * someone may be contacted through their profile.
 */
export async function getListedPerson(
  db: Db,
  id: number | string,
): Promise<{ id: number; name: string } | undefined> {
  const userId = parseId(id);
  if (userId === undefined) return undefined;
  const row = await people.findListedProfile(db, userId);
  return row ? { id: row.user_id, name: row.name } : undefined;
}

export async function getPerson(
  db: Db,
  locale: Locale,
  id: number | string,
): Promise<PersonProfile> {
  const userId = parseId(id);
  const row = userId === undefined ? undefined : await people.findListedProfile(db, userId);
  if (!row) throw personNotFound();
  const [summary] = await summaries(db, locale, [row]);
  return { ...(summary as PersonSummary), bio: row.bio, createdAt: row.created_at };
}

/** A public profile page: the person and the practices they proposed. */
export async function getPersonPage(
  db: Db,
  locale: Locale,
  id: number | string,
): Promise<{ person: PersonProfile; practices: { total: number; items: PracticeCard[] } }> {
  const person = await getPerson(db, locale, id);
  return { person, practices: await listPracticesProposedBy(db, locale, person.id, 20) };
}

// ───────────────────────────── The experts list ─────────────────────────────

export const EXPERT_FACETS = ['theme', 'language', 'region'] as const;
export type ExpertFacet = (typeof EXPERT_FACETS)[number];
export type ExpertFilters = Record<ExpertFacet, string[]>;

export interface FacetValue {
  id: string;
  label: string;
  count: number;
  selected: boolean;
}

export interface ExpertListResult {
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
  items: PersonSummary[];
  /** The filters as applied (unknown values left out when lenient). */
  filters: ExpertFilters;
  facets: Record<ExpertFacet, FacetValue[]>;
  /** Unknown filter values that were left out (lenient mode only). */
  problems: FieldProblem[];
}

export interface ExpertListInput {
  filters: Partial<ExpertFilters>;
  page: number;
  perPage: number;
}

/**
 * Listed people, filtered by expertise, language and region: values of one filter are ORed,
 * filters are ANDed. A language filter also finds its regional variants ("pt" finds "pt-BR"); a
 * region finds the people who named one of its sub-regions. Facet counts apply every other
 * filter. Unknown values are refused, or with `lenient` (the page) left out and reported.
 */
export async function listExperts(
  db: Db,
  locale: Locale,
  input: ExpertListInput,
  options: { lenient?: boolean } = {},
): Promise<ExpertListResult> {
  const [taxonomy, places] = await Promise.all([
    getTaxonomy(db, locale),
    getPlaceIndex(db, locale),
  ]);
  const problems: FieldProblem[] = [];
  const checks: Record<ExpertFacet, (v: string) => string | null> = {
    theme: (v) => (taxonomy.has('theme', v) ? v : null),
    language: (v) => languageTag(v),
    region: (v) => (knownRegion(places, v) ? v : null),
  };
  const filters = {} as ExpertFilters;
  for (const facet of EXPERT_FACETS) {
    const values: string[] = [];
    for (const raw of input.filters[facet] ?? []) {
      const value = checks[facet](raw);
      if (value === null)
        problems.push({
          field: facet,
          message: `unknown value "${raw.slice(0, 80)}"`,
          key: 'people.error.unknownFilter',
          values: { value: raw.slice(0, 80) },
        });
      else values.push(value);
    }
    filters[facet] = [...new Set(values)];
  }
  if (problems.length > 0 && !options.lenient)
    throw new ValidationError(problems, 'invalid_filter');

  const [rows, attributes] = await Promise.all([
    people.listListedProfiles(db),
    people.listAttributesOf(db, 'listed'),
  ]);
  // What each person offers for each facet; a region stands for its broader regions as well.
  const offers = new Map<number, Record<ExpertFacet, Set<string>>>();
  const of = (userId: number) => {
    let entry = offers.get(userId);
    if (!entry) {
      entry = { theme: new Set(), language: new Set(), region: new Set() };
      offers.set(userId, entry);
    }
    return entry;
  };
  for (const t of attributes.themes) of(t.user_id).theme.add(t.value);
  for (const l of attributes.languages) of(l.user_id).language.add(l.value);
  for (const r of attributes.regions) {
    let region = knownRegion(places, r.value);
    while (region) {
      of(r.user_id).region.add(region.code);
      region = region.parentCode ? knownRegion(places, region.parentCode) : undefined;
    }
  }
  const matches = (userId: number, facet: ExpertFacet, wanted: string[]): boolean => {
    if (wanted.length === 0) return true;
    const offered = of(userId)[facet];
    if (facet !== 'language') return wanted.some((v) => offered.has(v));
    return wanted.some((v) =>
      [...offered].some((o) => o === v || o.toLowerCase().startsWith(`${v.toLowerCase()}-`)),
    );
  };
  const passes = (userId: number, except?: ExpertFacet) =>
    EXPERT_FACETS.every((f) => f === except || matches(userId, f, filters[f]));

  const facets = {} as Record<ExpertFacet, FacetValue[]>;
  for (const facet of EXPERT_FACETS) {
    const counts = new Map<string, number>();
    for (const row of rows)
      if (passes(row.user_id, facet))
        for (const value of of(row.user_id)[facet]) counts.set(value, (counts.get(value) ?? 0) + 1);
    for (const value of filters[facet]) if (!counts.has(value)) counts.set(value, 0);
    const label = (id: string) =>
      facet === 'theme'
        ? taxonomy.label('theme', id)
        : facet === 'region'
          ? (knownRegion(places, id)?.name ?? id)
          : languageName(id, locale);
    const order =
      facet === 'theme'
        ? new Map(taxonomy.list('theme').map((c, i) => [c.id, i]))
        : facet === 'region'
          ? new Map(places.regions.map((r, i) => [r.code, i]))
          : undefined;
    facets[facet] = [...counts]
      .map(([id, count]) => ({
        id,
        label: label(id),
        count,
        selected: filters[facet].includes(id),
      }))
      .sort((a, b) =>
        order
          ? (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)
          : b.count - a.count || a.label.localeCompare(b.label, locale),
      );
  }

  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  const found = rows
    .filter((row) => passes(row.user_id))
    .sort((a, b) => collator.compare(a.name, b.name) || a.user_id - b.user_id);
  const start = (input.page - 1) * input.perPage;
  return {
    total: found.length,
    page: input.page,
    perPage: input.perPage,
    pageCount: Math.max(1, Math.ceil(found.length / input.perPage)),
    items: await summaries(db, locale, found.slice(start, start + input.perPage)),
    filters,
    facets,
    problems,
  };
}

// ───────────────────────────── One's own profile ─────────────────────────────

/** What the form shows and sends: texts, and lists for the choices. */
export interface OwnProfileValues {
  listed: boolean;
  headline: string;
  organisation: string;
  bio: string;
  themes: string[];
  /** Tags separated by commas, as typed. */
  languages: string;
  regions: string[];
}

export interface OwnProfileInput {
  listed?: unknown;
  headline?: unknown;
  organisation?: unknown;
  bio?: unknown;
  themes?: unknown;
  languages?: unknown;
  regions?: unknown;
}

type SignedInActor = Extract<Actor, { kind: 'user' }>;

/** The signed-in person managing their own profile. */
function ownAccount(actor: Actor): SignedInActor {
  if (actor.kind !== 'user' || !can(actor, 'account.manage', { id: actor.id }))
    throw new ForbiddenError();
  return actor;
}

/** The languages a person declared in their profile, in their order (none without a profile). */
export async function declaredLanguagesOf(db: Db, userId: number): Promise<string[]> {
  const { languages } = await people.listAttributesOf(db, [userId]);
  return languages.map((l) => l.value);
}

/** The signed-in person's profile as it stands, for the form (empty when there is none yet). */
export async function getOwnProfile(db: Db, actor: Actor): Promise<OwnProfileValues> {
  const userId = ownAccount(actor).id;
  const row = await people.findProfile(db, userId);
  if (!row)
    return {
      listed: false,
      headline: '',
      organisation: '',
      bio: '',
      themes: [],
      languages: '',
      regions: [],
    };
  const [attributes, organisations] = await Promise.all([
    people.listAttributesOf(db, [userId]),
    findOrganisationsByIds(db, row.organisation_id === null ? [] : [row.organisation_id]),
  ]);
  return {
    listed: row.listed === 1,
    headline: row.headline,
    organisation: organisations[0]?.name ?? row.organisation_name ?? '',
    bio: row.bio,
    themes: attributes.themes.map((t) => t.value),
    languages: attributes.languages.map((l) => l.value).join(', '),
    regions: attributes.regions.map((r) => r.value),
  };
}

/** The public profile, in the copy of one's account data. */
export const publicProfileDataSection: AccountDataSection = {
  key: 'public_profile',
  gather: (db, actor) => getOwnProfile(db, actor),
};

const listOf = (value: unknown): unknown[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

/** Checks the form (or any caller's) input; every problem names its field. */
async function checkOwnProfile(db: Db, actor: SignedInActor, input: OwnProfileInput) {
  const problems: FieldProblem[] = [];
  const textOf = (field: string, value: unknown, max: number, singleLine: boolean) =>
    readText(problems, field, value, { max, singleLine }) ?? '';
  const listed = input.listed === true || input.listed === 'true' || input.listed === '1';
  const headline = textOf('headline', input.headline, HEADLINE_MAX, true);
  if (listed && headline === '' && !problems.some((p) => p.field === 'headline'))
    problems.push({
      field: 'headline',
      message: 'is required to be listed',
      key: 'people.error.headlineToList',
    });
  const organisationText = textOf('organisation', input.organisation, ORGANISATION_MAX, true);
  let organisationId: number | null = null;
  let organisationName: string | null = null;
  if (organisationText !== '') {
    const own = await findOwnOrganisation(db, actor.id, organisationText);
    if (own && can(actor, 'people.linkOrganisation', { id: own.id, ownerId: actor.id }))
      organisationId = own.id;
    else organisationName = organisationText;
  }
  const bio = textOf('bio', input.bio, BIO_MAX, false);

  const [taxonomy, places] = await Promise.all([getTaxonomy(db, 'en'), getPlaceIndex(db, 'en')]);
  const themes: string[] = [];
  for (const value of listOf(input.themes)) {
    if (typeof value === 'string' && value === '') continue;
    if (typeof value === 'string' && taxonomy.has('theme', value)) themes.push(value);
    else
      problems.push({
        field: 'themes',
        message: `"${String(value).slice(0, 80)}" is not a theme`,
        key: 'form.error.choice',
      });
  }
  const languages: string[] = [];
  // Names may hold spaces ("Brazilian Portuguese"); codes alone may also be separated by spaces.
  const languageTexts = listOf(input.languages).flatMap((v) =>
    typeof v === 'string'
      ? v
          .split(/[,;\n،、，]+/)
          .map((x) => x.trim())
          .filter((x) => x !== '')
          .flatMap((x) => (languageTagOrName(x) || !/\s/.test(x) ? [x] : x.split(/\s+/)))
      : [v],
  );
  for (const value of languageTexts) {
    const tag = typeof value === 'string' ? languageTagOrName(value) : null;
    if (tag) languages.push(tag);
    else {
      const shown = String(value).slice(0, 40);
      problems.push({
        field: 'languages',
        message: `"${shown}" is not a language name or code such as English, ar or pt-BR`,
        key: 'people.error.language',
        values: { value: shown },
      });
    }
  }
  const regions: string[] = [];
  for (const value of listOf(input.regions)) {
    if (typeof value === 'string' && value === '') continue;
    if (typeof value === 'string' && knownRegion(places, value)) regions.push(value);
    else
      problems.push({
        field: 'regions',
        message: `"${String(value).slice(0, 80)}" is not a region`,
        key: 'form.error.choice',
      });
  }
  const limits: [string, unknown[], number][] = [
    ['themes', themes, MAX_THEMES],
    ['languages', languages, MAX_LANGUAGES],
    ['regions', regions, MAX_REGIONS],
  ];
  for (const [field, list, max] of limits)
    if (new Set(list).size > max && !problems.some((p) => p.field === field))
      problems.push({
        field,
        message: `choose at most ${max}`,
        key: 'people.error.tooMany',
        values: { max },
      });
  if (problems.length > 0) throw new ValidationError(problems);
  return {
    listed,
    headline,
    organisationId,
    organisationName,
    bio,
    themes: [...new Set(themes)],
    languages: [...new Set(languages)],
    regions: [...new Set(regions)],
  };
}

/** Saves the signed-in person's profile; it is public only when they chose to be listed. */
export async function saveOwnProfile(
  db: Db,
  actor: Actor,
  input: OwnProfileInput,
): Promise<{ listed: boolean; id: number }> {
  const owner = ownAccount(actor);
  const userId = owner.id;
  const values = await checkOwnProfile(db, owner, input);
  await write(
    db,
    actor,
    async ({ trx }) => {
      const now = nowIso();
      await people.upsertProfile(trx, {
        user_id: userId,
        listed: values.listed ? 1 : 0,
        headline: values.headline,
        organisation_id: values.organisationId,
        organisation_name: values.organisationName,
        bio: values.bio,
        created_at: now,
        updated_at: now,
      });
      await people.replaceThemes(trx, userId, values.themes);
      await people.replaceLanguages(trx, userId, values.languages);
      await people.replaceRegions(trx, userId, values.regions);
    },
    {
      audit: {
        action: 'people.profile_saved',
        subject: { type: 'user', id: userId },
        details: { listed: values.listed },
      },
    },
  );
  return { listed: values.listed, id: userId };
}

/** What a person told of their expertise: the editors read it to choose reviewers. */
export interface Expertise {
  themes: string[];
  languages: string[];
  regions: string[];
}

/**
 * The expertise of each of these people, from their profile whether listed or not: it is read
 * by the editors only, to choose reviewers, and never shown to anyone else.
 */
export async function expertiseOf(db: Db, userIds: number[]): Promise<Map<number, Expertise>> {
  const { themes, languages, regions } = await people.listAttributesOf(db, userIds);
  const result = new Map<number, Expertise>(
    userIds.map((id) => [id, { themes: [], languages: [], regions: [] }]),
  );
  for (const t of themes) result.get(t.user_id)?.themes.push(t.value);
  for (const l of languages) result.get(l.user_id)?.languages.push(l.value);
  for (const r of regions) result.get(r.user_id)?.regions.push(r.value);
  return result;
}
