import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { COMPLETE_STEPS } from '../../../test/helpers/submission.ts';
import { createUser } from '../../../test/helpers/users.ts';
import type { Actor, Role } from '../../core/actor.ts';
import { ValidationError } from '../../core/errors.ts';
import { archiveSubmission, decide } from './editorial.service.ts';
import { assignReviewers, declareInterests, submitReview } from './review-assignment.service.ts';
import { isStep } from './submission.model.ts';
import { createSubmission, saveStep, submitSubmission } from './submission.service.ts';

const person = (id: number, role: Role): Actor => ({
  kind: 'user',
  id,
  role,
  name: `Person ${id}`,
  via: 'session',
  scopes: ['read', 'write'],
});

const inThreeWeeks = () => new Date(Date.now() + 21 * 24 * 3600_000).toISOString().slice(0, 10);

describe.each(dialects)('editorial decisions are audited on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let author: Actor;
  let editor: Actor;
  let reviewers: number[];

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    const { db } = database;
    author = person(await createUser(db, 'author@example.org', 'contributor'), 'contributor');
    editor = person(await createUser(db, 'editor@example.org', 'editor'), 'editor');
    reviewers = [
      await createUser(db, 'r1@example.org', 'reviewer'),
      await createUser(db, 'r2@example.org', 'reviewer'),
    ];
  });
  afterAll(async () => {
    await database.drop();
  });

  async function submitted(): Promise<number> {
    const id = await createSubmission(database.db, author);
    for (const [step, form] of Object.entries(COMPLETE_STEPS)) {
      if (!isStep(step)) throw new Error(`no step ${step}`);
      expect(await saveStep(database.db, author, id, step, form)).toEqual([]);
    }
    // No hourly limit: this file sends one practice after another to follow their audit.
    await submitSubmission(database.db, author, id, 0);
    return id;
  }

  /** Each assigned reviewer declares no conflict and sends a complete review. */
  async function reviewedByAll(id: number, who: number[] = reviewers): Promise<void> {
    const assignments = await database.db
      .selectFrom('review_assignments')
      .select(['id', 'reviewer_user_id'])
      .where('submission_id', '=', id)
      .execute();
    for (const a of assignments.filter((x) => who.includes(x.reviewer_user_id))) {
      const reviewer = person(a.reviewer_user_id, 'reviewer');
      await declareInterests(database.db, reviewer, a.id, { conflict: 'no', statement: '' });
      await submitReview(database.db, reviewer, a.id, {
        score_relevance: '4',
        score_results: '4',
        score_evidence: '3',
        score_transferability: '4',
        score_sustainability: '3',
        score_rights: '5',
        proposed_evidence_level: 'promising',
        recommendation: 'publish',
        message_to_author: 'Clear and useful.',
        message_to_editor: 'Results are self-reported.',
      });
    }
  }

  const publish = (id: number, extra: { overrideReason?: string } = {}) =>
    decide(database.db, editor, id, {
      decision: 'published',
      message: 'Thank you: published.',
      evidenceLevel: 'promising',
      justification: 'Results measured before and after.',
      ...extra,
    });

  const auditOf = (subjectType: string, subjectId: number) =>
    database.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'action', 'details'])
      .where('subject_type', '=', subjectType)
      .where('subject_id', '=', String(subjectId))
      .orderBy('id')
      .execute();

  it('records who assigned reviewers, decided, published and archived, with what', async () => {
    const id = await submitted();
    await assignReviewers(database.db, editor, id, {
      reviewerIds: reviewers.map(String),
      dueDate: inThreeWeeks(),
    });
    await reviewedByAll(id);
    const decision = await publish(id);
    expect(decision.state).toBe('published');
    const practice = await database.db
      .selectFrom('submissions')
      .select('practice_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const practiceId = practice.practice_id as number;
    await archiveSubmission(database.db, editor, id, 'Superseded by a national programme.');

    const editorId = editor.kind === 'user' ? editor.id : 0;
    const onSubmission = await auditOf('submission', id);
    expect(onSubmission.map((a) => a.action)).toEqual([
      'submission.reviewers_assigned',
      'submission.decided',
    ]);
    expect(onSubmission.every((a) => a.actor_user_id === editorId)).toBe(true);
    expect(JSON.parse(onSubmission[0]?.details ?? '{}')).toMatchObject({
      round: 1,
      reviewers: reviewers.join(','),
    });
    expect(JSON.parse(onSubmission[1]?.details ?? '{}')).toEqual({
      from: 'in_review',
      decision: 'published',
      round: 1,
    });

    const onPractice = await auditOf('practice', practiceId);
    expect(onPractice.map((a) => a.action)).toEqual(['practice.published', 'practice.archived']);
    expect(onPractice.every((a) => a.actor_user_id === editorId)).toBe(true);
    expect(JSON.parse(onPractice[0]?.details ?? '{}')).toEqual({
      submission: id,
      version: 1,
      evidenceLevel: 'promising',
      reviews: 2,
    });
    expect(JSON.parse(onPractice[1]?.details ?? '{}')).toEqual({ submission: id });
  });

  it('records a decision that publishes nothing, and nothing for a refused one', async () => {
    const id = await submitted();
    await expect(
      decide(database.db, editor, id, { decision: 'published', message: '' }),
    ).rejects.toThrow();
    expect(await auditOf('submission', id)).toEqual([]);

    await decide(database.db, editor, id, {
      decision: 'changes_requested',
      message: 'Please add the results of 2023.',
    });
    const rows = await auditOf('submission', id);
    expect(rows.map((a) => a.action)).toEqual(['submission.decided']);
    expect(JSON.parse(rows[0]?.details ?? '{}')).toEqual({
      from: 'submitted',
      decision: 'changes_requested',
      round: 1,
    });
  });

  it('never publishes on fewer than two completed reviews without a reason, which is then kept', async () => {
    const id = await submitted();
    // Nobody reviewed: refused, naming the field, and nothing written.
    const refused = await publish(id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).details).toEqual([
      expect.objectContaining({
        field: 'override_reason',
        key: 'editor.decide.needsReviews',
        values: { count: 0, needed: 2 },
      }),
    ]);
    expect(await auditOf('submission', id)).toEqual([]);

    // One completed review and one conflict are still one review.
    await assignReviewers(database.db, editor, id, {
      reviewerIds: reviewers.map(String),
      dueDate: inThreeWeeks(),
    });
    const [first, second] = await database.db
      .selectFrom('review_assignments')
      .select(['id', 'reviewer_user_id'])
      .where('submission_id', '=', id)
      .orderBy('id')
      .execute();
    await declareInterests(
      database.db,
      person(second?.reviewer_user_id as number, 'reviewer'),
      second?.id as number,
      {
        conflict: 'yes',
        statement: 'I advised the city on this programme.',
      },
    );
    await reviewedByAll(id, [first?.reviewer_user_id as number]);
    await expect(publish(id)).rejects.toBeInstanceOf(ValidationError);
    const row = () =>
      database.db
        .selectFrom('submissions')
        .select(['state', 'publish_override', 'practice_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    expect((await row()).state).toBe('in_review');

    // With a reason, the editor may: the reason stays with the submission and in the audit row.
    const reason = 'Evaluated independently by the national audit office in 2024.';
    await publish(id, { overrideReason: reason });
    const published = await row();
    expect(published).toMatchObject({ state: 'published', publish_override: reason });
    const onPractice = await auditOf('practice', published.practice_id as number);
    expect(JSON.parse(onPractice[0]?.details ?? '{}')).toMatchObject({
      reviews: 1,
      override: reason,
    });
  });
});
