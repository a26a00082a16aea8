import type { Actor } from '../../core/actor.ts';
import { type FieldProblem, NotFoundError, ValidationError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { readList } from '../../core/validation.ts';
import type { Db } from '../../db/connect.ts';
import { listMembershipCities, listOrganisationsInCity } from '../directory/index.ts';
import { findCitiesByIds, getPlaceIndex, type PlaceIndex } from '../places/index.ts';
import {
  listCityPracticeCards,
  listCityPracticeConcepts,
  loadCards,
  type PracticeCard,
} from '../practices/index.ts';
import { getTaxonomy, type Taxonomy } from '../taxonomy/index.ts';
import * as repo from './city.repository.ts';
import type { FactKind } from './city.table.ts';
import * as profiles from './city-profile.repository.ts';
import {
  type Candidate,
  type ForeignBornBand,
  foreignBornBandOf,
  type PeerTarget,
  type RankedPeer,
  rankPeers,
  SIZE_BANDS,
  type SizeBand,
  scorePeer,
  shareProfile,
  sizeBandOf,
} from './city-similarity.ts';

/**
 * Reading cities: a city's profile, its peers and the peers of a "city like mine". What editors
 * change (figures and networks) is in city-editor.service.ts.
 */

export const PEER_LIMIT = 10;
const PRACTICES_PER_PEER = 3;
const PRACTICES_ON_PROFILE = 50;

export interface CityFact {
  id: number;
  kind: FactKind;
  value: number;
  year: number;
  sourceTitle: string;
  sourceUrl: string;
  enteredAt: string;
}

export interface CityNetwork {
  id: number;
  name: string;
  url: string;
}

export interface CitySummary {
  id: number;
  name: string;
  country: { code: string; name: string };
}

/** What the city's municipality says of it, in one language (`language`, a BCP-47 tag). */
export interface CityAbout {
  language: string;
  context: string | null;
  offers: string | null;
  lookingFor: string | null;
  /** The languages the city speaks or serves in, as tags. */
  languages: string[];
  contacts: { name: string; role: string | null; email: string | null; url: string | null }[];
  updatedAt: string;
}

export interface CityProfile extends CitySummary {
  /** UN M49 region, sub-region and intermediate region, broadest first. */
  regions: { code: string; name: string }[];
  latitude: number | null;
  longitude: number | null;
  geonamesId: number | null;
  /** From the gazetteer, when it knows it. */
  gazetteerPopulation: number | null;
  /** Every figure entered, newest year first within each kind. */
  facts: CityFact[];
  /** The newest figure of each kind, if any. */
  latest: Partial<Record<FactKind, CityFact>>;
  sizeBand: SizeBand | null;
  networks: CityNetwork[];
  practices: { total: number; items: PracticeCard[] };
  organisations: { id: number; slug: string; name: string; website: string | null }[];
  /** Its municipality in the directory: whose members keep the profile. */
  municipalities: { slug: string; name: string }[];
  /** Null until the municipality or an editor writes it. */
  about: CityAbout | null;
}

export function parseId(value: string | number): number | undefined {
  const text = String(value);
  return /^[1-9]\d{0,8}$/.test(text) ? Number(text) : undefined;
}

export async function findCityRow(db: Db, idText: string | number) {
  const id = parseId(idText);
  const [row] = id === undefined ? [] : await findCitiesByIds(db, [id]);
  if (!row)
    throw new NotFoundError(
      'city_not_found',
      `No city has the id "${String(idText).slice(0, 20)}".`,
    );
  return row;
}

function summaryOf(
  places: PlaceIndex,
  row: { id: number; name: string; country_code: string },
): CitySummary {
  return {
    id: row.id,
    name: row.name,
    country: {
      code: row.country_code,
      name: places.country(row.country_code)?.name ?? row.country_code,
    },
  };
}

function factOf(row: Awaited<ReturnType<typeof repo.listFactsOfCity>>[number]): CityFact {
  return {
    id: row.id,
    kind: row.kind as FactKind,
    value: Number(row.value),
    year: row.year,
    sourceTitle: row.source_title,
    sourceUrl: row.source_url,
    enteredAt: row.entered_at,
  };
}

/** A city's page: where it is, its figures with their sources, practices, organisations, networks. */
export async function getCityProfile(
  db: Db,
  locale: Locale,
  idText: string | number,
): Promise<CityProfile> {
  const row = await findCityRow(db, idText);
  const [places, factRows, networks, practices, organisations, about] = await Promise.all([
    getPlaceIndex(db, locale),
    repo.listFactsOfCity(db, row.id),
    repo.listNetworksOfCity(db, row.id),
    listCityPracticeCards(db, locale, row.id, PRACTICES_ON_PROFILE),
    listOrganisationsInCity(db, row.id),
    findAbout(db, row.id),
  ]);
  const facts = factRows.map(factOf);
  const latest: Partial<Record<FactKind, CityFact>> = {};
  for (const fact of facts) if (!latest[fact.kind]) latest[fact.kind] = fact;
  return {
    ...summaryOf(places, row),
    regions: places.regionsOfCountry(row.country_code).map((r) => ({ code: r.code, name: r.name })),
    latitude: row.latitude,
    longitude: row.longitude,
    geonamesId: row.geonames_id,
    gazetteerPopulation: row.population,
    facts,
    latest,
    sizeBand: sizeBandOf(latest.population?.value ?? row.population),
    networks: networks.map((n) => ({ id: n.id, name: n.name, url: n.url })),
    practices,
    organisations: organisations.map((o) => ({
      id: o.id,
      slug: o.slug,
      name: o.name,
      website: o.website,
    })),
    municipalities: organisations
      .filter((o) => o.type === 'municipality')
      .map((o) => ({ slug: o.slug, name: o.name })),
    about,
  };
}

async function findAbout(db: Db, cityId: number): Promise<CityAbout | null> {
  const [row, languages, contacts] = await Promise.all([
    profiles.findProfile(db, cityId),
    profiles.listProfileLanguages(db, cityId),
    profiles.listContactPoints(db, cityId),
  ]);
  if (!row) return null;
  return {
    language: row.language,
    context: row.context,
    offers: row.offers,
    lookingFor: row.looking_for,
    languages,
    contacts: contacts.map((c) => ({ name: c.name, role: c.role, email: c.email, url: c.url })),
    updatedAt: row.updated_at,
  };
}

// ───────────────────────────── Cities like mine ─────────────────────────────

export type PeerReasonView =
  | { kind: 'themes' | 'targetGroups'; items: { id: string; label: string }[] }
  | { kind: 'size'; same: boolean }
  | {
      kind: 'region';
      code: string;
      name: string;
      near: boolean;
      /** The peer's own sub-region, named when the match is on a whole region. */
      subregion?: string;
    };

export interface PeerView extends CitySummary {
  score: number;
  parts: RankedPeer['parts'];
  reasons: PeerReasonView[];
  /** Up to three of its practices, those closest to what was asked first. */
  practices: PracticeCard[];
}

interface CandidatePool {
  candidates: Candidate[];
  /** The concepts of each listed practice, by city. */
  practicesByCity: Map<number, { practiceId: number; concepts: string[] }[]>;
  rows: Map<number, { id: number; name: string; country_code: string }>;
}

/** Every city with at least one listed practice, with its traits. */
async function candidatePool(db: Db, places: PlaceIndex): Promise<CandidatePool> {
  const [concepts, populationFacts] = await Promise.all([
    listCityPracticeConcepts(db),
    repo.listPopulationFacts(db),
  ]);
  const byCity = new Map<number, typeof concepts>();
  for (const practice of concepts) {
    const list = byCity.get(practice.cityId) ?? [];
    list.push(practice);
    byCity.set(practice.cityId, list);
  }
  const latestPopulation = new Map<number, { value: number; year: number }>();
  for (const fact of populationFacts) {
    const known = latestPopulation.get(fact.city_id);
    if (!known || fact.year > known.year)
      latestPopulation.set(fact.city_id, { value: Number(fact.value), year: fact.year });
  }
  const rows = await findCitiesByIds(db, [...byCity.keys()]);
  const candidates = rows.map((row): Candidate => {
    const practices = byCity.get(row.id) ?? [];
    const country = places.country(row.country_code);
    return {
      id: row.id,
      name: row.name,
      themes: shareProfile(practices.map((p) => p.themes)),
      targetGroups: shareProfile(practices.map((p) => p.targetGroups)),
      sizeBand: sizeBandOf(latestPopulation.get(row.id)?.value ?? row.population),
      regionCodes: country
        ? [country.regionCode, country.subregionCode, country.intermediateRegionCode].filter(
            (c): c is string => c !== null,
          )
        : [],
    };
  });
  return {
    candidates,
    practicesByCity: new Map(
      [...byCity].map(([cityId, list]) => [
        cityId,
        list.map((p) => ({ practiceId: p.practiceId, concepts: [...p.themes, ...p.targetGroups] })),
      ]),
    ),
    rows: new Map(rows.map((r) => [r.id, r])),
  };
}

async function presentPeers(
  db: Db,
  locale: Locale,
  places: PlaceIndex,
  pool: CandidatePool,
  target: PeerTarget,
): Promise<PeerView[]> {
  const ranked = rankPeers(target, pool.candidates, PEER_LIMIT);
  const wanted = new Set([...target.themes.keys(), ...target.targetGroups.keys()]);
  const chosen = new Map<number, number[]>();
  for (const peer of ranked) {
    const practices = pool.practicesByCity.get(peer.id) ?? [];
    const overlap = (concepts: string[]) => concepts.filter((c) => wanted.has(c)).length;
    chosen.set(
      peer.id,
      [...practices]
        .sort((a, b) => overlap(b.concepts) - overlap(a.concepts) || b.practiceId - a.practiceId)
        .slice(0, PRACTICES_PER_PEER)
        .map((p) => p.practiceId),
    );
  }
  const [cards, taxonomy] = await Promise.all([
    loadCards(db, locale, [...chosen.values()].flat()),
    getTaxonomy(db, locale),
  ]);
  const cardById = new Map(cards.map((c) => [c.id, c]));
  return ranked.map((peer) => ({
    ...summaryOf(
      places,
      pool.rows.get(peer.id) ?? { id: peer.id, name: peer.name, country_code: '' },
    ),
    score: peer.score,
    parts: peer.parts,
    reasons: peer.reasons.map((reason) =>
      reasonView(reason, taxonomy, places, pool.rows.get(peer.id)?.country_code),
    ),
    practices: (chosen.get(peer.id) ?? [])
      .map((id) => cardById.get(id))
      .filter((c): c is PracticeCard => c !== undefined),
  }));
}

function reasonView(
  reason: RankedPeer['reasons'][number],
  taxonomy: Taxonomy,
  places: PlaceIndex,
  countryCode: string | undefined,
): PeerReasonView {
  switch (reason.kind) {
    case 'themes':
      return {
        kind: 'themes',
        items: reason.ids.map((id) => ({ id, label: taxonomy.label('theme', id) })),
      };
    case 'targetGroups':
      return {
        kind: 'targetGroups',
        items: reason.ids.map((id) => ({ id, label: taxonomy.label('target-group', id) })),
      };
    case 'size':
      return reason;
    case 'region': {
      // A whole region chosen in the short form is no sub-region: say "same region" and name
      // the peer's own sub-region instead.
      const wholeRegion = places.region(reason.code)?.level === 1;
      const subregion = places
        .regionsOfCountry(countryCode ?? '')
        .find((r) => r.level === 2 && r.code !== reason.code)?.name;
      return {
        kind: 'region',
        code: reason.code,
        name: places.region(reason.code)?.name ?? reason.code,
        near: reason.near && !wholeRegion,
        ...(!reason.near || wholeRegion ? (subregion ? { subregion } : {}) : {}),
      };
    }
  }
}

/** The cities most like this one, with why, and some of their practices. */
export async function findPeersOfCity(
  db: Db,
  locale: Locale,
  idText: string | number,
): Promise<{ city: CitySummary; sizeBand: SizeBand | null; peers: PeerView[] }> {
  const row = await findCityRow(db, idText);
  const places = await getPlaceIndex(db, locale);
  const pool = await candidatePool(db, places);
  const target = await targetOfCity(db, places, pool, row);
  return {
    city: summaryOf(places, row),
    sizeBand: target.sizeBand,
    peers: await presentPeers(db, locale, places, pool, target),
  };
}

/** What a city's peers are sought for: its own traits, left out of the candidates. */
async function targetOfCity(
  db: Db,
  places: PlaceIndex,
  pool: CandidatePool,
  row: { id: number; country_code: string; population: number | null },
): Promise<PeerTarget> {
  const own = pool.candidates.find((c) => c.id === row.id);
  const populations = own ? [] : await repo.listFactsOfCity(db, row.id);
  const ownPopulation = populations.find((f) => f.kind === 'population');
  const country = places.country(row.country_code);
  const target: PeerTarget = {
    themes: own?.themes ?? new Map(),
    targetGroups: own?.targetGroups ?? new Map(),
    sizeBand:
      own?.sizeBand ?? sizeBandOf(ownPopulation ? Number(ownPopulation.value) : row.population),
    nearRegions: country
      ? [country.subregionCode, country.intermediateRegionCode].filter(
          (c): c is string => c !== null,
        )
      : [],
    broadRegions: country?.regionCode ? [country.regionCode] : [],
    excludeId: row.id,
  };
  return target;
}

/**
 * How alike each other city with listed practices is to this one, by the score of "cities like
 * mine" (0 to 1); cities with nothing in common are absent.
 */
export async function similarityToCity(db: Db, cityId: number): Promise<Map<number, number>> {
  const row = await findCityRow(db, cityId);
  const places = await getPlaceIndex(db, 'en');
  const pool = await candidatePool(db, places);
  const target = await targetOfCity(db, places, pool, row);
  return new Map(
    pool.candidates
      .filter((c) => c.id !== row.id)
      .map((c) => [c.id, scorePeer(target, c).score] as const)
      .filter(([, score]) => score > 0),
  );
}

/** Each city's size band (newest population figure, else the gazetteer's) and UN M49 region. */
export async function listCityTraits(
  db: Db,
  ids: readonly number[],
): Promise<
  Map<
    number,
    {
      sizeBand: SizeBand | null;
      regionCode: string | null;
      foreignBornBand: ForeignBornBand | null;
    }
  >
> {
  if (ids.length === 0) return new Map();
  const [rows, places, populationFacts, foreignBornFacts] = await Promise.all([
    findCitiesByIds(db, [...new Set(ids)]),
    getPlaceIndex(db, 'en'),
    repo.listFactsOfKind(db, 'population'),
    repo.listFactsOfKind(db, 'foreign_born_share'),
  ]);
  const population = latestByCity(populationFacts);
  const foreignBorn = latestByCity(foreignBornFacts);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        sizeBand: sizeBandOf(population.get(row.id) ?? row.population),
        regionCode: places.country(row.country_code)?.regionCode ?? null,
        foreignBornBand: foreignBornBandOf(foreignBorn.get(row.id)),
      },
    ]),
  );
}

