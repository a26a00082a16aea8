import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { AssessmentAnswerTable } from './assessment.table.ts';

/** What the result pages, the peers and the open data read of an assessment. */
const RESULT_COLUMNS = [
  'id',
  'city_id',
  'year',
  'framework_version',
  'state',
  'published_at',
  'illustrative',
  'scores',
  'decided_at',
] as const;

export async function insertAnswers(
  db: Db,
  rows: readonly Insertable<AssessmentAnswerTable>[],
): Promise<void> {
  // Small batches: PostgreSQL and SQLite both cap the parameters of one statement.
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('assessment_answers')
      .values(rows.slice(i, i + 100))
      .execute();
}

export async function findPublishedAssessment(db: Db, id: number) {
  return db
    .selectFrom('assessments')
    .select(RESULT_COLUMNS)
    .where('id', '=', id)
    .where('published_at', 'is not', null)
    .executeTakeFirst();
}

/** A city's assessments that have scores, newest year first (the city page and "change since"). */
export async function listScoredAssessmentsOfCity(db: Db, cityId: number) {
  return db
    .selectFrom('assessments')
    .select(RESULT_COLUMNS)
    .where('city_id', '=', cityId)
    .where('scores', 'is not', null)
    .orderBy('year', 'desc')
    .execute();
}

/** Every published assessment's scores, for the peer figures and the regions' medians. */
export async function listPublishedScores(db: Db) {
  return db
    .selectFrom('assessments')
    .select(['id', 'city_id', 'year', 'framework_version', 'illustrative', 'scores'])
    .where('published_at', 'is not', null)
    .where('scores', 'is not', null)
    .execute();
}

/** The figure several assessments give for one question, by assessment id. */
export async function listFiguresOf(
  db: Db,
  questionId: string,
  assessmentIds: readonly number[],
): Promise<Map<number, number>> {
  if (assessmentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('assessment_answers')
    .select(['assessment_id', 'value'])
    .where('question_id', '=', questionId)
    .where('assessment_id', 'in', [...new Set(assessmentIds)])
    .where('value', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.assessment_id, Number(r.value)]));
}

/** Published assessments for the open data: newest publication first, then by id. */
export async function listPublishedAssessments(db: Db, limit: number, offset: number) {
  return db
    .selectFrom('assessments')
    .select(RESULT_COLUMNS)
    .where('published_at', 'is not', null)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countPublishedAssessments(db: Db): Promise<number> {
  const row = await db
    .selectFrom('assessments')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('published_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The answers of several assessments at once (the open-data export). */
export async function listAnswersOf(db: Db, assessmentIds: readonly number[]) {
  if (assessmentIds.length === 0) return [];
  return db
    .selectFrom('assessment_answers')
    .selectAll()
    .where('assessment_id', 'in', [...assessmentIds])
    .orderBy('assessment_id')
    .orderBy('question_id')
    .execute();
}

/**
 * Listed practices carrying any of these themes, with what ranks them: evidence level, peer
 * review and the city they are in.
 */
export async function listPracticesWithThemes(db: Db, themes: readonly string[]) {
  if (themes.length === 0) return [];
  return db
    .selectFrom('practices as p')
    .innerJoin('practice_concepts as c', 'c.practice_id', 'p.id')
    .select(['p.id', 'p.slug', 'p.city_id', 'p.evidence_level', 'p.peer_reviewers'])
    .distinct()
    .where('p.archived_at', 'is', null)
    .where('c.scheme', '=', 'theme')
    .where('c.concept_id', 'in', [...themes])
    .execute();
}

/** The city a demo practice was matched to, by the place name the practice gives. */
export async function findCityIdOfPracticePlace(
  db: Db,
  cityName: string,
  countryCode: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('practices')
    .select('city_id')
    .where('city_name', '=', cityName)
    .where('country_code', '=', countryCode)
    .where('city_id', 'is not', null)
    .orderBy('id')
    .executeTakeFirst();
  return row?.city_id ?? undefined;
}

/** Published since `from` and before `before` (ISO strings), for harvesters: in id order, after an id. */
export async function listPublishedAfter(
  db: Db,
  range: { from?: string; before?: string },
  afterId: number,
  limit: number,
) {
  let query = db
    .selectFrom('assessments')
    .select(RESULT_COLUMNS)
    .where('published_at', 'is not', null)
    .where('id', '>', afterId);
  if (range.from !== undefined) query = query.where('published_at', '>=', range.from);
  if (range.before !== undefined) query = query.where('published_at', '<', range.before);
  return query.orderBy('id').limit(limit).execute();
}

export async function countPublishedInRange(
  db: Db,
  range: { from?: string; before?: string },
): Promise<number> {
  let query = db
    .selectFrom('assessments')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('published_at', 'is not', null);
  if (range.from !== undefined) query = query.where('published_at', '>=', range.from);
  if (range.before !== undefined) query = query.where('published_at', '<', range.before);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export async function findPublishedOfCityYear(db: Db, cityId: number, year: number) {
  return db
    .selectFrom('assessments')
    .select(RESULT_COLUMNS)
    .where('city_id', '=', cityId)
    .where('year', '=', year)
    .where('published_at', 'is not', null)
    .executeTakeFirst();
}

export async function findEarliestPublication(db: Db): Promise<string | undefined> {
  const row = await db
    .selectFrom('assessments')
    .select((eb) => eb.fn.min('published_at').as('earliest'))
    .where('published_at', 'is not', null)
    .executeTakeFirst();
  return row?.earliest ?? undefined;
}
