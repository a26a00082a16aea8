import type { Actor } from '../../core/actor.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import { foreignBornBandOf, listCityTraits, similarityToCity } from '../cities/index.ts';
import { findCitiesByIds, getPlaceIndex } from '../places/index.ts';
import { EVIDENCE_LEVELS, loadCards } from '../practices/index.ts';
import * as records from './assessment.repository.ts';
import { mayActForCity } from './assessment.service.ts';
import {
  changeSince,
  comparePeers,
  type GroupFigure,
  type Likeness,
  type PublishedScores,
} from './assessment-peers.ts';
import * as repo from './assessment-results.repository.ts';
import type { Framework, FrameworkQuestion } from './framework.model.ts';
import { loadFramework } from './framework.ts';

/**
 * A city's self-assessment result: its scores by area, the change since its previous year, how
 * it compares with its peers, its facts and the practices that address its weakest areas.
 *
 * Who sees it: everyone once it is published (accepted and shared); before that only the
 * editors and the members of the city's municipality. Anyone else is told, as for a year the
 * city never assessed, that there is nothing here, so a private assessment is not even known to
 * exist.
 */

export const WEAKEST_AREAS = 3;
export const PRACTICES_PER_AREA = 5;

export interface AreaResult {
  id: string;
  title: string;
  score: number | null;
  /** Points gained (or lost) since the previous year; null when either year has no score. */
  change: number | null;
  like: GroupFigure;
  all: GroupFigure;
}

export interface FactResult {
  id: string;
  text: string;
  unit: FrameworkQuestion['unit'] | null;
  value: number;
  year: number | null;
  source: string | null;
  evidenceUrl: string | null;
}

export interface PracticeMatch {
  slug: string;
  title: string;
  cityName: string | null;
  countryName: string;
  evidenceLevel: string;
  peerReviewed: boolean;
  illustrative: boolean;
}

export interface NextStep {
  areaId: string;
  title: string;
  score: number;
  practices: PracticeMatch[];
}

export interface AssessmentResult {
  id: number;
  city: { id: number; name: string; countryCode: string; countryName: string };
  year: number;
  frameworkVersion: string;
  illustrative: boolean;
  /** False for a result only the city and the editors see. */
  published: boolean;
  accepted: boolean;
  previousYear: number | null;
  /** What "cities like this one" share with it: region and size band always, the band of the share of residents born abroad when its profile gives one. */
  likeness: { regionCode: string | null; sizeBand: string | null; foreignBornBand: string | null };
  areas: AreaResult[];
  facts: FactResult[];
  nextSteps: NextStep[];
}

const notFound = (cityId: string, year: string) =>
  new NotFoundError(
    'assessment_not_found',
    `City "${cityId.slice(0, 20)}" has no self-assessment result for "${year.slice(0, 20)}".`,
  );

export function parseScores(text: string | null): Record<string, number | null> {
  if (text === null) return {};
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const scores: Record<string, number | null> = {};
  for (const [area, value] of Object.entries(parsed))
    scores[area] = typeof value === 'number' ? value : null;
  return scores;
}

type AssessmentRow = NonNullable<Awaited<ReturnType<typeof records.findAssessmentOfCityYear>>>;

/**
 * The assessment the reader may see, with whether they act for the city; NotFoundError for
 * anything else, malformed addresses included.
 */
async function visibleAssessment(
  db: Db,
  actor: Actor,
  cityIdText: string,
  yearText: string,
): Promise<{ row: AssessmentRow; actsForTheCity: boolean }> {
  const cityId = /^[1-9]\d{0,8}$/.test(cityIdText) ? Number(cityIdText) : undefined;
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : undefined;
  if (cityId === undefined || year === undefined) throw notFound(cityIdText, yearText);
  const row = await records.findAssessmentOfCityYear(db, cityId, year);
  if (!row || row.scores === null) throw notFound(cityIdText, yearText);
  const actsForTheCity = await mayActForCity(db, actor, cityId);
  if (row.published_at === null && !actsForTheCity) throw notFound(cityIdText, yearText);
  return { row, actsForTheCity };
}

/** The framework's question on the share of residents born abroad, which "cities like mine" compares. */
const FOREIGN_BORN_QUESTION = 'governance.foreign-born-share';

