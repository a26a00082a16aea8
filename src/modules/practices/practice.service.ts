import { NotFoundError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import { findCitiesByIds, getPlaceIndex, type PlaceIndex } from '../places/index.ts';
import type { Scheme } from '../taxonomy/index.ts';
import { getTaxonomy, type Taxonomy } from '../taxonomy/index.ts';
import { isPeerReviewed, type PeerReviewMark, peerReviewOf } from './peer-review.ts';
import type { PracticeFilterInput, PracticeSort, SectionKey } from './practice.model.ts';
import * as practices from './practice.repository.ts';
import { type PracticeRow, SECTION_KEYS } from './practice.table.ts';
import { checkFilters } from './practice-filters.ts';
import * as versions from './practice-version.repository.ts';

/**
 * The practice record as readers see it: the filtered list, cards, one practice in a language,
 * and what other modules read of practices (by organisation, city, proposer). Counts for the
 * browse pages are in practice-overview.service.ts, harvest headers in
 * practice-harvest.service.ts, versions in practice-history.service.ts, import, export and
 * publication in practice-interchange.service.ts.
 */

export interface ConceptRef {
  id: string;
  label: string;
}

export interface PracticeCard {
  id: number;
  slug: string;
  title: string;
  summary: string;
  /** The language the title and summary are shown in (a translation or the original). */
  displayLanguage: string;
  language: string;
  type: string | null;
  cityName: string | null;
  countryCode: string;
  countryName: string;
  startYear: number | null;
  endYear: number | null;
  status: string | null;
  evidenceLevel: string;
  themes: ConceptRef[];
  illustrative: boolean;
  updatedAt: string;
  peerReview: PeerReviewMark | null;
}

export interface PracticeListResult {
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
  items: PracticeCard[];
}

export interface ListPracticesInput {
  filters: PracticeFilterInput;
  page: number;
  perPage: number;
  sort: PracticeSort;
}

/** Checks the filter values (see checkFilters) and turns them into repository sets. */
export async function resolveFilters(db: Db, filters: PracticeFilterInput) {
  const [checked, taxonomy, places] = await Promise.all([
    checkFilters(db, filters),
    getTaxonomy(db, 'en'),
    getPlaceIndex(db, 'en'),
  ]);
  const conceptSets: { scheme: string; ids: string[] }[] = [];
  const schemes = [
    ['theme', 'theme'],
    ['target_group', 'target-group'],
    ['actor_type', 'actor-type'],
  ] as const;
  for (const [parameter, scheme] of schemes)
    if (checked[parameter].length > 0) conceptSets.push({ scheme, ids: checked[parameter] });
  if (checked.policy_area.length > 0)
    conceptSets.push({
      scheme: 'theme',
      ids: checked.policy_area.flatMap((a) => taxonomy.themesOf(a).map((t) => t.id)),
    });
  const countrySets: string[][] = [];
  if (checked.country.length > 0) countrySets.push(checked.country);
  if (checked.region.length > 0) countrySets.push(countriesInRegions(places, checked.region));
  return { conceptSets, countrySets, types: checked.type, evidence: checked.evidence };
}

export function countriesInRegions(places: PlaceIndex, regionCodes: string[]): string[] {
  const wanted = new Set(regionCodes);
  return places.countries
    .filter((c) =>
      [c.regionCode, c.subregionCode, c.intermediateRegionCode].some(
        (r) => r !== null && wanted.has(r),
      ),
    )
    .map((c) => c.code);
}

export async function listPractices(
  db: Db,
  locale: Locale,
  input: ListPracticesInput,
): Promise<PracticeListResult> {
  const sets = await resolveFilters(db, input.filters);
  const { ids, total } = await practices.listPracticeIds(db, {
    ...sets,
    sort: input.sort,
    limit: input.perPage,
    offset: (input.page - 1) * input.perPage,
  });
  return {
    total,
    page: input.page,
    perPage: input.perPage,
    pageCount: Math.max(1, Math.ceil(total / input.perPage)),
    items: await loadCards(db, locale, ids),
  };
}

/** Cards for a list of practice ids, in that order, in the reader's language where translated. */
export async function loadCards(db: Db, locale: Locale, ids: number[]): Promise<PracticeCard[]> {
  if (ids.length === 0) return [];
  const [rows, themes, translations, taxonomy, places] = await Promise.all([
    practices.findCardRowsByIds(db, ids),
    practices.listConceptIdsOfPractices(db, ids, 'theme'),
    practices.listTranslationsOfPractices(db, ids, locale),
    getTaxonomy(db, locale),
    getPlaceIndex(db, locale),
  ]);
  const themesByPractice = new Map<number, ConceptRef[]>();
  for (const c of themes.sort((a, b) => a.position - b.position)) {
    const list = themesByPractice.get(c.practice_id) ?? [];
    list.push({ id: c.concept_id, label: taxonomy.label('theme', c.concept_id) });
    themesByPractice.set(c.practice_id, list);
  }
  const translationByPractice = new Map(translations.map((t) => [t.practice_id, t]));
  return rows.map((row) => {
    const translated = row.language === locale ? undefined : translationByPractice.get(row.id);
    const useTranslation = translated?.title != null;
    return {
      id: row.id,
      slug: row.slug,
      title: useTranslation ? (translated?.title ?? row.title) : row.title,
      summary: useTranslation ? (translated?.summary ?? row.summary) : row.summary,
      displayLanguage: useTranslation ? locale : row.language,
      language: row.language,
      type: row.type,
      cityName: row.city_name,
      countryCode: row.country_code,
      countryName: places.country(row.country_code)?.name ?? row.country_code,
      startYear: row.start_year,
      endYear: row.end_year,
      status: row.status,
      evidenceLevel: row.evidence_level,
      themes: themesByPractice.get(row.id) ?? [],
      illustrative: row.illustrative === 1,
      updatedAt: row.updated_at,
      peerReview: peerReviewOf(row),
    };
  });
}

export interface PracticeDetail {
  id: number;
  slug: string;
  externalId: string;
  title: string;
  summary: string;
  sections: { key: SectionKey; text: string }[];
  language: string;
  displayLanguage: string;
  availableLanguages: string[];
  /** When the translation shown was written; null for the original or an undated translation. */
  translatedAt: string | null;
  /** The translation shown began as machine translation and an editor read it. */
  machineTranslationReviewed: boolean;
  type: string | null;
  level: string | null;
  status: string | null;
  startYear: number | null;
  endYear: number | null;
  country: { code: string; name: string };
  regions: { code: string; name: string }[];
  city: {
    id: number;
    name: string;
    latitude: number | null;
    longitude: number | null;
    population: number | null;
  } | null;
  cityName: string | null;
  evidenceLevel: string;
  illustrative: boolean;
  policyAreas: ConceptRef[];
  themes: ConceptRef[];
  targetGroups: ConceptRef[];
  actorTypes: ConceptRef[];
  gcmObjectives: ConceptRef[];
  sdgTargets: ConceptRef[];
  organisations: {
    id: number;
    slug: string;
    name: string;
    type: string | null;
    typeLabel: string | null;
    role: string;
    website: string | null;
  }[];
  sourceUrl: string | null;
  sources: { title: string | null; url: string }[];
  /** Why the editors gave this evidence level, when they said. */
  evidenceJustification: string | null;
  /** The peer review of the published version; null when it was imported or never reviewed. */
  peerReview: { reviewers: number; decidedAt: string; override: string | null } | null;
  archivedAt: string | null;
  attachments: PracticeAttachment[];
  /** The number of the published version shown; 0 before versions were kept. */
  version: number;
  /** Who proposed it through review, if anyone: they may propose its next versions. */
  proposerId: number | undefined;
  createdAt: string;
  updatedAt: string;
}

export interface PracticeAttachment {
  id: number;
  name: string;
  mediaType: string;
  size: number;
  /** A resized copy for the page, for images. */
  hasWebCopy: boolean;
}

async function findPractice(db: Db, idOrSlug: string) {
  if (/^\d+$/.test(idOrSlug)) {
    const byId = await practices.findPracticeById(db, Number(idOrSlug));
    if (byId) return byId;
  }
  return practices.findPracticeBySlug(db, idOrSlug);
}

/**
 * One practice, shown in `requestedLanguage` if that version exists, else in the reader's
 * locale if translated, else in its original language.
 */
export async function getPractice(
  db: Db,
  locale: Locale,
  idOrSlug: string,
  requestedLanguage?: string,
): Promise<PracticeDetail> {
  const row = await findPractice(db, idOrSlug);
  if (!row)
    throw new NotFoundError(
      'practice_not_found',
      `No practice is found at "${idOrSlug.slice(0, 100)}".`,
    );
  const ids = [row.id];
  const [
    concepts,
    organisations,
    sources,
    translations,
    cities,
    taxonomy,
    places,
    files,
    version,
    proposerId,
  ] = await Promise.all([
    practices.listConceptsOfPractices(db, ids),
    practices.listOrganisationsOfPractices(db, ids),
    practices.listSourcesOfPractices(db, ids),
    practices.listTranslationsOfPractices(db, ids),
    findCitiesByIds(db, row.city_id === null ? [] : [row.city_id]),
    getTaxonomy(db, locale),
    getPlaceIndex(db, locale),
    practices.listFilesOfPractice(db, row.id),
    versions.latestVersionNumber(db, row.id),
    practices.findProposerOfPractice(db, row.id),
  ]);
  const availableLanguages = [row.language, ...translations.map((t) => t.locale)];
  const displayLanguage =
    requestedLanguage && availableLanguages.includes(requestedLanguage)
      ? requestedLanguage
      : availableLanguages.includes(locale)
        ? locale
        : row.language;
  const translation = translations.find((t) => t.locale === displayLanguage);
  const textOf = (key: 'title' | 'summary' | SectionKey) => translation?.[key] || row[key];
  const refs = (scheme: Scheme): ConceptRef[] =>
    concepts
      .filter((c) => c.scheme === scheme)
      .map((c) => ({ id: c.concept_id, label: taxonomy.label(scheme, c.concept_id) }));
  const themes = refs('theme');
  const city = cities[0];
  return {
    id: row.id,
    slug: row.slug,
    externalId: row.external_id,
    title: textOf('title') ?? row.title,
    summary: textOf('summary') ?? row.summary,
    sections: SECTION_KEYS.flatMap((key) => {
      const body = textOf(key);
      return body ? [{ key, text: body }] : [];
    }),
    language: row.language,
    displayLanguage,
    availableLanguages,
    translatedAt: translation?.translated_at ?? null,
    machineTranslationReviewed: translation?.machine_reviewed === 1,
    type: row.type,
    level: row.level,
    status: row.status,
    startYear: row.start_year,
    endYear: row.end_year,
    country: {
      code: row.country_code,
      name: places.country(row.country_code)?.name ?? row.country_code,
    },
    regions: places.regionsOfCountry(row.country_code).map((r) => ({ code: r.code, name: r.name })),
    city: city
      ? {
          id: city.id,
          name: city.name,
          latitude: city.latitude,
          longitude: city.longitude,
          population: city.population,
        }
      : null,
    cityName: row.city_name,
    evidenceLevel: row.evidence_level,
    illustrative: row.illustrative === 1,
    policyAreas: policyAreasOf(taxonomy, themes),
    themes,
    targetGroups: refs('target-group'),
    actorTypes: refs('actor-type'),
    gcmObjectives: refs('gcm-objective'),
    sdgTargets: refs('sdg-target'),
    organisations: organisations.map((o) => ({
      id: o.id,
      slug: o.slug,
      name: o.name,
      type: o.type,
      typeLabel: o.type ? taxonomy.label('actor-type', o.type) : null,
      role: o.role,
      website: o.website,
    })),
    sourceUrl: row.source_url,
    sources,
    evidenceJustification: row.evidence_justification,
    peerReview:
      row.peer_reviewed_at === null
        ? null
        : {
            reviewers: row.peer_reviewers ?? 0,
            decidedAt: row.peer_reviewed_at,
            override: row.review_override,
          },
    archivedAt: row.archived_at,
    attachments: files.map((f) => ({
      id: f.id,
      name: f.original_name,
      mediaType: f.media_type,
      size: f.size,
      hasWebCopy: f.web_key !== null,
    })),
    version,
    proposerId,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function policyAreasOf(taxonomy: Taxonomy, themes: ConceptRef[]): ConceptRef[] {
  const areas = new Map<string, ConceptRef>();
  for (const theme of themes) {
    const parent = taxonomy.get('theme', theme.id)?.parentId;
    if (parent && !areas.has(parent))
      areas.set(parent, { id: parent, label: taxonomy.label('policy-area', parent) });
  }
  return [...areas.values()];
}

export interface PracticeTexts {
  id: number;
  /** The original first, then each translation. */
  versions: {
    locale: string;
    isOriginal: boolean;
    title: string;
    summary: string;
    body: string;
    sections: { key: SectionKey; text: string }[];
  }[];
}

/** Every language version of each practice, with translated fields falling back to the original. */
export async function loadPracticeTexts(db: Db, ids: number[]): Promise<PracticeTexts[]> {
  const { practices: rows, translations } = await practices.findTextsByIds(db, ids);
  const byPractice = new Map<number, typeof translations>();
  for (const t of translations) {
    const list = byPractice.get(t.practice_id) ?? [];
    list.push(t);
    byPractice.set(t.practice_id, list);
  }
  return rows.map((row) => {
    const sectionsOf = (source: Partial<Record<SectionKey, string | null>>) =>
      SECTION_KEYS.flatMap((key) => {
        const text = source[key] || row[key];
        return text ? [{ key, text }] : [];
      });
    const original = SECTION_KEYS.flatMap((key) =>
      row[key] ? [{ key, text: row[key] as string }] : [],
    );
    return {
      id: row.id,
      versions: [
        {
          locale: row.language,
          isOriginal: true,
          title: row.title,
          summary: row.summary,
          sections: original,
          body: original.map((s) => s.text).join('\n'),
        },
        ...(byPractice.get(row.id) ?? []).map((t) => {
          const sections = sectionsOf(t);
          return {
            locale: t.locale,
            isOriginal: false,
            title: t.title || row.title,
            summary: t.summary || row.summary,
            sections,
            // Only the translated sections are indexed under this language.
            body: SECTION_KEYS.flatMap((key) => (t[key] ? [t[key] as string] : [])).join('\n'),
          };
        }),
      ],
    };
  });
}

/** What search filters and counts a listed practice by: its attributes and its concepts. */
export interface PracticeFacets {
  id: number;
  type: string | null;
  countryCode: string;
  evidence: string;
  status: string | null;
  startYear: number | null;
  updatedAt: string;
  peerReviewed: boolean;
  /** Themes, target groups and actor types, in the order they were recorded. */
  concepts: { scheme: string; id: string }[];
}

/** The facets of every listed practice (archived ones leave search), or of `ids` alone, in id order. */
export async function listPracticeFacets(db: Db, ids?: number[]): Promise<PracticeFacets[]> {
  const [rows, concepts] = await Promise.all([
    practices.listFacetRows(db, ids),
    practices.listAllPracticeConcepts(db, ids),
  ]);
  const byId = new Map<number, PracticeFacets>();
  for (const row of rows)
    byId.set(row.id, {
      id: row.id,
      type: row.type,
      countryCode: row.country_code,
      evidence: row.evidence_level,
      status: row.status,
      startYear: row.start_year,
      updatedAt: row.updated_at,
      peerReviewed: isPeerReviewed(peerReviewOf(row)),
      concepts: [],
    });
  for (const c of concepts)
    byId.get(c.practice_id)?.concepts.push({ scheme: c.scheme, id: c.concept_id });
  return [...byId.values()];
}

/** One batch of practice ids after `afterId` in id order, archived ones included. */
export async function listEveryPracticeIdAfter(db: Db, afterId: number, limit: number) {
  return practices.listPracticeIdsAfter(db, afterId, limit);
}

/** One batch of listed practice ids after `afterId` in id order: archived ones leave the lists. */
export async function listListedPracticeIdsAfter(db: Db, afterId: number, limit: number) {
  return practices.listPracticeIdsAfter(db, afterId, limit, { excludeArchived: true });
}

/** A practice as other modules refer to it; archived ones are found too, marked as such. */
export interface PracticeRef {
  id: number;
  slug: string;
  externalId: string;
  title: string;
  createdAt: string;
  archived: boolean;
  /** The published evidence level and its reasons (a new version's draft starts from them). */
  evidenceLevel: PracticeRow['evidence_level'];
  evidenceJustification: PracticeRow['evidence_justification'];
}

/** The practice at a slug, or with an interchange identifier, as other modules refer to it. */
export async function findPracticeRef(
  db: Db,
  key: { slug: string } | { externalId: string },
): Promise<PracticeRef | undefined> {
  const row =
    'slug' in key
      ? await practices.findPracticeBySlug(db, key.slug)
      : await practices.findPracticeByExternalId(db, key.externalId);
  if (!row) return undefined;
  return {
    id: row.id,
    slug: row.slug,
    externalId: row.external_id,
    title: row.title,
    createdAt: row.created_at,
    archived: row.archived_at !== null,
    evidenceLevel: row.evidence_level,
    evidenceJustification: row.evidence_justification,
  };
}

/**
 * A practice as the policies see it: the person who first proposed it (their submission was
 * published) is its owner, who may propose its next versions and hears of questions about it.
 */
export async function practiceResource(
  db: Db,
  practiceId: number,
): Promise<{ id: number; ownerId: number | undefined }> {
  return { id: practiceId, ownerId: await practices.findProposerOfPractice(db, practiceId) };
}

/** The published practices an organisation leads or takes part in, as cards, newest first. */
export async function listPracticesOfOrganisation(
  db: Db,
  locale: Locale,
  organisationId: number,
  limit = 50,
): Promise<{ total: number; items: PracticeCard[] }> {
  const { ids, total } = await practices.listPracticeIds(db, {
    conceptSets: [],
    countrySets: [],
    types: [],
    evidence: [],
    organisationIds: [organisationId],
    sort: 'newest',
    limit,
    offset: 0,
  });
  return { total, items: await loadCards(db, locale, ids) };
}

/** Practice counts by organisation id; organisations without practices are absent. */
export async function countPracticesOfOrganisations(
  db: Db,
  organisationIds: number[],
): Promise<Map<number, number>> {
  const rows = await practices.countPracticesOfOrganisations(db, organisationIds);
  return new Map(rows.map((r) => [r.organisation_id, Number(r.n)]));
}

// ---- Cities (city profiles and "cities like mine", in the cities module) ---------------------

export interface CityPracticeConcepts {
  practiceId: number;
  cityId: number;
  themes: string[];
  targetGroups: string[];
}

/** The themes and target groups of every listed practice that has a city. */
export async function listCityPracticeConcepts(db: Db): Promise<CityPracticeConcepts[]> {
  const byPractice = new Map<number, CityPracticeConcepts>();
  for (const row of await practices.listCityPracticeConcepts(db)) {
    if (row.city_id === null) continue;
    let entry = byPractice.get(row.id);
    if (!entry) {
      entry = { practiceId: row.id, cityId: row.city_id, themes: [], targetGroups: [] };
      byPractice.set(row.id, entry);
    }
    if (row.concept_id === null) continue;
    if (row.scheme === 'theme') entry.themes.push(row.concept_id);
    else if (row.scheme === 'target-group') entry.targetGroups.push(row.concept_id);
  }
  return [...byPractice.values()];
}

/** The listed practices of one city, newest first. */
export async function listCityPracticeCards(
  db: Db,
  locale: Locale,
  cityId: number,
  limit: number,
): Promise<{ total: number; items: PracticeCard[] }> {
  const { ids, total } = await practices.listPracticeIds(db, {
    conceptSets: [],
    countrySets: [],
    types: [],
    evidence: [],
    cityIds: [cityId],
    sort: 'newest',
    limit,
    offset: 0,
  });
  return { total, items: await loadCards(db, locale, ids) };
}

export interface LocatedCityCount {
  id: number;
  name: string;
  countryCode: string;
  latitude: number;
  longitude: number;
  count: number;
}

/** Listed practices per city with coordinates, for the maps. */
export async function countPracticesByLocatedCity(db: Db): Promise<LocatedCityCount[]> {
  const rows = await practices.countPracticesByLocatedCity(db);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    countryCode: r.country_code,
    latitude: Number(r.latitude),
    longitude: Number(r.longitude),
    count: Number(r.n),
  }));
}

/** The cities that have a listed practice: their profiles are worth a search engine's visit. */
export async function listCityIdsWithPractices(db: Db): Promise<number[]> {
  const rows = await practices.listCityIdsWithPractices(db);
  return rows.map((r) => r.city_id as number);
}

/** The listed practices a person proposed, as cards, newest first (for public profiles). */
export async function listPracticesProposedBy(
  db: Db,
  locale: Locale,
  userId: number,
  limit = 50,
): Promise<{ total: number; items: PracticeCard[] }> {
  const { ids, total } = await practices.listPracticeIdsProposedBy(db, userId, limit);
  return { total, items: await loadCards(db, locale, ids) };
}
