import type { Actor, SignedIn } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../../core/errors.ts';
import { nowIso } from '../../core/text.ts';
import { problem, readText } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import type { AccountDataSection, DeletionKeeper } from '../accounts/index.ts';
import { listMunicipalityCityIds } from '../directory/index.ts';
import { findCitiesByIds } from '../places/index.ts';
import type {
  AssessmentState,
  AssessmentSummary,
  AssessmentWorkspace,
  CityAssessments,
  CityRef,
} from './assessment.model.ts';
import { LIMITS, YEARS_BACK } from './assessment.model.ts';
import * as repo from './assessment.repository.ts';
import type { AssessmentRow } from './assessment.table.ts';
import { isAnswered, missingAnswers, readAreaAnswers } from './assessment-answers.ts';
import { scoreAssessment } from './assessment-scoring.ts';
import { currentFramework, loadFramework } from './framework.ts';

/**
 * A city's own side of its self-assessment: starting one for a year, filling it in area by area,
 * sending it to the editors and choosing whether the accepted result is public. Only the
 * members of the city's municipality (and the editors) may see or change any of it.
 */

export function signedIn(actor: Actor): SignedIn {
  if (actor.kind !== 'user') throw new UnauthenticatedError();
  return actor;
}

/**
 * Whether this person may fill in the city's self-assessment: an editor, or a member of the
 * municipality organisation placed in the city.
 */
export async function mayActForCity(db: Db, actor: Actor, cityId: number): Promise<boolean> {
  if (actor.kind !== 'user') return false;
  if (can(actor, 'assessments.fill')) return true;
  const cities = await listMunicipalityCityIds(db, actor.id);
  return (
    cities.includes(cityId) && can(actor, 'assessments.fill', { id: cityId, ownerId: actor.id })
  );
}

export async function cityOf(db: Db, cityId: number): Promise<CityRef> {
  const [city] = await findCitiesByIds(db, [cityId]);
  if (!city) throw new NotFoundError('city_not_found', `No city has the id ${cityId}.`);
  return { id: city.id, name: city.name, countryCode: city.country_code };
}

/** The city, when this person may act for it; to anyone else it is forbidden. */
async function actingFor(db: Db, actor: Actor, cityId: number) {
  const user = signedIn(actor);
  const city = await cityOf(db, cityId);
  if (!(await mayActForCity(db, user, cityId)))
    // The page explains how to become a member of one's municipality (see ErrorPage).
    throw new ForbiddenError(
      'not_municipality_member',
      "Only members of the city's municipality and the editors fill in its self-assessment.",
    );
  return { user, city };
}

export function summaryOf(row: AssessmentRow): AssessmentSummary {
  return {
    id: row.id,
    year: row.year,
    state: row.state as AssessmentState,
    sharePublicly: row.share_publicly === 1,
    publishedAt: row.published_at,
    submittedAt: row.submitted_at,
    updatedAt: row.updated_at,
  };
}

const thisYear = () => new Date().getUTCFullYear();

/** The city's assessments and the years it may still start one for. */
export async function getCityAssessments(
  db: Db,
  actor: Actor,
  cityId: number,
): Promise<CityAssessments> {
  const { city } = await actingFor(db, actor, cityId);
  const rows = await repo.listAssessmentsOfCity(db, cityId);
  const taken = new Set(rows.map((r) => r.year));
  const startableYears = Array.from({ length: YEARS_BACK + 1 }, (_, i) => thisYear() - i).filter(
    (year) => !taken.has(year),
  );
  return { city, assessments: rows.map(summaryOf), startableYears };
}

/** Starts the city's assessment for a year, against the current framework. */
export async function startAssessment(
  db: Db,
  actor: Actor,
  cityId: number,
  input: { year?: unknown },
): Promise<number> {
  const { user } = await actingFor(db, actor, cityId);
  const text = typeof input.year === 'string' ? input.year.trim() : '';
  const year = /^\d{4}$/.test(text) ? Number(text) : Number.NaN;
  if (!(year >= thisYear() - YEARS_BACK && year <= thisYear()))
    throw new ValidationError([
      {
        field: 'year',
        message: `must be a year from ${thisYear() - YEARS_BACK} to ${thisYear()}`,
        key: 'form.error.year',
        values: { min: thisYear() - YEARS_BACK, max: thisYear() },
      },
    ]);
  if (await repo.findAssessmentOfCityYear(db, cityId, year))
    throw new ValidationError([
      problem(
        'year',
        'the city already has an assessment for this year',
        'assessment.error.exists',
      ),
    ]);
  const now = nowIso();
  const framework = currentFramework();
  await write(
    db,
    user,
    ({ trx }) =>
      repo.insertAssessment(trx, {
        city_id: cityId,
        year,
        framework_version: framework.version,
        state: 'draft',
        share_publicly: 0,
        published_at: null,
        illustrative: 0,
        scores: null,
        created_by: user.id,
        created_at: now,
        updated_at: now,
        submitted_at: null,
        decided_at: null,
        decided_by: null,
      }),
    {
      audit: (id) => ({
        action: 'assessment.started',
        subject: { type: 'assessment', id },
        details: { city: cityId, year, framework: framework.version },
      }),
    },
  );
  return year;
}