const toPublished = (row: Awaited<ReturnType<typeof repo.listPublishedScores>>[number]) =>
  ({
    cityId: row.city_id,
    year: row.year,
    frameworkVersion: row.framework_version,
    illustrative: row.illustrative === 1,
    scores: parseScores(row.scores),
  }) satisfies PublishedScores;

export async function getAssessmentResult(
  db: Db,
  actor: Actor,
  locale: Locale,
  cityIdText: string,
  yearText: string,
): Promise<AssessmentResult> {
  const { row, actsForTheCity } = await visibleAssessment(db, actor, cityIdText, yearText);
  const framework = loadFramework(row.framework_version);
  const scores = parseScores(row.scores);
  const areaIds = framework.areas.map((a) => a.id);
  const [cityRows, places, history, published, answers] = await Promise.all([
    findCitiesByIds(db, [row.city_id]),
    getPlaceIndex(db, locale),
    repo.listScoredAssessmentsOfCity(db, row.city_id),
    repo.listPublishedScores(db),
    records.listAnswers(db, row.id),
  ]);
  const cityRow = cityRows[0];
  if (!cityRow) throw notFound(cityIdText, yearText);
  // The public compares with the previous published year; the city itself also with a year it
  // keeps private, once the editors accepted it.
  const previous = history.find(
    (h) =>
      h.year < row.year &&
      h.framework_version === row.framework_version &&
      (h.published_at !== null || (actsForTheCity && h.state === 'accepted')),
  );
  const change = previous ? changeSince(scores, parseScores(previous.scores)) : {};
  const pool = published.map(toPublished);
  // The share of residents born abroad: the city profile's figure, else the one the city gave
  // in the assessment compared (its own, or each other city's latest published one).
  // Each city's latest published assessment of the same version and kind, as comparePeers takes.
  const latestOfCity = new Map<number, { year: number; id: number }>();
  for (const p of published) {
    if (p.framework_version !== row.framework_version || p.illustrative !== row.illustrative)
      continue;
    const known = latestOfCity.get(p.city_id);
    if (!known || p.year > known.year) latestOfCity.set(p.city_id, { year: p.year, id: p.id });
  }
  const [traits, answeredShares] = await Promise.all([
    listCityTraits(db, [row.city_id, ...pool.map((p) => p.cityId)]),
    repo.listFiguresOf(db, FOREIGN_BORN_QUESTION, [
      row.id,
      ...[...latestOfCity.values()].map((l) => l.id),
    ]),
  ]);
  const answeredShare = (cityId: number) =>
    answeredShares.get(
      cityId === row.city_id ? row.id : (latestOfCity.get(cityId)?.id ?? Number.NaN),
    );
  const likenessOf = (id: number): Likeness => {
    const known = traits.get(id);
    return {
      regionCode: known?.regionCode ?? null,
      sizeBand: known?.sizeBand ?? null,
      foreignBornBand: known?.foreignBornBand ?? foreignBornBandOf(answeredShare(id)),
    };
  };
  const own = likenessOf(row.city_id);
  const peers = comparePeers(
    {
      cityId: row.city_id,
      frameworkVersion: row.framework_version,
      illustrative: row.illustrative === 1,
      ...own,
    },
    pool,
    likenessOf,
    areaIds,
  );
  const areas = framework.areas.map(
    (area): AreaResult => ({
      id: area.id,
      title: area.title[locale],
      score: scores[area.id] ?? null,
      change: change[area.id] ?? null,
      like: peers.like[area.id] ?? { shown: false, n: 0 },
      all: peers.all[area.id] ?? { shown: false, n: 0 },
    }),
  );
  return {
    id: row.id,
    city: {
      id: cityRow.id,
      name: cityRow.name,
      countryCode: cityRow.country_code,
      countryName: places.country(cityRow.country_code)?.name ?? cityRow.country_code,
    },
    year: row.year,
    frameworkVersion: row.framework_version,
    illustrative: row.illustrative === 1,
    published: row.published_at !== null,
    accepted: row.state === 'accepted',
    previousYear: previous?.year ?? null,
    likeness: {
      regionCode: own.regionCode,
      sizeBand: own.sizeBand,
      foreignBornBand: own.foreignBornBand ?? null,
    },
    areas,
    facts: factsOf(framework, answers, locale),
    nextSteps: await nextSteps(db, locale, framework, row.city_id, areas),
  };
}