/** Each city's figure of its latest year. */
function latestByCity(facts: readonly { city_id: number; value: unknown; year: number }[]) {
  const latest = new Map<number, { value: number; year: number }>();
  for (const fact of facts) {
    const known = latest.get(fact.city_id);
    if (!known || fact.year > known.year)
      latest.set(fact.city_id, { value: Number(fact.value), year: fact.year });
  }
  return new Map([...latest].map(([id, { value }]) => [id, value]));
}

export interface LikeMineInput {
  size?: unknown;
  region?: unknown;
  themes?: unknown;
  target_groups?: unknown;
}

export interface LikeMineCriteria {
  size: SizeBand | null;
  region: string | null;
  themes: string[];
  targetGroups: string[];
}

const listOf = (value: unknown): string[] => [...new Set(readList(value))];

/** Checks the "cities like mine" form: every value must be one of its choices. */
export async function readLikeMine(db: Db, input: LikeMineInput): Promise<LikeMineCriteria> {
  const [taxonomy, places] = await Promise.all([getTaxonomy(db, 'en'), getPlaceIndex(db, 'en')]);
  const problems: FieldProblem[] = [];
  const choice = { message: 'is not one of the choices', key: 'form.error.choice' };
  const size = typeof input.size === 'string' ? input.size.trim() : '';
  if (size !== '' && !(SIZE_BANDS as readonly string[]).includes(size))
    problems.push({ field: 'size', ...choice });
  const region = typeof input.region === 'string' ? input.region.trim() : '';
  if (region !== '' && (places.region(region) === undefined || region === '001'))
    problems.push({ field: 'region', ...choice });
  const themes = listOf(input.themes);
  if (themes.some((t) => !taxonomy.has('theme', t))) problems.push({ field: 'themes', ...choice });
  const targetGroups = listOf(input.target_groups);
  if (targetGroups.some((t) => !taxonomy.has('target-group', t)))
    problems.push({ field: 'target_groups', ...choice });
  if (problems.length > 0) throw new ValidationError(problems);
  return {
    size: size === '' ? null : (size as SizeBand),
    region: region === '' ? null : region,
    themes,
    targetGroups,
  };
}

