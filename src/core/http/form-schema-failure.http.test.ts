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

/**
 * A text longer than a form's schema allows comes back on the same form, beside its field, with
 * everything typed kept, in every kind of form: never the raw error page.
 */
// Longer than a form text field's 25,000 characters (the most any of these forms takes); words, so the page shows it as typed.
const TOO_LONG = `${'Our city opened language cafés in every library. '.repeat(520)}End.`;
const TOO_LONG_LENGTH = TOO_LONG.length.toLocaleString('en');

describe.each(dialects)('forms refused by their schema on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const agents = {} as Record<'author' | 'editor' | 'reviewer' | 'sender', Agent>;
  let submissionId: number;

  /** The page says what is wrong beside the field, names the field in the summary, keeps it. */
  const expectKeptBeside = (body: string, field: string, label: string, max: string) => {
    expect(body).not.toContain('must match a schema');
    expect(body).toContain(`id="field-${field}-error"`);
    expect(body).toContain(
      `Use at most ${max} characters: this text has ${TOO_LONG_LENGTH}. Shorten it`,
    );
    expect(body).toContain(`href="#field-${field}">${label}: Use at most ${max} characters`);
    // The same limit is shown under the field.
    expect(body).toContain(`id="field-${field}-limit">${max} characters at most.`);
    expect(body).toContain(TOO_LONG.replace(/'/g, '&#39;'));
  };

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    app = await buildTestApp(database, {
      authRateLimitPerMinute: 100_000,
      loginDelayMs: 1,
      submissionRateLimitPerHour: 0,
    });
    for (const [who, role] of [
      ['author', 'contributor'],
      ['editor', 'editor'],
      ['reviewer', 'reviewer'],
      ['sender', 'member'],
    ] as const) {
      await createUser(database.db, `${who}@example.org`, role, `Person ${who}`);
      agents[who] = new Agent(app);
      await signIn(agents[who], `${who}@example.org`);
    }
    await createUser(database.db, 'second-reviewer@example.org', 'reviewer');
    const created = await agents.author.post('/submissions', {}, { from: '/submissions' });
    submissionId = Number(/\/submissions\/(\d+)\//.exec(String(created.headers.location))?.[1]);
    for (const [step, fields] of Object.entries(COMPLETE_STEPS))
      await agents.author.post(`/submissions/${submissionId}/edit/${step}`, {
        ...fields,
        go: 'next',
      });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('keeps a description step too long on the submission form, and saves nothing of it', async () => {
    const step = `/submissions/${submissionId}/edit/description`;
    const page = await agents.author.post(step, {
      ...COMPLETE_STEPS.description,
      objectives: 'Changed, but not saved while another field is too long.',
      context: TOO_LONG,
      go: 'next',
    });
    expect(page.statusCode).toBe(400);
    expectKeptBeside(page.body, 'context', 'Context', '20,000');
    expect(page.body).toContain('Changed, but not saved while another field is too long.');
    const saved = await agents.author.get(step);
    expect(saved.body).toContain(String(COMPLETE_STEPS.description?.objectives));
    expect(saved.body).not.toContain('Changed, but not saved');
  });

  it('names each field in the error summary, links to it, and shows free text in its own direction', async () => {
    const step = `/submissions/${submissionId}/edit/basics`;
    const page = await agents.author.post(step, {
      ...COMPLETE_STEPS.basics,
      title: 'مقاهي اللغة في الأحياء',
      start_year: '20l9',
      go: 'next',
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toMatch(
      /<a href="#field-start_year">Start year: Enter a year from 1900 to \d{4}, such as 2019\.<\/a>/,
    );
    // Free text follows what is typed; the title in Arabic on an English page included.
    expect(page.body).toMatch(/<input[^>]*id="field-title"[^>]*dir="auto"/);
    expect(page.body).toMatch(/<textarea[^>]*id="field-summary"[^>]*dir="auto"/);
    // A text box says its limit, without a maxlength that would cut a pasted text.
    expect(page.body).toContain('id="field-summary-limit">2,000 characters at most.');
    expect(page.body).not.toMatch(/<textarea[^>]*maxlength/);
    expect(page.body).toContain('data-warn-unsaved');
    const arabic = await agents.author.get(`/ar${step}`);
    expect(arabic.body).toContain('الحد الأقصى لعدد الأحرف: 2,000.');
    // The step is saved as typed, mistakes included: put it right for the tests that follow.
    await agents.author.post(step, { ...COMPLETE_STEPS.basics, go: 'next' });
  });

  it('keeps a review message too long on the review form', async () => {
    const sent = await agents.author.post(
      `/submissions/${submissionId}/submit`,
      {},
      { from: `/submissions/${submissionId}` },
    );
    expect(sent.statusCode).toBe(303);
    const reviewers = await database.db
      .selectFrom('users')
      .select('id')
      .where('email', 'in', ['reviewer@example.org', 'second-reviewer@example.org'])
      .execute();
    const assigned = await agents.editor.post(`/editor/submissions/${submissionId}/assign`, {
      reviewers: reviewers.map((r) => String(r.id)),
      due_date: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(assigned.statusCode).toBe(303);
    const assignment = await database.db
      .selectFrom('review_assignments as a')
      .innerJoin('users as u', 'u.id', 'a.reviewer_user_id')
      .select('a.id')
      .where('a.submission_id', '=', submissionId)
      .where('u.email', '=', 'reviewer@example.org')
      .executeTakeFirstOrThrow();
    const path = `/review/assignments/${assignment.id}`;
    await agents.reviewer.post(`${path}/declare`, { conflict: 'no' }, { from: path });
    for (const action of ['review', 'draft']) {
      const page = await agents.reviewer.post(
        `${path}/${action}`,
        { score_relevance: '4', message_to_author: TOO_LONG },
        { from: path },
      );
      expect(page.statusCode, action).toBe(400);
      expectKeptBeside(page.body, 'message_to_author', 'Message to the author', '10,000');
    }
  });

  it('keeps a description too long on the organisation form, and a message too long on the contact form', async () => {
    const organisation = {
      name: 'Ville de Lyon',
      type: 'municipality',
      country: 'FR',
      city: 'Lyon',
      website: 'https://lyon.fr',
      description_locale: 'fr',
    };
    const refused = await agents.author.post(
      '/organisations',
      { ...organisation, description: TOO_LONG },
      { from: '/organisations/new' },
    );
    expect(refused.statusCode).toBe(400);
    expectKeptBeside(refused.body, 'description', 'Description', '5,000');
    expect(refused.body).toContain('value="Ville de Lyon"');

    const created = await agents.author.post(
      '/organisations',
      { ...organisation, description: 'La Ville de Lyon accueille.' },
      { from: '/organisations/new' },
    );
    expect(created.statusCode).toBe(303);
    const slug = String(created.headers.location).split('/').pop();
    const contact = `/contact/organisation/${slug}`;
    const message = await agents.sender.post(contact, {
      subject: 'Language cafés',
      message: TOO_LONG,
    });
    expect(message.statusCode).toBe(400);
    expectKeptBeside(message.body, 'message', 'Message', '5,000');
    expect(message.body).toContain('value="Language cafés"');
  });

  it('still answers the error page for a form route that shows no form again', async () => {
    const anonymous = new Agent(app);
    const page = await anonymous.post(
      '/account/login',
      { email: `${'a'.repeat(1000)}@example.org`, password: 'a long test password' },
      { from: '/account/login' },
    );
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Use at most 1,000 characters');
    expect(anonymous.cookies.has('session')).toBe(false);
  });
});
