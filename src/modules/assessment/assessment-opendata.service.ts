import { NotFoundError } from '../../core/errors.ts';
import type { Db } from '../../db/connect.ts';
import { findCitiesByIds } from '../places/index.ts';
import * as records from './assessment.repository.ts';
import * as repo from './assessment-results.repository.ts';
import { parseScores } from './assessment-results.service.ts';

/**
 * Published self-assessments as open data (the API and the export): never a private one.
 * Illustrative (demo) ones are included and say so in their `illustrative` field.
 */

export interface OpenAssessment {
  id: number;
  city: { id: number; name: string; countryCode: string };
  year: number;
  frameworkVersion: string;
  illustrative: boolean;
  publishedAt: string;
  scores: Record<string, number | null>;
}

export interface OpenAnswer {
  question_id: string;
  choice: string | null;
  value: number | null;
  value_year: number | null;
  source: string | null;
  evidence_url: string | null;
  note: string | null;
}

type Row = Awaited<ReturnType<typeof repo.listPublishedAssessments>>[number];

async function withCities(db: Db, rows: Row[]): Promise<OpenAssessment[]> {
  const cities = new Map(
    (await findCitiesByIds(db, [...new Set(rows.map((r) => r.city_id))])).map((c) => [c.id, c]),
  );
  return rows.map((row) => {
    const city = cities.get(row.city_id);
    return {
      id: row.id,
      city: { id: row.city_id, name: city?.name ?? '', countryCode: city?.country_code ?? '' },
      year: row.year,
      frameworkVersion: row.framework_version,
      illustrative: row.illustrative === 1,
      publishedAt: row.published_at ?? '',
      scores: parseScores(row.scores),
    };
  });
}

const answerOf = (a: Awaited<ReturnType<typeof records.listAnswers>>[number]): OpenAnswer => ({
  question_id: a.question_id,
  choice: a.choice,
  value: a.value === null ? null : Number(a.value),
  value_year: a.value_year,
  source: a.source,
  evidence_url: a.evidence_url,
  note: a.note,
});

export async function listOpenAssessments(
  db: Db,
  { page, perPage }: { page: number; perPage: number },
): Promise<{ total: number; page: number; perPage: number; items: OpenAssessment[] }> {
  const [total, rows] = await Promise.all([
    repo.countPublishedAssessments(db),
    repo.listPublishedAssessments(db, perPage, (page - 1) * perPage),
  ]);
  return { total, page, perPage, items: await withCities(db, rows) };
}

export async function getOpenAssessment(
  db: Db,
  idText: string,
): Promise<OpenAssessment & { answers: OpenAnswer[] }> {
  const id = /^[1-9]\d{0,8}$/.test(idText) ? Number(idText) : undefined;
  const row = id === undefined ? undefined : await repo.findPublishedAssessment(db, id);
  if (!row)
    throw new NotFoundError(
      'assessment_not_found',
      `No published self-assessment has the id "${idText.slice(0, 20)}".`,
    );
  const [assessment] = await withCities(db, [row]);
  const answers = await records.listAnswers(db, row.id);
  return { ...(assessment as OpenAssessment), answers: answers.map(answerOf) };
}

/** Every published self-assessment with its answers, for the export (a few per city at most). */
export async function exportOpenAssessments(
  db: Db,
): Promise<(OpenAssessment & { answers: OpenAnswer[] })[]> {
  const total = await repo.countPublishedAssessments(db);
  const rows = await repo.listPublishedAssessments(db, Math.max(total, 1), 0);
  const [assessments, answers] = await Promise.all([
    withCities(db, rows),
    repo.listAnswersOf(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  const byAssessment = new Map<number, OpenAnswer[]>();
  for (const a of answers)
    byAssessment.set(a.assessment_id, [...(byAssessment.get(a.assessment_id) ?? []), answerOf(a)]);
  return assessments.map((a) => ({ ...a, answers: byAssessment.get(a.id) ?? [] }));
}

/** Which published assessments a harvest asks for: published since `from`, before `before`. */
export interface PublicationRange {
  from?: string;
  before?: string;
}

/** A page of published assessments for harvesters (OAI-PMH), in id order after `afterId`. */
export async function listOpenAssessmentsAfter(
  db: Db,
  range: PublicationRange,
  afterId: number,
  limit: number,
): Promise<OpenAssessment[]> {
  return withCities(db, await repo.listPublishedAfter(db, range, afterId, limit));
}

export function countOpenAssessments(db: Db, range: PublicationRange): Promise<number> {
  return repo.countPublishedInRange(db, range);
}

/** A city's published assessment of a year, or undefined when there is none or it is private. */
export async function findOpenAssessmentOfCity(
  db: Db,
  cityId: number,
  year: number,
): Promise<OpenAssessment | undefined> {
  const row = await repo.findPublishedOfCityYear(db, cityId, year);
  return row ? (await withCities(db, [row]))[0] : undefined;
}

export function findEarliestAssessmentPublication(db: Db): Promise<string | undefined> {
  return repo.findEarliestPublication(db);
}