function factsOf(
  framework: Framework,
  answers: Awaited<ReturnType<typeof records.listAnswers>>,
  locale: Locale,
): FactResult[] {
  const byQuestion = new Map(answers.map((a) => [a.question_id, a]));
  return framework.areas.flatMap((area) =>
    area.questions
      .filter((q) => q.kind === 'fact')
      .flatMap((q): FactResult[] => {
        const answer = byQuestion.get(q.id);
        if (!answer || answer.value === null) return [];
        return [
          {
            id: q.id,
            text: q.text[locale],
            unit: q.unit ?? null,
            value: Number(answer.value),
            year: answer.value_year,
            source: answer.source,
            evidenceUrl: answer.evidence_url,
          },
        ];
      }),
  );
}

/**
 * The three weakest scored areas (lowest score first; ties in the framework's order) and, for
 * each, up to five listed practices carrying one of the area's themes: the strongest evidence
 * first, then those of the cities most like this one. The city's own practices rank as those of
 * a city with nothing in common: it knows them already, so they never come first for being its own.
 */
async function nextSteps(
  db: Db,
  locale: Locale,
  framework: Framework,
  cityId: number,
  areas: AreaResult[],
): Promise<NextStep[]> {
  const weakest = areas
    .map((area, index) => ({ area, index }))
    .filter(
      (x): x is { area: AreaResult & { score: number }; index: number } => x.area.score !== null,
    )
    .sort((a, b) => a.area.score - b.area.score || a.index - b.index)
    .slice(0, WEAKEST_AREAS)
    .map((x) => x.area);
  if (weakest.length === 0) return [];
  const similarity = await similarityToCity(db, cityId);
  const evidenceRank = (level: string) => {
    const index = (EVIDENCE_LEVELS as readonly string[]).indexOf(level);
    return index === -1 ? EVIDENCE_LEVELS.length : index;
  };
  const chosen = await Promise.all(
    weakest.map(async (area) => {
      const themes = framework.areas.find((a) => a.id === area.id)?.themes ?? [];
      const candidates = await repo.listPracticesWithThemes(db, themes);
      const closeness = (id: number | null) =>
        id === null || id === cityId ? 0 : (similarity.get(id) ?? 0);
      return candidates
        .sort(
          (a, b) =>
            evidenceRank(a.evidence_level) - evidenceRank(b.evidence_level) ||
            closeness(b.city_id) - closeness(a.city_id) ||
            a.id - b.id,
        )
        .slice(0, PRACTICES_PER_AREA);
    }),
  );
  const cards = await loadCards(
    db,
    locale,
    chosen.flat().map((p) => p.id),
  );
  const cardById = new Map(cards.map((c) => [c.id, c]));
  return weakest.map((area, i) => ({
    areaId: area.id,
    title: area.title,
    score: area.score,
    practices: (chosen[i] ?? []).flatMap((p): PracticeMatch[] => {
      const card = cardById.get(p.id);
      if (!card) return [];
      return [
        {
          slug: card.slug,
          title: card.title,
          cityName: card.cityName,
          countryName: card.countryName,
          evidenceLevel: card.evidenceLevel,
          peerReviewed: p.peer_reviewers !== null,
          illustrative: card.illustrative,
        },
      ];
    }),
  }));
}

/** The link on a city's page: its published years, and to those who act for it the private ones. */
export async function listResultsOfCity(
  db: Db,
  actor: Actor,
  cityId: number,
): Promise<{ year: number; published: boolean; illustrative: boolean }[]> {
  const rows = await repo.listScoredAssessmentsOfCity(db, cityId);
  const mayAct = rows.some((r) => r.published_at === null)
    ? await mayActForCity(db, actor, cityId)
    : false;
  return rows
    .filter((r) => r.published_at !== null || mayAct)
    .map((r) => ({
      year: r.year,
      published: r.published_at !== null,
      illustrative: r.illustrative === 1,
    }));
}