/** An assessment with its answers, messages and progress, as its city and the editors see it. */
export async function workspaceOf(db: Db, row: AssessmentRow): Promise<AssessmentWorkspace> {
  const framework = loadFramework(row.framework_version);
  const [city, answerRows, messageRows] = await Promise.all([
    cityOf(db, row.city_id),
    repo.listAnswers(db, row.id),
    repo.listMessages(db, row.id),
  ]);
  const answers = Object.fromEntries(answerRows.map((a) => [a.question_id, a]));
  const state = row.state as AssessmentState;
  return {
    city,
    assessment: {
      ...summaryOf(row),
      frameworkVersion: row.framework_version,
      scores: row.scores ? (JSON.parse(row.scores) as Record<string, number | null>) : null,
      decidedAt: row.decided_at,
    },
    framework,
    answers,
    messages: messageRows.map((m) => ({
      id: m.id,
      authorName: m.author_name,
      body: m.body,
      createdAt: m.created_at,
    })),
    progress: framework.areas.map((area) => ({
      area,
      answered: area.questions.filter((q) => isAnswered(q, answers[q.id])).length,
      total: area.questions.length,
    })),
    missing: missingAnswers(framework.areas, answers),
    editable: state === 'draft' || state === 'questions',
  };
}

async function assessmentOf(db: Db, cityId: number, year: number) {
  const row = await repo.findAssessmentOfCityYear(db, cityId, year);
  if (!row)
    throw new NotFoundError(
      'assessment_not_found',
      `The city has no assessment for the year ${year}.`,
    );
  return row;
}

/** The city's assessment for a year, for its own pages. */
export async function openAssessment(
  db: Db,
  actor: Actor,
  cityId: number,
  year: number,
): Promise<AssessmentWorkspace> {
  await actingFor(db, actor, cityId);
  return workspaceOf(db, await assessmentOf(db, cityId, year));
}

function refuseUnlessEditable(row: AssessmentRow) {
  if (row.state !== 'draft' && row.state !== 'questions')
    throw new ConflictError(
      row.state === 'accepted' ? 'assessment_accepted' : 'assessment_with_editors',
      row.state === 'accepted'
        ? 'This assessment has been accepted; it no longer changes.'
        : 'The editors are reading this assessment; it can be changed once they answer.',
    );
}

/** Saves one area's answers as they are (a draft): only the fields that are wrong are refused. */
export async function saveArea(
  db: Db,
  actor: Actor,
  cityId: number,
  year: number,
  areaId: string,
  input: Record<string, unknown>,
): Promise<void> {
  const { user } = await actingFor(db, actor, cityId);
  const row = await assessmentOf(db, cityId, year);
  const area = loadFramework(row.framework_version).areas.find((a) => a.id === areaId);
  if (!area) throw new NotFoundError('area_not_found', `The framework has no area ${areaId}.`);
  refuseUnlessEditable(row);
  const { answers, problems } = readAreaAnswers(area, input, thisYear());
  if (problems.length > 0) throw new ValidationError(problems);
  const now = nowIso();
  await write(
    db,
    user,
    async ({ trx }) => {
      await repo.replaceAnswers(
        trx,
        row.id,
        area.questions.map((q) => q.id),
        answers.map((a) => ({ ...a, assessment_id: row.id, updated_at: now })),
      );
      await repo.updateAssessment(trx, row.id, { updated_at: now });
    },
    {
      audit: {
        action: 'assessment.area_saved',
        subject: { type: 'assessment', id: row.id },
        details: { area: area.id, answers: answers.length },
      },
    },
  );
}

