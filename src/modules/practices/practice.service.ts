import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import { getPlaceIndex, type PlaceIndex } from '../places/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import { type PeerReviewMark, peerReviewOf } from './peer-review.ts';
import type { LanguageStatus, PracticeFilterInput, PracticeSort } from './practice.model.ts';
import * as practices from './practice.repository.ts';
import type { PracticeRow } from './practice.table.ts';
import * as counts from './practice-count.repository.ts';
import { checkFilters } from './practice-filters.ts';
import * as lists from './practice-list.repository.ts';

/**
 * The practice record as lists show it: the filtered list, cards, and what other modules read
 * of practices (by organisation, city, proposer). One practice in a language is in
 * practice-detail.service.ts, what search indexes in practice-indexing.service.ts, counts for the
 * browse pages in practice-overview.service.ts, harvest headers in practice-harvest.service.ts,
 * versions in practice-history.service.ts, import, export and publication in
 * practice-interchange.service.ts.
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
  // Both values together ask for every practice, as no value does.
  const reviewed = new Set(checked.peer_reviewed);
  const peerReviewed = reviewed.size === 1 ? reviewed.has('true') : undefined;
  return {
    conceptSets,
    countrySets,
    types: checked.type,
    evidence: checked.evidence,
    ...(peerReviewed === undefined ? {} : { peerReviewed }),
  };
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
  const { ids, total } = await lists.listPracticeIds(db, {
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

/** One language a practice is in, and how that version came to be. */
export interface LanguageState {
  language: string;
  status: LanguageStatus;
  /** Null for the original, and for a translation stored before dates were kept. */
  translatedAt: string | null;
}

/** The languages of each card's practice, the original first, by practice id. */
export async function listLanguageStates(
  db: Db,
  cards: PracticeCard[],
): Promise<Map<number, LanguageState[]>> {
  const rows = await practices.listTranslationStatesOfPractices(
    db,
    cards.map((c) => c.id),
  );
  const states = new Map<number, LanguageState[]>(
    cards.map((c) => [c.id, [{ language: c.language, status: 'original', translatedAt: null }]]),
  );
  for (const row of rows)
    states.get(row.practice_id)?.push({
      language: row.locale,
      status: row.machine_reviewed === 1 ? 'machine_translation_reviewed' : 'translation',
      translatedAt: row.translated_at,
    });
  return states;
}

/** Cards for a list of practice ids, in that order, in the reader's language where translated. */
export async function loadCards(db: Db, locale: Locale, ids: number[]): Promise<PracticeCard[]> {
  if (ids.length === 0) return [];
  const [rows, themes, translations, taxonomy, places] = await Promise.all([
    lists.findCardRowsByIds(db, ids),
    lists.listConceptIdsOfPractices(db, ids, 'theme'),
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

/** The listed practices of some organisations or cities, as cards, newest first. */
async function newestCards(
  db: Db,
  locale: Locale,
  where: Pick<lists.PracticeListQuery, 'organisationIds' | 'cityIds'>,
  limit: number,
): Promise<{ total: number; items: PracticeCard[] }> {
  const { ids, total } = await lists.listPracticeIds(db, {
    conceptSets: [],
    countrySets: [],
    types: [],
    evidence: [],
    ...where,
    sort: 'newest',
    limit,
    offset: 0,
  });
  return { total, items: await loadCards(db, locale, ids) };
}

/** The published practices an organisation leads or takes part in, as cards, newest first. */
export async function listPracticesOfOrganisation(
  db: Db,
  locale: Locale,
  organisationId: number,
  limit = 50,
): Promise<{ total: number; items: PracticeCard[] }> {
  return newestCards(db, locale, { organisationIds: [organisationId] }, limit);
}

/** Practice counts by organisation id; organisations without practices are absent. */
export async function countPracticesOfOrganisations(
  db: Db,
  organisationIds: number[],
): Promise<Map<number, number>> {
  const rows = await counts.countPracticesOfOrganisations(db, organisationIds);
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
  for (const row of await lists.listCityPracticeConcepts(db)) {
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
  return newestCards(db, locale, { cityIds: [cityId] }, limit);
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
  const rows = await counts.countPracticesByLocatedCity(db);
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
  const rows = await lists.listCityIdsWithPractices(db);
  return rows.map((r) => r.city_id as number);
}

/** The listed practices a person proposed, as cards, newest first (for public profiles). */
export async function listPracticesProposedBy(
  db: Db,
  locale: Locale,
  userId: number,
  limit = 50,
): Promise<{ total: number; items: PracticeCard[] }> {
  const { ids, total } = await lists.listPracticeIdsProposedBy(db, userId, limit);
  return { total, items: await loadCards(db, locale, ids) };
}