export function isEmptyCriteria(c: LikeMineCriteria): boolean {
  return (
    c.size === null && c.region === null && c.themes.length === 0 && c.targetGroups.length === 0
  );
}

/**
 * Cities like the one described in the form: ticked themes and groups weigh fully. The reader's
 * own city (`ownCityId`) is never among them.
 */
export async function findPeersFor(
  db: Db,
  locale: Locale,
  criteria: LikeMineCriteria,
  ownCityId?: number,
): Promise<PeerView[]> {
  const places = await getPlaceIndex(db, locale);
  const pool = await candidatePool(db, places);
  const ticked = (ids: string[]) => new Map(ids.map((id) => [id, 1]));
  return presentPeers(db, locale, places, pool, {
    themes: ticked(criteria.themes),
    targetGroups: ticked(criteria.targetGroups),
    sizeBand: criteria.size,
    nearRegions: criteria.region ? [criteria.region] : [],
    broadRegions: [],
    ...(ownCityId !== undefined ? { excludeId: ownCityId } : {}),
  });
}

/**
 * The city a reader speaks for or works in, when it can be told: the city of the first
 * municipality they joined, else the city of the first organisation they joined; null for a
 * visitor or someone in no organisation placed in a city.
 */
export async function findOwnCity(
  db: Db,
  actor: Actor,
  locale: Locale,
): Promise<CitySummary | null> {
  if (actor.kind !== 'user') return null;
  const memberships = await listMembershipCities(db, actor.id);
  const chosen = memberships.find((m) => m.type === 'municipality') ?? memberships[0];
  if (!chosen) return null;
  const [row] = await findCitiesByIds(db, [chosen.cityId]);
  return row ? summaryOf(await getPlaceIndex(db, locale), row) : null;
}