function readShare(value: unknown): boolean | null {
  if (value === 'public') return true;
  if (value === 'private') return false;
  return null;
}

/**
 * Sends the assessment to the editors, with the city's choice of sharing and, when it answers
 * their question, its reply. Every policy and outcome question must be answered; the scores are
 * computed now, with the version of the framework they come from.
 */
export async function submitAssessment(
  db: Db,
  actor: Actor,
  cityId: number,
  year: number,
  input: { share?: unknown; message?: unknown },
): Promise<void> {
  const { user } = await actingFor(db, actor, cityId);
  const row = await assessmentOf(db, cityId, year);
  refuseUnlessEditable(row);
  const problems = [];
  const share = readShare(input.share);
  if (share === null) problems.push(problem('share', 'is required', 'assessment.error.share'));
  const message = readText(problems, 'message', input.message, { max: LIMITS.message });
  const framework = loadFramework(row.framework_version);
  const answers = await repo.listAnswers(db, row.id);
  const missing = missingAnswers(
    framework.areas,
    Object.fromEntries(answers.map((a) => [a.question_id, a])),
  );
  problems.push(...missing);
  if (problems.length > 0) throw new ValidationError(problems, 'assessment_incomplete');
  const now = nowIso();
  await write(
    db,
    user,
    async ({ trx }) => {
      await repo.updateAssessment(trx, row.id, {
        state: 'submitted',
        share_publicly: share ? 1 : 0,
        scores: JSON.stringify(scoreAssessment(framework, answers)),
        framework_version: framework.version,
        submitted_at: now,
        updated_at: now,
      });
      if (message)
        await repo.insertMessage(trx, {
          assessment_id: row.id,
          author_id: user.id,
          body: message,
          created_at: now,
        });
    },
    {
      audit: {
        action: row.state === 'questions' ? 'assessment.resubmitted' : 'assessment.submitted',
        subject: { type: 'assessment', id: row.id },
        details: { city: cityId, year, shared: share === true, replied: message !== null },
      },
    },
  );
}

/**
 * The city's choice to publish the result once accepted, or keep it private. Changed after the
 * acceptance, it publishes or withdraws the result at once.
 */
export async function setSharing(
  db: Db,
  actor: Actor,
  cityId: number,
  year: number,
  input: { share?: unknown },
): Promise<void> {
  const { user } = await actingFor(db, actor, cityId);
  const row = await assessmentOf(db, cityId, year);
  const share = readShare(input.share);
  if (share === null)
    throw new ValidationError([problem('share', 'is required', 'assessment.error.share')]);
  const accepted = row.state === 'accepted';
  const now = nowIso();
  await write(
    db,
    user,
    ({ trx }) =>
      repo.updateAssessment(trx, row.id, {
        share_publicly: share ? 1 : 0,
        ...(accepted ? { published_at: share ? (row.published_at ?? now) : null } : {}),
        updated_at: now,
      }),
    {
      audit: {
        action: share ? 'assessment.shared' : 'assessment.unshared',
        subject: { type: 'assessment', id: row.id },
        details: { city: cityId, year, published: accepted && share },
      },
      contentChanged: accepted,
    },
  );
}

/** The assessments one started and the messages one wrote about them, in the copy of one's data. */
export const assessmentDataSection: AccountDataSection = {
  key: 'self_assessments',
  gather: async (db, actor) => {
    const user = signedIn(actor);
    const [started, messages] = await Promise.all([
      repo.listAssessmentsStartedBy(db, user.id),
      repo.listMessagesWrittenBy(db, user.id),
    ]);
    return {
      started: started.map((a) => ({
        city: a.city_name,
        year: a.year,
        state: a.state,
        framework_version: a.framework_version,
        share_publicly: a.share_publicly === 1,
        created_at: a.created_at,
        submitted_at: a.submitted_at,
      })),
      messages: messages.map((m) => ({
        city: m.city_name,
        year: m.year,
        body: m.body,
        created_at: m.created_at,
      })),
    };
  },
};

/**
 * A person deletes their account: the assessments they started stay with their city (the
 * foreign key forgets who started them), and their messages stay on the record of the exchange
 * with the editors, under a nameless stand-in, as reviews do.
 */
export const keepAssessmentMessagesOfDeletedAccount: DeletionKeeper = async (
  trx,
  userId,
  standIn,
) => {
  if (await repo.hasMessagesWrittenBy(trx, userId))
    await repo.reassignMessages(trx, userId, await standIn());
};
