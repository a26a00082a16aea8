import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type {
  AssessmentAnswerTable,
  AssessmentMessageTable,
  AssessmentTable,
} from './assessment.table.ts';

export async function findAssessment(db: Db, id: number) {
  return db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAssessmentOfCityYear(db: Db, cityId: number, year: number) {
  return db
    .selectFrom('assessments')
    .selectAll()
    .where('city_id', '=', cityId)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** A city's assessments, newest year first. */
export async function listAssessmentsOfCity(db: Db, cityId: number) {
  return db
    .selectFrom('assessments')
    .selectAll()
    .where('city_id', '=', cityId)
    .orderBy('year', 'desc')
    .execute();
}

export async function insertAssessment(
  db: Db,
  values: Insertable<AssessmentTable>,
): Promise<number> {
  const row = await db
    .insertInto('assessments')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateAssessment(
  db: Db,
  id: number,
  values: Updateable<AssessmentTable>,
): Promise<void> {
  await db.updateTable('assessments').set(values).where('id', '=', id).execute();
}

export async function listAnswers(db: Db, assessmentId: number) {
  return db
    .selectFrom('assessment_answers')
    .selectAll()
    .where('assessment_id', '=', assessmentId)
    .orderBy('question_id')
    .execute();
}

/** Replaces the answers to these questions with the given ones (an empty answer is no row). */
export async function replaceAnswers(
  db: Db,
  assessmentId: number,
  questionIds: readonly string[],
  answers: readonly Insertable<AssessmentAnswerTable>[],
): Promise<void> {
  if (questionIds.length > 0)
    await db
      .deleteFrom('assessment_answers')
      .where('assessment_id', '=', assessmentId)
      .where('question_id', 'in', questionIds)
      .execute();
  if (answers.length > 0) await db.insertInto('assessment_answers').values(answers).execute();
}

/** The exchange about an assessment, oldest first, with each author's name (null once deleted). */
export async function listMessages(db: Db, assessmentId: number) {
  return db
    .selectFrom('assessment_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.author_id', 'm.body', 'm.created_at', 'u.name as author_name'])
    .where('m.assessment_id', '=', assessmentId)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
}

export async function insertMessage(
  db: Db,
  values: Insertable<AssessmentMessageTable>,
): Promise<number> {
  const row = await db
    .insertInto('assessment_messages')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Assessments waiting for the editors, oldest submission first, with their city. */
export async function listSubmittedAssessments(db: Db) {
  return db
    .selectFrom('assessments as a')
    .innerJoin('cities as c', 'c.id', 'a.city_id')
    .select([
      'a.id',
      'a.city_id',
      'a.year',
      'a.submitted_at',
      'c.name as city_name',
      'c.country_code',
    ])
    .where('a.state', '=', 'submitted')
    .orderBy('a.submitted_at')
    .orderBy('a.id')
    .execute();
}

export async function countSubmittedAssessments(db: Db): Promise<number> {
  const row = await db
    .selectFrom('assessments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'submitted')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The members of the municipality placed in a city: who hears about its assessment. */
export async function listMunicipalityMemberIds(db: Db, cityId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('organisation_members as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select('m.user_id')
    .distinct()
    .where('o.type', '=', 'municipality')
    .where('o.city_id', '=', cityId)
    .execute();
  return rows.map((row) => Number(row.user_id));
}

/** The assessments a person started, for the copy of their data. */
export async function listAssessmentsStartedBy(db: Db, userId: number) {
  return db
    .selectFrom('assessments as a')
    .innerJoin('cities as c', 'c.id', 'a.city_id')
    .select([
      'a.id',
      'a.year',
      'a.state',
      'a.framework_version',
      'a.share_publicly',
      'a.created_at',
      'a.submitted_at',
      'c.name as city_name',
    ])
    .where('a.created_by', '=', userId)
    .orderBy('a.id')
    .execute();
}

/** The messages a person wrote about assessments, for the copy of their data. */
export async function listMessagesWrittenBy(db: Db, userId: number) {
  return db
    .selectFrom('assessment_messages as m')
    .innerJoin('assessments as a', 'a.id', 'm.assessment_id')
    .innerJoin('cities as c', 'c.id', 'a.city_id')
    .select(['m.body', 'm.created_at', 'a.year', 'c.name as city_name'])
    .where('m.author_id', '=', userId)
    .orderBy('m.id')
    .execute();
}

export async function hasMessagesWrittenBy(db: Db, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('assessment_messages')
    .select('id')
    .where('author_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Moves a deleted person's messages onto the nameless stand-in that keeps them on the record. */
export async function reassignMessages(db: Db, fromUserId: number, toUserId: number) {
  await db
    .updateTable('assessment_messages')
    .set({ author_id: toUserId })
    .where('author_id', '=', fromUserId)
    .execute();
}
