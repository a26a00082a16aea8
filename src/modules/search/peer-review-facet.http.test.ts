import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { COMPLETE_STEPS } from '../../../test/helpers/submission.ts';
import { createUser } from '../../../test/helpers/users.ts';
import type { Actor, Role } from '../../core/actor.ts';
import { decide } from '../review/editorial.service.ts';
import {
  assignReviewers,
  declareInterests,
  submitReview,
} from '../review/review-assignment.service.ts';
import { isStep } from '../review/submission.model.ts';
import { createSubmission, saveStep, submitSubmission } from '../review/submission.service.ts';
import { getPracticeState } from './search-state.ts';

interface SearchBody {
  total: number;
  results: { title: string; peer_review: { reviewers: number; decided_at: string } | null }[];
  facets: Record<string, { id: string; label: string; count: number; selected: boolean }[]>;
}

const person = (id: number, role: Role): Actor => ({
  kind: 'user',
  id,
  role,
  name: `Person ${id}`,
  via: 'session',
  scopes: ['read', 'write'],
});

const TITLE = COMPLETE_STEPS.basics?.title as string;

describe.each(dialects)('the peer review facet and mark on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const api = async (query: string) => {
    const response = await app.inject(`/api/v1/search?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as SearchBody;
  };
  const facet = (body: SearchBody) =>
    Object.fromEntries((body.facets.peer_reviewed ?? []).map((v) => [v.id, v.count]));

  /** A contributor's practice, reviewed by two reviewers and published by an editor. */
  async function publishThroughReview(): Promise<void> {
    const { db } = database;
    const author = person(await createUser(db, 'author@example.org', 'contributor'), 'contributor');
    const editor = person(await createUser(db, 'editor@example.org', 'editor'), 'editor');
    const reviewers = [
      await createUser(db, 'r1@example.org', 'reviewer'),
      await createUser(db, 'r2@example.org', 'reviewer'),
    ];
    const id = await createSubmission(db, author);
    for (const [step, form] of Object.entries(COMPLETE_STEPS)) {
      if (!isStep(step)) throw new Error(`no step ${step}`);
      expect(await saveStep(db, author, id, step, form)).toEqual([]);
    }
    await submitSubmission(db, author, id, 0);
    const due = new Date(Date.now() + 21 * 24 * 3600_000).toISOString().slice(0, 10);
    await assignReviewers(db, editor, id, { reviewerIds: reviewers.map(String), dueDate: due });
    const assignments = await db
      .selectFrom('review_assignments')
      .select(['id', 'reviewer_user_id'])
      .where('submission_id', '=', id)
      .execute();
    for (const a of assignments) {
      const reviewer = person(a.reviewer_user_id, 'reviewer');
      await declareInterests(db, reviewer, a.id, { conflict: 'no', statement: '' });
      await submitReview(db, reviewer, a.id, {
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
    const decision = await decide(db, editor, id, {
      decision: 'published',
      message: 'Thank you: published.',
      evidenceLevel: 'promising',
      justification: 'Results measured before and after.',
    });
    expect(decision.state).toBe('published');
  }

  it('refuses a value other than true or false, naming the parameter', async () => {
    for (const value of ['maybe', 'yes', '1', 'TRUE']) {
      const response = await app.inject(`/api/v1/search?peer_reviewed=${value}`);
      expect(response.statusCode).toBe(400);
      const problem = response.json() as { errors: { field: string; message: string }[] };
      expect(problem.errors[0]).toMatchObject({ field: 'peer_reviewed' });
      expect(problem.errors[0]?.message).toContain(`unknown value "${value}"`);
    }
    expect((await app.inject('/practices?peer_reviewed=maybe')).statusCode).toBe(400);
    const list = await app.inject('/api/v1/practices?peer_reviewed=maybe');
    expect(list.statusCode).toBe(400);
    expect(list.json()).toMatchObject({ errors: [{ field: 'peer_reviewed' }] });
  });

  it('counts a practice published through review as peer reviewed, and filters by it', async () => {
    // The imported demo practices went through no review here.
    const before = await api('per_page=1');
    expect(facet(before)).toEqual({ false: before.total });
    expect(before.results[0]?.peer_review).toBeNull();
    expect((await api('peer_reviewed=true')).total).toBe(0);
    const state = await getPracticeState(app.readDb);

    await publishThroughReview();

    // The search state follows the publication practice by practice, not by a full load.
    const after = await api('per_page=1');
    expect((await getPracticeState(app.readDb)).loadedAt).toBe(state.loadedAt);
    expect(after.total).toBe(before.total + 1);
    expect(facet(after)).toEqual({ true: 1, false: before.total });
    expect(after.facets.peer_reviewed?.map((v) => v.label)).toEqual([
      'Peer reviewed',
      'Not peer reviewed',
    ]);

    const reviewed = await api('peer_reviewed=true');
    expect(reviewed.total).toBe(1);
    expect(reviewed.results[0]?.title).toBe(TITLE);
    expect(reviewed.results[0]?.peer_review).toMatchObject({ reviewers: 2 });
    expect(reviewed.facets.peer_reviewed?.find((v) => v.id === 'true')?.selected).toBe(true);
    // Disjunctive like every facet: the other value still counts what it would add.
    expect(facet(reviewed)).toEqual({ true: 1, false: before.total });

    const notReviewed = await api('peer_reviewed=false&per_page=100');
    expect(notReviewed.total).toBe(before.total);
    expect(notReviewed.results.map((r) => r.title)).not.toContain(TITLE);
    expect((await api('peer_reviewed=true&peer_reviewed=false')).total).toBe(after.total);
    // The practices API filters the same way.
    const listed = async (query: string) =>
      (await app.inject(`/api/v1/practices?${query}`)).json() as {
        total: number;
        results: { title: string; peer_review: unknown }[];
      };
    const listedReviewed = await listed('peer_reviewed=true');
    expect(listedReviewed.results.map((r) => r.title)).toEqual([TITLE]);
    expect(listedReviewed.results[0]?.peer_review).toMatchObject({ reviewers: 2 });
    expect((await listed('peer_reviewed=false&per_page=100')).total).toBe(before.total);
    expect((await listed('peer_reviewed=true&peer_reviewed=false')).total).toBe(after.total);
    // With the words of the practice, and other filters, it is still found.
    const words = await api('q=language+cafes&peer_reviewed=true&evidence=promising');
    expect(words.results.map((r) => r.title)).toEqual([TITLE]);
    // debug=1 still gives the parts of each score.
    const debug = (
      await app.inject('/api/v1/search?q=language+cafes&peer_reviewed=true&debug=1')
    ).json() as {
      results: { score_parts?: Record<string, number> }[];
    };
    expect(debug.results[0]?.score_parts?.total).toBeGreaterThan(0);

    // The practices list API shows the mark too.
    const list = (await app.inject('/api/v1/practices?per_page=100&sort=newest')).json() as {
      results: { title: string; peer_review: { reviewers: number } | null }[];
    };
    expect(list.results.find((r) => r.title === TITLE)?.peer_review).toMatchObject({
      reviewers: 2,
    });

    // The page offers the facet with its counts, and the card says who reviewed and when.
    for (const path of ['/practices', '/search']) {
      const page = await app.inject(`${path}?peer_reviewed=true`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('id="facet-peer_reviewed"');
      expect(page.body).toContain('Peer review');
      expect(page.body).toMatch(/class="badge badge--peer-reviewed"/);
      expect(page.body).toContain('Peer reviewed by 2 reviewers, ');
    }
    const all = await app.inject('/practices?peer_reviewed=false');
    expect(all.body).toContain('class="badge badge--not-peer-reviewed"');
    expect(all.body).not.toContain('badge--peer-reviewed"');
  });
});
