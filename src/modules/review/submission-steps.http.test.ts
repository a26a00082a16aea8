import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/helpers/agent.ts';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { COMPLETE_STEPS } from '../../../test/helpers/submission.ts';
import { createUser, signIn } from '../../../test/helpers/users.ts';

/** "Save and continue" says what a step still lacks; the partners have one lead; cities are checked. */
describe.each(dialects)('the steps of the submission form on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let author: Agent;
  let id: number;

  const dataOf = async () =>
    JSON.parse(
      (
        await database.db
          .selectFrom('submissions')
          .select('data')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).data,
    );

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    app = await buildTestApp(database, { authRateLimitPerMinute: 100_000, loginDelayMs: 1 });
    await createUser(database.db, 'author@example.org', 'contributor');
    author = new Agent(app);
    await signIn(author, 'author@example.org');
    const created = await author.post('/submissions', {}, { from: '/submissions' });
    id = Number(/\/submissions\/(\d+)\//.exec(String(created.headers.location))?.[1]);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('saves an empty step and says what it still lacks before moving on', async () => {
    const page = await author.post(`/submissions/${id}/edit/description`, {
      lessons: 'Start small, in one library.',
      go: 'next',
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Saved. 4 things to complete or check on this step');
    expect(page.body).toContain('<a href="#field-context">Context: This is required.</a>');
    expect(page.body).toContain(`href="/submissions/${id}/edit/partners"`);
    expect(page.body).toContain('Continue to “Organisations and contact” anyway');
    expect((await dataOf()).sections.lessons).toBe('Start small, in one library.');
    // Complete, the step moves on as before.
    const complete = await author.post(`/submissions/${id}/edit/description`, {
      ...COMPLETE_STEPS.description,
      go: 'next',
    });
    expect(complete.statusCode).toBe(303);
    expect(complete.headers.location).toBe(`/submissions/${id}/edit/partners`);
  });

  it('accepts one lead organisation, naming the role to change', async () => {
    const page = await author.post(`/submissions/${id}/edit/partners`, {
      ...COMPLETE_STEPS.partners,
      org_name_1: 'Lisbon Libraries',
      org_role_1: 'lead',
      go: 'next',
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain(
      '<a href="#field-org_role_1">Role of organisation 2: Only one organisation can lead the practice',
    );
    const partner = await author.post(`/submissions/${id}/edit/partners`, {
      ...COMPLETE_STEPS.partners,
      org_name_1: 'Lisbon Libraries',
      org_role_1: 'partner',
      go: 'next',
    });
    expect(partner.statusCode).toBe(303);
  });

  it('suggests the places a misspelt city may mean, and keeps the name as typed', async () => {
    const page = await author.post(`/submissions/${id}/edit/place`, {
      country: 'PT',
      city: 'Lisbonnn',
      go: 'next',
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      'City or place (optional): Did you mean Lisbon? “Lisbonnn” is not in our list',
    );
    expect((await dataOf()).city).toBe('Lisbonnn');
    const right = await author.post(`/submissions/${id}/edit/place`, {
      country: 'PT',
      city: 'Lisbon',
      go: 'next',
    });
    expect(right.statusCode).toBe(303);
    // "Save draft" stays on the step without the check.
    const stay = await author.post(`/submissions/${id}/edit/place`, {
      country: 'PT',
      city: 'Lisbonnn',
      go: 'stay',
    });
    expect(stay.statusCode).toBe(303);
  });
});
