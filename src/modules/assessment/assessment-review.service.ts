import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.ts';
import { nowIso } from '../../core/text.ts';
import { type Problems, readText } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { enqueueEmail } from '../jobs/index.ts';
import { type AssessmentWorkspace, LIMITS } from './assessment.model.ts';
import * as repo from './assessment.repository.ts';
import { cityOf, signedIn, workspaceOf } from './assessment.service.ts';
import { scoreAssessment } from './assessment-scoring.ts';
import { loadFramework } from './framework.ts';

/**
 * The editors' side: the queue of submitted assessments, a question back to the city, and the
 * acceptance that makes a shared result public.
 */

function reviewer(actor: Actor) {
  const user = signedIn(actor);
  if (!can(user, 'assessments.review')) throw new ForbiddenError();
  return user;
}

/** How many assessments wait for the editors (their dashboard). */
export async function countAssessmentQueue(db: Db): Promise<number> {
  return repo.countSubmittedAssessments(db);
}

export type QueuedAssessment = Awaited<ReturnType<typeof repo.listSubmittedAssessments>>[number];

export async function getAssessmentQueue(db: Db, actor: Actor): Promise<QueuedAssessment[]> {
  reviewer(actor);
  return repo.listSubmittedAssessments(db);
}

/** A draft never sent is the city's alone: to the editors it does not exist. */
async function sentAssessment(db: Db, id: number) {
  const row = await repo.findAssessment(db, id);
  if (!row || (row.state === 'draft' && row.submitted_at === null))
    throw new NotFoundError('assessment_not_found', `No submitted assessment has the id ${id}.`);
  return row;
}

export async function getAssessmentForReview(
  db: Db,
  actor: Actor,
  id: number,
): Promise<AssessmentWorkspace> {
  reviewer(actor);
  return workspaceOf(db, await sentAssessment(db, id));
}

async function waiting(db: Db, actor: Actor, id: number) {
  const user = reviewer(actor);
  const row = await sentAssessment(db, id);
  if (row.state !== 'submitted')
    throw new ConflictError(
      'assessment_not_waiting',
      'This assessment is not waiting for the editors.',
    );
  return { user, row };
}

/**
 * Sends the assessment back to its city with a question: the members of its municipality are
 * told by email, in their own language, and may change the answers and send it again.
 */
export async function askQuestion(
  db: Db,
  actor: Actor,
  id: number,
  input: { message?: unknown },
): Promise<void> {
  const problems: Problems = [];
  const message = readText(problems, 'message', input.message, {
    max: LIMITS.message,
    required: true,
  });
  const { user, row } = await waiting(db, actor, id);
  if (problems.length > 0 || !message) throw new ValidationError(problems);
  const [city, members] = await Promise.all([
    cityOf(db, row.city_id),
    repo.listMunicipalityMemberIds(db, row.city_id),
  ]);
  const now = nowIso();
  await write(
    db,
    user,
    async ({ trx }) => {
      await repo.insertMessage(trx, {
        assessment_id: row.id,
        author_id: user.id,
        body: message,
        created_at: now,
      });
      await repo.updateAssessment(trx, row.id, { state: 'questions', updated_at: now });
      for (const memberId of members)
        await enqueueEmail(trx, {
          userId: memberId,
          kind: 'assessmentQuestion',
          values: { city: city.name, year: String(row.year), message },
          linkPath: `/cities/${row.city_id}/assessment/${row.year}/edit`,
          dedupeKey: `assessment:${row.id}:question:${now}:${memberId}`,
        });
    },
    {
      audit: {
        action: 'assessment.question_asked',
        subject: { type: 'assessment', id: row.id },
        details: { city: row.city_id, year: row.year, told: members.length },
      },
    },
  );
}

/**
 * Accepts the assessment: its scores are computed again from the answers as they stand, and the
 * result is published at once when the city chose to share it.
 */
export async function acceptAssessment(db: Db, actor: Actor, id: number): Promise<void> {
  const { user, row } = await waiting(db, actor, id);
  const framework = loadFramework(row.framework_version);
  const answers = await repo.listAnswers(db, row.id);
  const now = nowIso();
  const shared = row.share_publicly === 1;
  await write(
    db,
    user,
    ({ trx }) =>
      repo.updateAssessment(trx, row.id, {
        state: 'accepted',
        scores: JSON.stringify(scoreAssessment(framework, answers)),
        decided_at: now,
        decided_by: user.id,
        published_at: shared ? now : null,
        updated_at: now,
      }),
    {
      audit: {
        action: 'assessment.accepted',
        subject: { type: 'assessment', id: row.id },
        details: { city: row.city_id, year: row.year, published: shared },
      },
      contentChanged: shared,
    },
  );
}