/** How many of a city's themes and of its target groups the short form starts from. */
const STARTING_CONCEPTS = 5;

/**
 * What the short form starts from for a reader's own city: its size band (from its latest
 * population figure, else the gazetteer), its sub-region, and the themes and target groups its
 * practices work on most.
 */
export async function criteriaOfCity(db: Db, cityId: number): Promise<LikeMineCriteria> {
  const [row] = await findCitiesByIds(db, [cityId]);
  const [places, facts, concepts] = await Promise.all([
    getPlaceIndex(db, 'en'),
    repo.listFactsOfCity(db, cityId),
    listCityPracticeConcepts(db),
  ]);
  const own = concepts.filter((p) => p.cityId === cityId);
  const top = (profile: Map<string, number>) =>
    [...profile]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, STARTING_CONCEPTS)
      .map(([id]) => id);
  const population = facts.find((f) => f.kind === 'population');
  const country = row ? places.country(row.country_code) : undefined;
  return {
    size: sizeBandOf(population ? Number(population.value) : row?.population),
    region: country?.subregionCode ?? country?.regionCode ?? null,
    themes: top(shareProfile(own.map((p) => p.themes))),
    targetGroups: top(shareProfile(own.map((p) => p.targetGroups))),
  };
}

/** Choices of the "cities like mine" form, in the reader's language. */
export async function likeMineChoices(db: Db, locale: Locale) {
  const [taxonomy, places] = await Promise.all([
    getTaxonomy(db, locale),
    getPlaceIndex(db, locale),
  ]);
  return {
    regions: regionTree(places),
    themes: taxonomy.list('theme').map((c) => ({ value: c.id, label: c.label })),
    targetGroups: taxonomy.list('target-group').map((c) => ({ value: c.id, label: c.label })),
  };
}

/** Regions with their sub-regions under them, for a drop-down. */
function regionTree(places: PlaceIndex) {
  const out: { value: string; label: string; level: number }[] = [];
  const visit = (parent: string) => {
    for (const r of places.regions.filter((x) => x.parentCode === parent)) {
      out.push({ value: r.code, label: r.name, level: r.level });
      visit(r.code);
    }
  };
  visit('001');
  return out;
}
