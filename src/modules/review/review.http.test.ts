import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/helpers/agent.ts';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { startSmtpServer, type TestSmtp } from '../../../test/helpers/smtp.ts';
import { COMPLETE_STEPS } from '../../../test/helpers/submission.ts';
import { createUser, PASSWORD, signIn } from '../../../test/helpers/users.ts';
import { createApiToken } from '../accounts/api-token.service.ts';

async function tinyPng(): Promise<Buffer> {
  return sharp({
    create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 30, b: 30 } },
  })
    .png()
    .toBuffer();
}

/** Posts a multipart upload the way a browser does. */
async function upload(
  app: FastifyInstance,
  agent: Agent,
  submissionId: number,
  file: { name: string; data: Buffer; type: string },
) {
  const csrf = await agent.csrfFrom(`/submissions/${submissionId}`);
  const boundary = '----clearinghouse-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url: `/submissions/${submissionId}/files`,
    payload: body,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
}

describe.each(dialects)('contribution and peer review on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let smtp: TestSmtp;
  let agents: Record<'author' | 'other' | 'editor' | 'r1' | 'r2' | 'r3', Agent>;
  let ids: Record<'author' | 'other' | 'editor' | 'r1' | 'r2' | 'r3', number>;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    smtp = await startSmtpServer();
    app = await buildTestApp(database, {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 100_000,
      loginDelayMs: 1,
      uploadMaxBytes: 200_000,
      // The author here sends more practices in a minute than the hourly limit allows; the limit
      // has its own test, on an app of its own.
      submissionRateLimitPerHour: 0,
    });
    const people = {
      author: ['author@example.org', 'contributor'],
      other: ['other@example.org', 'contributor'],
      editor: ['editor@example.org', 'editor'],
      r1: ['r1@example.org', 'reviewer'],
      r2: ['r2@example.org', 'reviewer'],
      r3: ['r3@example.org', 'reviewer'],
    } as const;
    ids = {} as typeof ids;
    agents = {} as typeof agents;
    for (const [key, [email, role]] of Object.entries(people) as [
      keyof typeof people,
      (typeof people)[keyof typeof people],
    ][]) {
      ids[key] = await createUser(database.db, email, role, `Person ${key}`);
      agents[key] = new Agent(app);
      await signIn(agents[key], email);
    }
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await database.drop();
  });

  const stateOf = async (id: number) =>
    (
      await database.db
        .selectFrom('submissions')
        .select('state')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).state;
  const newDraft = async (agent: Agent, fields: Record<string, string> = {}) => {
    const created = await agent.post('/submissions', fields, { from: '/submissions' });
    expect(created.statusCode).toBe(303);
    const id = Number(
      /\/submissions\/(\d+)\/edit\/basics/.exec(created.headers.location as string)?.[1],
    );
    expect(id).toBeGreaterThan(0);
    return id;
  };
  const fillAll = async (agent: Agent, id: number) => {
    for (const [step, fields] of Object.entries(COMPLETE_STEPS)) {
      const saved = await agent.post(`/submissions/${id}/edit/${step}`, { ...fields, go: 'next' });
      expect(saved.statusCode, `${step}: ${saved.body.slice(0, 300)}`).toBe(303);
    }
  };
  const sendEmails = () => app.jobs.runDue(100);

  it('keeps what was typed, names every missing field at submission, and submits when complete', async () => {
    const id = await newDraft(agents.author);
    const partial = await agents.author.post(`/submissions/${id}/edit/basics`, {
      title: 'Half a draft',
      start_year: '20l9',
      go: 'next',
    });
    expect(partial.statusCode).toBe(400);
    expect(partial.body).toContain('Enter a year from 1900');
    expect(partial.body).toContain('value="20l9"');
    const refused = await agents.author.post(
      `/submissions/${id}/submit`,
      {},
      { from: `/submissions/${id}` },
    );
    expect(refused.statusCode).toBe(400);
    // One list, each item linking to its field on its step.
    expect(refused.body).toContain(`/submissions/${id}/edit/description#field-context`);
    expect(refused.body).toContain(`/submissions/${id}/edit/partners#field-contact_email`);
    expect(refused.body).toContain(`/submissions/${id}/edit/checklist#field-check_consent`);
    expect(await stateOf(id)).toBe('draft');
    const kept = await agents.author.get(`/submissions/${id}/edit/basics`);
    expect(kept.body).toContain('value="Half a draft"');

    await fillAll(agents.author, id);
    const preview = await agents.author.get(`/submissions/${id}/preview`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Neighbourhood language cafés');
    expect(preview.body).toContain('Lisbon City Council');
    // A preview writes nothing.
    const practices = await database.db.selectFrom('practices').select('id').execute();
    expect(practices).toHaveLength(0);

    const sent = await agents.author.post(
      `/submissions/${id}/submit`,
      {},
      { from: `/submissions/${id}` },
    );
    expect(sent.statusCode).toBe(303);
    expect(await stateOf(id)).toBe('submitted');
    // Submitted text is locked.
    const locked = await agents.author.post(
      `/submissions/${id}/edit/basics`,
      COMPLETE_STEPS.basics as Record<string, string>,
      { from: `/submissions/${id}` },
    );
    expect(locked.statusCode).toBe(409);
  });

  it('keeps both steps when two are saved at the same moment', async () => {
    const drafts = await Promise.all(Array.from({ length: 5 }, () => newDraft(agents.author)));
    // The CSRF token of the form, fetched once: the saves then leave together.
    const csrf = await agents.author.csrfFrom(`/submissions/${drafts[0]}/edit/basics`);
    await Promise.all(
      drafts.flatMap((id) => [
        agents.author.post(
          `/submissions/${id}/edit/basics`,
          { ...COMPLETE_STEPS.basics, go: 'stay' },
          { csrf },
        ),
        agents.author.post(
          `/submissions/${id}/edit/place`,
          { ...COMPLETE_STEPS.place, go: 'stay' },
          { csrf },
        ),
      ]),
    );
    for (const id of drafts) {
      const row = await database.db
        .selectFrom('submissions')
        .select('data')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(row.data)).toMatchObject({
        title: 'Neighbourhood language cafés',
        city: 'Lisbon',
      });
    }
  });

  it('refuses files by their content, their size and their name, storing nothing', async () => {
    const id = await newDraft(agents.author);
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(400, 0x90)]);
    const renamed = await upload(app, agents.author, id, {
      name: 'report.pdf',
      data: exe,
      type: 'application/pdf',
    });
    expect(renamed.statusCode).toBe(400);
    expect(renamed.body).toContain('Only PDF, PNG, JPEG or WebP');
    const big = Buffer.concat([
      Buffer.from('%PDF-1.4\n'),
      Buffer.alloc(250_000, 0x20),
      Buffer.from('\n%%EOF\n'),
    ]);
    const oversized = await upload(app, agents.author, id, {
      name: 'big.pdf',
      data: big,
      type: 'application/pdf',
    });
    expect(oversized.statusCode).toBe(400);
    expect(oversized.body).toContain('too large');
    const pathName = await upload(app, agents.author, id, {
      name: '../../etc/passwd.png',
      data: await tinyPng(),
      type: 'image/png',
    });
    expect(pathName.statusCode).toBe(400);
    const files = await database.db.selectFrom('files').select('id').execute();
    expect(files).toHaveLength(0);

    const accepted = await upload(app, agents.author, id, {
      name: 'café.png',
      data: await tinyPng(),
      type: 'image/png',
    });
    expect(accepted.statusCode).toBe(303);
    const page = await agents.author.get(`/submissions/${id}`);
    const fileId = Number(/href="\/files\/(\d+)"/.exec(page.body)?.[1]);
    expect((await agents.author.get(`/files/${fileId}`)).statusCode).toBe(200);
    // Nobody else reads a draft's file, and nothing says it exists.
    expect((await agents.other.get(`/files/${fileId}`)).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/files/${fileId}` })).statusCode).toBe(404);
  });

  it('keeps drafts, reviews and the queue to the people they belong to', async () => {
    const id = await newDraft(agents.author);
    await fillAll(agents.author, id);
    // Another contributor: not found, not forbidden, so nothing leaks.
    expect((await agents.other.get(`/submissions/${id}`)).statusCode).toBe(404);
    expect((await agents.other.get(`/submissions/${id}/preview`)).statusCode).toBe(404);
    const csrf = await agents.other.csrfFrom('/submissions');
    const foreign = await agents.other.post(
      `/submissions/${id}/edit/basics`,
      { title: 'Mine now' },
      { csrf },
    );
    expect(foreign.statusCode).toBe(404);
    // Non-editors never see the queue.
    expect((await agents.r1.get('/editor')).statusCode).toBe(403);
    expect((await agents.author.get(`/editor/submissions/${id}`)).statusCode).toBe(403);
    // A reviewer opening an assignment that is not theirs.
    await agents.author.post(`/submissions/${id}/submit`, {}, { from: `/submissions/${id}` });
    const assigned = await agents.editor.post(`/editor/submissions/${id}/assign`, {
      reviewers: [String(ids.r1), String(ids.r2)],
      due_date: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(assigned.statusCode).toBe(303);
    const assignment = await database.db
      .selectFrom('review_assignments')
      .select('id')
      .where('submission_id', '=', id)
      .where('reviewer_user_id', '=', ids.r1)
      .executeTakeFirstOrThrow();
    expect((await agents.r3.get(`/review/assignments/${assignment.id}`)).statusCode).toBe(404);
    // Before declaring interests, the reviewer sees who and where, not the text.
    const before = await agents.r1.get(`/review/assignments/${assignment.id}`);
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('Lisbon City Council');
    expect(before.body).not.toContain('Libraries host cafés');
    const early = await agents.r1.post(`/review/assignments/${assignment.id}/review`, {
      score_relevance: '5',
    });
    expect(early.statusCode).toBe(409);
    // A declared conflict keeps the text closed for good.
    await agents.r1.post(`/review/assignments/${assignment.id}/declare`, {
      conflict: 'yes',
      statement: 'I advise the council.',
    });
    const after = await agents.r1.get(`/review/assignments/${assignment.id}`);
    expect(after.body).not.toContain('Libraries host cafés');
    expect(after.body).toContain('declared a conflict');
    // An API token without the write scope cannot propose a practice.
    const readToken = await createApiToken(
      database.db,
      {
        kind: 'user',
        id: ids.other,
        role: 'contributor',
        name: 'x',
        via: 'session',
        scopes: ['read', 'write'],
      },
      { name: 'read only', scopes: ['read'] },
    );
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: { authorization: `Bearer ${readToken.token}` },
      payload: { title: 'x' },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('walks a submission from draft to published, with a conflict, changes and emails', async () => {
    // Messages queued by the other tests go first, out of the way.
    await sendEmails();
    smtp.messages.length = 0;
    const doneEmails = async () =>
      Number(
        (
          await database.db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('kind', '=', 'email')
            .where('state', '=', 'done')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const doneBefore = await doneEmails();
    const id = await newDraft(agents.author);
    await fillAll(agents.author, id);
    await agents.author.post(`/submissions/${id}/submit`, {}, { from: `/submissions/${id}` });
    await sendEmails();
    expect((await smtp.next('author@example.org')).subject).toContain('We received');
    expect((await smtp.next('editor@example.org')).subject).toContain('New submission');

    // One reviewer is not enough.
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const one = await agents.editor.post(`/editor/submissions/${id}/assign`, {
      reviewers: String(ids.r1),
      due_date: due,
    });
    expect(one.statusCode).toBe(400);
    expect(one.body).toContain('at least 2 reviewers');
    await agents.editor.post(`/editor/submissions/${id}/assign`, {
      reviewers: [String(ids.r1), String(ids.r2)],
      due_date: due,
    });
    expect(await stateOf(id)).toBe('in_review');
    await sendEmails();
    const invitation = await smtp.next('r1@example.org');
    expect(invitation.subject).toContain('Please review');
    await smtp.next('r2@example.org');
    const assignmentOf = async (userId: number) =>
      (
        await database.db
          .selectFrom('review_assignments')
          .select('id')
          .where('submission_id', '=', id)
          .where('reviewer_user_id', '=', userId)
          .executeTakeFirstOrThrow()
      ).id;

    // Reviewer 1 declares a conflict: the editors are told, and a third reviewer is assigned.
    const a1 = await assignmentOf(ids.r1);
    await agents.r1.post(`/review/assignments/${a1}/declare`, {
      conflict: 'yes',
      statement: 'Former employee.',
    });
    await sendEmails();
    expect((await smtp.next('editor@example.org')).subject).toContain('conflict');
    await agents.editor.post(`/editor/submissions/${id}/assign`, {
      reviewers: String(ids.r3),
      due_date: due,
    });

    const review = {
      score_relevance: '5',
      score_results: '4',
      score_evidence: '3',
      score_transferability: '4',
      score_sustainability: '3',
      score_rights: '5',
      proposed_evidence_level: 'promising',
      recommendation: 'minor_changes',
      message_to_author: 'Please add how confidence was measured.',
      message_to_editor: 'Solid practice; evidence is self-reported.',
    };
    for (const [agent, userId] of [
      [agents.r2, ids.r2],
      [agents.r3, ids.r3],
    ] as const) {
      const assignment = await assignmentOf(userId);
      await agent.post(`/review/assignments/${assignment}/declare`, { conflict: 'no' });
      const opened = await agent.get(`/review/assignments/${assignment}`);
      expect(opened.body).toContain('Libraries host cafés');
      const bad = await agent.post(`/review/assignments/${assignment}/review`, {
        ...review,
        score_rights: '9',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('Please add how confidence was measured.');
      const done = await agent.post(`/review/assignments/${assignment}/review`, review);
      expect(done.statusCode).toBe(303);
    }
    await sendEmails();
    expect((await smtp.next('editor@example.org')).subject).toContain('review');

    // Changes requested: the author reads the reviewers' messages, never the confidential ones.
    await agents.editor.post(`/editor/submissions/${id}/decide`, {
      decision: 'changes_requested',
      message: 'Please add the measurement method.',
    });
    expect(await stateOf(id)).toBe('changes_requested');
    await sendEmails();
    const changes = await smtp.next('author@example.org');
    expect(changes.text).toContain('Please add the measurement method.');
    const overview = await agents.author.get(`/submissions/${id}`);
    expect(overview.body).toContain('Please add how confidence was measured.');
    expect(overview.body).not.toContain('evidence is self-reported');
    expect(overview.body).not.toContain('Person r2');
    // The editors' message comes first, above the reviewers' comments it refers to.
    const editors = overview.body.indexOf('The editors&#39; message');
    expect(editors).toBeGreaterThan(-1);
    expect(overview.body.indexOf('Please add the measurement method.')).toBeGreaterThan(editors);
    expect(editors).toBeLessThan(overview.body.indexOf('Please add how confidence was measured.'));

    // Illegal moves are refused: publishing a practice waiting for its author.
    const early = await agents.editor.post(`/editor/submissions/${id}/decide`, {
      decision: 'published',
      message: 'x',
      evidence_level: 'promising',
      justification: 'x',
    });
    expect(early.statusCode).toBe(409);

    await agents.author.post(`/submissions/${id}/edit/description`, {
      ...(COMPLETE_STEPS.description as Record<string, string>),
      evaluation: 'A survey of 300 participants in 2022, before and after six months.',
      go: 'overview',
    });
    await agents.author.post(`/submissions/${id}/submit`, {}, { from: `/submissions/${id}` });
    expect(await stateOf(id)).toBe('resubmitted');
    // The editors see what the revision changed against the text the reviewers read.
    const round2 = await agents.editor.get(`/editor/submissions/${id}`);
    expect(round2.body).toContain('What changed since round 1');
    expect(round2.body).toContain(
      '<ins>A survey of 300 participants in 2022, before and after six months.</ins>',
    );

    const missingLevel = await agents.editor.post(`/editor/submissions/${id}/decide`, {
      decision: 'published',
      message: 'Thank you.',
    });
    expect(missingLevel.statusCode).toBe(400);
    const published = await agents.editor.post(`/editor/submissions/${id}/decide`, {
      decision: 'published',
      message: 'Thank you, published.',
      evidence_level: 'promising',
      justification: 'A before-and-after survey of participants shows improved confidence.',
    });
    expect(published.statusCode).toBe(303);
    expect(await stateOf(id)).toBe('published');
    await sendEmails();
    // The author was told of the resubmission as a revision, then of the publication; the
    // editors of a revised submission, not a new one.
    expect((await smtp.next('author@example.org')).subject).toBe(
      'We received your revision of “Neighbourhood language cafés”',
    );
    expect((await smtp.next('author@example.org')).subject).toContain('is published');
    const toEditor = smtp.messages.filter((m) => m.to === 'editor@example.org');
    expect(toEditor.map((m) => m.subject)).toContain(
      'Revised submission: “Neighbourhood language cafés” (round 2)',
    );
    expect(
      toEditor.filter((m) => m.subject === 'New submission: “Neighbourhood language cafés”'),
    ).toHaveLength(1);
    // The two who reviewed heard of the request for changes and of the publication; the one
    // who declared a conflict, of neither.
    for (const reviewer of ['r2@example.org', 'r3@example.org'])
      expect(smtp.messages.filter((m) => m.to === reviewer).map((m) => m.subject)).toEqual(
        expect.arrayContaining([
          'The editors asked for changes to “Neighbourhood language cafés”, which you reviewed',
          '“Neighbourhood language cafés”, which you reviewed, is published',
        ]),
      );
    expect(
      smtp.messages.filter((m) => m.to === 'r1@example.org' && m.subject.includes('you reviewed')),
    ).toEqual([]);

    const found = await app.inject({ method: 'GET', url: '/api/v1/search?q=language+cafes' });
    const hit = (
      found.json() as { results: { title: string; evidence_level: string; slug: string }[] }
    ).results.find((r) => r.title === 'Neighbourhood language cafés');
    expect(hit?.evidence_level).toBe('promising');
    const page = await app.inject({ method: 'GET', url: `/practices/${hit?.slug}` });
    expect(page.body).toContain('A before-and-after survey of participants');
    // Two reviewers completed a review (the one with a conflict does not count): readers see it.
    expect(page.body).toMatch(/Peer reviewed by 2 reviewers, \w+ \d+, \d{4}\./);
    expect(page.body).not.toContain('Not peer reviewed');
    const api = await app.inject({ method: 'GET', url: `/api/v1/practices/${hit?.slug}` });
    expect(api.json()).toMatchObject({
      evidence_level: 'promising',
      version: 1,
      peer_review: { reviewers: 2, editors_reason: null },
    });
    // Each queued email went out exactly once, and running the queue again sends nothing more.
    const received = smtp.messages.length;
    expect(received).toBe((await doneEmails()) - doneBefore);
    await sendEmails();
    expect(smtp.messages.length).toBe(received);
  });

  it('publishes a new version through review, keeping the old one until it is accepted, with a diff', async () => {
    const id = await newDraft(agents.author);
    await fillAll(agents.author, id);
    await agents.author.post(`/submissions/${id}/edit/basics`, {
      ...(COMPLETE_STEPS.basics as Record<string, string>),
      title: 'Library conversation tables',
      go: 'stay',
    });
    await agents.author.post(`/submissions/${id}/submit`, {}, { from: `/submissions/${id}` });
    // Nobody reviewed it: the form asks why publish anyway, and keeps what was typed.
    const unreviewed = await agents.editor.post(`/editor/submissions/${id}/decide`, {
      decision: 'published',
      message: 'Published.',
      evidence_level: 'emerging',
      justification: 'Monitoring data only.',
    });
    expect(unreviewed.statusCode).toBe(400);
    expect(unreviewed.body).toContain(
      'Publishing needs 2 completed reviews without a conflict of interest (0 so far).',
    );
    expect(unreviewed.body).toContain('Monitoring data only.');
    expect(unreviewed.body).toContain('name="override_reason"');
    await agents.editor.post(`/editor/submissions/${id}/decide`, {
      decision: 'published',
      message: 'Published.',
      evidence_level: 'emerging',
      justification: 'Monitoring data only.',
      override_reason: 'A transfer of a practice reviewed in its first city.',
    });
    const slug = (
      await database.db
        .selectFrom('practices')
        .select('slug')
        .where('title', '=', 'Library conversation tables')
        .executeTakeFirstOrThrow()
    ).slug;
    // Someone else may not propose a version; the proposer may.
    const practicePage = await agents.other.get(`/practices/${slug}`);
    expect(practicePage.body).not.toContain('new-version');
    const csrf = await agents.other.csrfFrom('/submissions');
    expect(
      (await agents.other.post(`/practices/${slug}/new-version`, {}, { csrf })).statusCode,
    ).toBe(403);
    const proposed = await agents.author.post(
      `/practices/${slug}/new-version`,
      {},
      { from: `/practices/${slug}` },
    );
    expect(proposed.statusCode).toBe(303);
    const versionId = Number(/\/submissions\/(\d+)/.exec(proposed.headers.location as string)?.[1]);
    await agents.author.post(`/submissions/${versionId}/edit/basics`, {
      ...(COMPLETE_STEPS.basics as Record<string, string>),
      title: 'Library conversation tables',
      summary: 'Volunteers and newcomers meet twice a week in libraries.',
      go: 'stay',
    });
    await agents.author.post(`/submissions/${versionId}/edit/checklist`, {
      ...(COMPLETE_STEPS.checklist as Record<string, string>),
      go: 'overview',
    });
    await agents.author.post(
      `/submissions/${versionId}/submit`,
      {},
      { from: `/submissions/${versionId}` },
    );
    // Published on the editors' reason, which readers are shown.
    const first = await app.inject({ method: 'GET', url: `/api/v1/practices/${slug}` });
    expect(first.json()).toMatchObject({
      peer_review: {
        reviewers: 0,
        editors_reason: 'A transfer of a practice reviewed in its first city.',
      },
    });
    expect((await app.inject({ method: 'GET', url: `/practices/${slug}` })).body).toContain(
      'Published by the editors without a completed peer review',
    );
    // The published text stays until the new version is accepted.
    expect((await app.inject({ method: 'GET', url: `/practices/${slug}` })).body).toContain(
      'meet weekly',
    );
    await agents.editor.post(`/editor/submissions/${versionId}/decide`, {
      decision: 'published',
      message: 'Updated.',
      evidence_level: 'emerging',
      justification: 'Monitoring data only.',
      override_reason: 'A correction of the schedule only.',
    });
    const updated = await app.inject({ method: 'GET', url: `/practices/${slug}` });
    expect(updated.body).toContain('twice a week');
    const practiceCount = await database.db
      .selectFrom('practices')
      .select('id')
      .where('slug', '=', slug)
      .execute();
    expect(practiceCount).toHaveLength(1);
    const diff = await app.inject({ method: 'GET', url: `/practices/${slug}/history?from=1&to=2` });
    expect(diff.statusCode).toBe(200);
    expect(diff.body).toContain('<del>weekly to practise the local language</del>');
    expect(diff.body).toContain('<ins>twice a week in libraries</ins>');
    // Unchanged fields are left out of the comparison.
    expect(diff.body).not.toContain('<h3>Title</h3>');
    expect(
      (await app.inject({ method: 'GET', url: `/practices/${slug}/history?from=1&to=9` }))
        .statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ method: 'GET', url: `/practices/${slug}/history?from=x&to=2` }))
        .statusCode,
    ).toBe(400);
  });

  it('reminds reviewers before the deadline, and stops once they have reviewed', async () => {
    const id = await newDraft(agents.author);
    await fillAll(agents.author, id);
    await agents.author.post(`/submissions/${id}/submit`, {}, { from: `/submissions/${id}` });
    const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await agents.editor.post(`/editor/submissions/${id}/assign`, {
      reviewers: [String(ids.r2), String(ids.r3)],
      due_date: due,
    });
    const reminders = () =>
      database.db
        .selectFrom('jobs')
        .select(['dedupe_key', 'run_at', 'payload'])
        .where('dedupe_key', 'like', `reminder:${id}:%`)
        .where('state', '=', 'pending')
        .execute();
    const pending = await reminders();
    expect(pending).toHaveLength(2);
    for (const reminder of pending) {
      expect(reminder.run_at).toBe(
        new Date(Date.parse(`${due}T23:59:00Z`) - 2 * 86_400_000).toISOString(),
      );
      expect(JSON.parse(reminder.payload)).toMatchObject({ kind: 'reviewReminder' });
    }
    const assignment = await database.db
      .selectFrom('review_assignments')
      .select('id')
      .where('submission_id', '=', id)
      .where('reviewer_user_id', '=', ids.r2)
      .executeTakeFirstOrThrow();
    await agents.r2.post(`/review/assignments/${assignment.id}/declare`, { conflict: 'no' });
    await agents.r2.post(`/review/assignments/${assignment.id}/review`, {
      score_relevance: '3',
      score_results: '3',
      score_evidence: '2',
      score_transferability: '3',
      score_sustainability: '3',
      score_rights: '4',
      proposed_evidence_level: 'emerging',
      recommendation: 'major_changes',
      message_to_author: 'Describe the results in figures.',
    });
    expect(await reminders()).toHaveLength(1);
    // A decision ends the round: nobody is reminded of it any more.
    await agents.editor.post(`/editor/submissions/${id}/decide`, {
      decision: 'rejected',
      message: 'Not enough on results yet.',
    });
    expect(await reminders()).toHaveLength(0);
    expect(await stateOf(id)).toBe('rejected');
    // A rejected submission never comes back.
    const again = await agents.author.post(
      `/submissions/${id}/submit`,
      {},
      { from: `/submissions/${id}` },
    );
    expect(again.statusCode).toBe(409);
  });

  it('lets an editor withdraw a reviewer who does not answer, and only such a reviewer', async () => {
    const id = await newDraft(agents.author);
    await fillAll(agents.author, id);
    await agents.author.post(`/submissions/${id}/submit`, {}, { from: `/submissions/${id}` });
    const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await agents.editor.post(`/editor/submissions/${id}/assign`, {
      reviewers: [String(ids.r2), String(ids.r3)],
      due_date: due,
    });
    const assignment = (reviewer: number) =>
      database.db
        .selectFrom('review_assignments')
        .select(['id', 'state'])
        .where('submission_id', '=', id)
        .where('reviewer_user_id', '=', reviewer)
        .executeTakeFirstOrThrow();
    const silent = await assignment(ids.r2);
    const withdraw = (agent: Agent, assignmentId: number, options = {}) =>
      agent.post(
        `/editor/submissions/${id}/assignments/${assignmentId}/withdraw`,
        {},
        { from: `/editor/submissions/${id}`, ...options },
      );
    const page = await agents.editor.get(`/editor/submissions/${id}`);
    expect(page.body).toContain(`/editor/submissions/${id}/assignments/${silent.id}/withdraw`);

    // Not a reviewer, not without the form's token, not through another submission's address.
    expect((await withdraw(agents.r3, silent.id, { from: '/review' })).statusCode).toBe(403);
    expect((await withdraw(agents.editor, silent.id, { csrf: 'forged' })).statusCode).toBe(403);
    const elsewhere = await agents.editor.post(
      `/editor/submissions/${id + 100000}/assignments/${silent.id}/withdraw`,
      {},
      { from: `/editor/submissions/${id}` },
    );
    expect(elsewhere.statusCode).toBe(404);
    expect((await assignment(ids.r2)).state).toBe('invited');

    smtp.messages.length = 0;
    expect((await withdraw(agents.editor, silent.id)).statusCode).toBe(303);
    expect((await assignment(ids.r2)).state).toBe('withdrawn');
    const reminders = await database.db
      .selectFrom('jobs')
      .select('id')
      .where('dedupe_key', '=', `reminder:${id}:${silent.id}`)
      .where('state', '=', 'pending')
      .execute();
    expect(reminders).toEqual([]);
    await sendEmails();
    expect(smtp.messages.filter((m) => m.to === 'r2@example.org').map((m) => m.subject)).toContain(
      'You no longer need to review “Neighbourhood language cafés”',
    );
    // Twice is refused; so is withdrawing a reviewer who has declared a conflict.
    expect((await withdraw(agents.editor, silent.id)).statusCode).toBe(409);
    const other = await assignment(ids.r3);
    await agents.r3.post(`/review/assignments/${other.id}/declare`, {
      conflict: 'yes',
      statement: 'I work for the city council.',
    });
    expect((await withdraw(agents.editor, other.id)).statusCode).toBe(409);
    // The round needs two reviewers again, and the withdrawn one is on the record.
    const after = await agents.editor.get(`/editor/submissions/${id}`);
    expect(after.body).toContain('Withdrawn');
    const logged = await database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'submission.reviewer_withdrawn')
      .where('subject_id', '=', String(id))
      .execute();
    expect(logged).toHaveLength(1);
  });

  it('offers the reviewers best suited first, with their expertise and their load', async () => {
    const now = new Date().toISOString();
    // r3 lists the practice's theme and language; r1 already has reviews on their desk.
    await database.db
      .insertInto('people_profiles')
      .values({
        user_id: ids.r3,
        listed: 0,
        headline: '',
        organisation_id: null,
        organisation_name: null,
        bio: '',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await database.db
      .insertInto('people_profile_themes')
      .values({ user_id: ids.r3, theme_id: 'language-learning' })
      .execute();
    await database.db
      .insertInto('people_profile_languages')
      .values({ user_id: ids.r3, language: 'en', position: 0 })
      .execute();
    const id = await newDraft(agents.author);
    await fillAll(agents.author, id);
    await agents.author.post(`/submissions/${id}/submit`, {}, { from: `/submissions/${id}` });
    const page = (await agents.editor.get(`/editor/submissions/${id}`)).body;
    const label = (userId: number) =>
      new RegExp(`value="${userId}"[^>]*>\\s*<span>([^<]*)</span>`).exec(page)?.[1];
    expect(label(ids.r3)).toMatch(
      /^Person r3 · (no review open|\d+ reviews? open) · knows Language learning · reads its language$/,
    );
    const r1 = label(ids.r1) ?? '';
    expect(r1).toMatch(/^Person r1 · /);
    expect(r1).not.toContain('knows');
    // Best suited first.
    expect(page.indexOf(`value="${ids.r3}"`)).toBeLessThan(page.indexOf(`value="${ids.r1}"`));
  });

  it('keeps the review and conflict statement of a reviewer who deletes their account, without their name', async () => {
    const leaving = await createUser(
      database.db,
      'leaving@example.org',
      'reviewer',
      'Lena Leaving',
    );
    const agent = new Agent(app);
    await signIn(agent, 'leaving@example.org');
    const id = await newDraft(agents.author);
    await fillAll(agents.author, id);
    await agents.author.post(`/submissions/${id}/submit`, {}, { from: `/submissions/${id}` });
    const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const assigned = await agents.editor.post(`/editor/submissions/${id}/assign`, {
      reviewers: [String(leaving), String(ids.r3)],
      due_date: due,
    });
    expect(assigned.statusCode).toBe(303);
    const { id: assignmentId } = await database.db
      .selectFrom('review_assignments')
      .select('id')
      .where('submission_id', '=', id)
      .where('reviewer_user_id', '=', leaving)
      .executeTakeFirstOrThrow();
    await agent.post(`/review/assignments/${assignmentId}/declare`, { conflict: 'no' });
    await agent.post(`/review/assignments/${assignmentId}/review`, {
      score_relevance: '5',
      score_results: '4',
      score_evidence: '2',
      score_transferability: '4',
      score_sustainability: '3',
      score_rights: '5',
      proposed_evidence_level: 'emerging',
      recommendation: 'minor_changes',
      message_to_author: 'Count the participants each month.',
      message_to_editor: 'Promising but thin on evidence.',
    });
    const before = (await agents.editor.get(`/editor/submissions/${id}`)).body;
    expect(before).toContain('Lena Leaving');

    const deleted = await agent.post(
      '/account/delete',
      { current_password: PASSWORD },
      { from: '/account/delete' },
    );
    expect(deleted.body).toContain('Your account is deleted');
    // The person is gone: no account with their name or address.
    const left = await database.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'deleted_at'])
      .where((eb) =>
        eb.or([eb('email', '=', 'leaving@example.org'), eb('name', '=', 'Lena Leaving')]),
      )
      .execute();
    expect(left).toEqual([]);
    // Their review stays on the record, under a nameless stand-in that cannot sign in.
    const page = (await agents.editor.get(`/editor/submissions/${id}`)).body;
    expect(page).not.toContain('Lena Leaving');
    expect(page).toMatch(/Reviewer [12], account deleted/);
    expect(page).toContain('Promising but thin on evidence.');
    const kept = await database.db
      .selectFrom('review_assignments as a')
      .innerJoin('users as u', 'u.id', 'a.reviewer_user_id')
      .innerJoin('reviews as r', 'r.assignment_id', 'a.id')
      .select(['u.name', 'u.email_verified_at', 'u.deleted_at', 'r.score_relevance'])
      .where('a.id', '=', assignmentId)
      .executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ name: '', email_verified_at: null, score_relevance: 5 });
    expect(kept.deleted_at).not.toBeNull();
    // And it counts as the completed review it was.
    expect(page).toContain('One reviewer has completed a review');
  });

  it('shows editors neither the name nor the contact of an author who deleted their account', async () => {
    await createUser(database.db, 'gone-author@example.org', 'contributor', 'Gonzalo Gone');
    const author = new Agent(app);
    await signIn(author, 'gone-author@example.org');
    const id = await newDraft(author);
    await fillAll(author, id);
    await author.post(`/submissions/${id}/submit`, {}, { from: `/submissions/${id}` });
    const before = (await agents.editor.get(`/editor/submissions/${id}`)).body;
    expect(before).toContain('Gonzalo Gone');
    expect(before).toContain('ana.costa@example.org');
    const deleted = await author.post(
      '/account/delete',
      { current_password: PASSWORD },
      { from: '/account/delete' },
    );
    expect(deleted.body).toContain('Your account is deleted');
    const after = await agents.editor.get(`/editor/submissions/${id}`);
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('Neighbourhood language cafés');
    expect(after.body).not.toContain('Gonzalo Gone');
    expect(after.body).not.toContain('ana.costa@example.org');
    expect(after.body).not.toContain('Ana Costa');
  });

  it('keeps a half-written review as a draft that only its reviewer sees, until it is sent', async () => {
    const id = await newDraft(agents.author);
    await fillAll(agents.author, id);
    await agents.author.post(`/submissions/${id}/submit`, {}, { from: `/submissions/${id}` });
    const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await agents.editor.post(`/editor/submissions/${id}/assign`, {
      reviewers: [String(ids.r2), String(ids.r3)],
      due_date: due,
    });
    const { id: assignmentId } = await database.db
      .selectFrom('review_assignments')
      .select('id')
      .where('submission_id', '=', id)
      .where('reviewer_user_id', '=', ids.r2)
      .executeTakeFirstOrThrow();
    const page = `/review/assignments/${assignmentId}`;
    await agents.r2.post(`${page}/declare`, { conflict: 'no' });
    const saved = await agents.r2.post(
      `${page}/draft`,
      { score_relevance: '4', message_to_author: 'So far: the cafés reach many newcomers.' },
      { from: page },
    );
    expect(saved.statusCode).toBe(303);
    const again = await agents.r2.get(page);
    expect(again.body).toContain('Draft saved');
    expect(again.body).toContain('So far: the cafés reach many newcomers.');
    expect(again.body).toMatch(/name="score_relevance" value="4"[^>]*checked/);
    // Nobody else sees it: not the editors, not another reviewer.
    expect((await agents.editor.get(`/editor/submissions/${id}`)).body).not.toContain(
      'So far: the cafés reach many newcomers.',
    );
    expect((await agents.r3.get(page)).statusCode).toBe(404);
    // It is in the reviewer's copy of their own data, with the review they were asked for.
    const mine = (await agents.r2.get('/account/data')).json() as {
      reviews: { submission: { id: number }; draft: { content: Record<string, string> } | null }[];
    };
    expect(mine.reviews.find((r) => r.submission.id === id)?.draft?.content).toEqual({
      score_relevance: '4',
      message_to_author: 'So far: the cafés reach many newcomers.',
    });
    // The author's copy holds the submission as it stands, as each round was sent, and its history.
    const theirs = (await agents.author.get('/account/data')).json() as {
      submissions: {
        id: number;
        content: { title: string };
        rounds: { round: number }[];
        history: { to: string }[];
      }[];
    };
    const submission = theirs.submissions.find((x) => x.id === id);
    expect(submission?.content.title).toBe('Neighbourhood language cafés');
    expect(submission?.rounds.map((r) => r.round)).toEqual([1]);
    expect(submission?.history.map((h) => h.to)).toEqual(['draft', 'submitted', 'in_review']);
    const stolen = await agents.r3.post(
      `${page}/draft`,
      { message_to_author: 'x' },
      { from: '/review' },
    );
    expect(stolen.statusCode).toBe(404);
    // Too long is refused at the field, and the draft as saved stays.
    const tooLong = await agents.r2.post(
      `${page}/draft`,
      { message_to_author: 'a'.repeat(10_001) },
      { from: page },
    );
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('id="field-message_to_author"');
    // Sending the review ends the draft.
    await agents.r2.post(`${page}/review`, {
      score_relevance: '4',
      score_results: '3',
      score_evidence: '3',
      score_transferability: '4',
      score_sustainability: '3',
      score_rights: '5',
      proposed_evidence_level: 'emerging',
      recommendation: 'minor_changes',
      message_to_author: 'The cafés reach many newcomers.',
    });
    const drafts = await database.db
      .selectFrom('review_drafts')
      .select('assignment_id')
      .where('assignment_id', '=', assignmentId)
      .execute();
    expect(drafts).toEqual([]);
    const closed = await agents.r2.post(
      `${page}/draft`,
      { message_to_author: 'x' },
      { from: page },
    );
    expect(closed.statusCode).toBe(409);
  });

  it('opens calls with their time zone and refuses submissions once closed', async () => {
    const bad = await agents.editor.post(
      '/editor/calls',
      {
        title: 'Housing',
        description: 'x',
        opens_at: '2026-02-30T10:00',
        closes_at: '2026-03-01T10:00',
        time_zone: 'Mars/Olympus',
      },
      { from: '/editor/calls/new' },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('field-time_zone');
    // Every problem at once: the impossible date as well as the unknown zone.
    expect(bad.body).toContain('id="field-opens_at-error"');
    const created = await agents.editor.post(
      '/editor/calls',
      {
        title: 'Housing for refugees',
        description: 'Share what works.',
        themes: ['housing'],
        opens_at: '2020-01-01T09:00',
        closes_at: '2099-06-30T17:00',
        time_zone: 'Europe/Zurich',
      },
      { from: '/editor/calls/new' },
    );
    expect(created.statusCode).toBe(303);
    const call = await database.db.selectFrom('calls').selectAll().executeTakeFirstOrThrow();
    expect(call.closes_at).toBe('2099-06-30T15:00:00.000Z');
    const answered = await newDraft(agents.author, { call: call.slug });
    expect(answered).toBeGreaterThan(0);
    // The call closes; a draft answering it can no longer be sent, and no new draft starts.
    await database.db.updateTable('calls').set({ closes_at: '2020-06-01T00:00:00.000Z' }).execute();
    await fillAll(agents.author, answered);
    const late = await agents.author.post(
      `/submissions/${answered}/submit`,
      {},
      { from: `/submissions/${answered}` },
    );
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('is closed');
    const refused = await agents.author.post(
      '/submissions',
      { call: call.slug },
      { from: '/submissions' },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('is closed');
    const page = await app.inject({ method: 'GET', url: `/calls/${call.slug}` });
    expect(page.body).toContain('This call is closed');
  });

  it('takes a practice through the API with a write token, checked like the form', async () => {
    const token = await createApiToken(
      database.db,
      {
        kind: 'user',
        id: ids.other,
        role: 'contributor',
        name: 'x',
        via: 'session',
        scopes: ['read', 'write'],
      },
      { name: 'writer', scopes: ['read', 'write'] },
    );
    const incomplete = await app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: { authorization: `Bearer ${token.token}` },
      payload: {
        title: 'Only a title',
        contact_name: 'A',
        contact_email: 'a@example.org',
        checklist: {
          relates: true,
          implemented: true,
          results: true,
          contact: true,
          consent: false,
        },
      },
    });
    expect(incomplete.statusCode).toBe(400);
    const fields = (incomplete.json() as { errors: { field: string }[] }).errors.map(
      (e) => e.field,
    );
    expect(fields).toContain('summary');
    const accepted = await app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: { authorization: `Bearer ${token.token}` },
      payload: {
        title: 'Mentoring for refugee entrepreneurs',
        language: 'en',
        summary: 'Business owners mentor refugees who start a company.',
        type: 'programme',
        country: 'DE',
        city: 'Berlin',
        status: 'ongoing',
        start_year: 2018,
        themes: ['entrepreneurship'],
        organisations: [{ name: 'Berlin Chamber of Commerce', role: 'lead' }],
        sections: { context: 'c', objectives: 'o', activities: 'a', results: 'r' },
        contact_name: 'Jonas',
        contact_email: 'jonas@example.org',
        checklist: {
          relates: true,
          implemented: true,
          results: true,
          contact: true,
          consent: true,
        },
      },
    });
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json()).toMatchObject({ state: 'submitted' });
  });

  it('refuses a practice past the hourly limit of its account, by the form and the API alike, keeping and sending nothing', async () => {
    const limited = await buildTestApp(database, {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 100_000,
      loginDelayMs: 1,
      submissionRateLimitPerHour: 2,
    });
    const email = 'busy-author@example.org';
    const busyId = await createUser(database.db, email, 'contributor', 'Busy author');
    const token = await createApiToken(
      database.db,
      {
        kind: 'user',
        id: busyId,
        role: 'contributor',
        name: 'Busy author',
        via: 'session',
        scopes: ['read', 'write'],
      },
      { name: 'busy', scopes: ['read', 'write'] },
    );
    const propose = (target: FastifyInstance, title: string) =>
      target.inject({
        method: 'POST',
        url: '/api/v1/submissions',
        headers: { authorization: `Bearer ${token.token}` },
        payload: {
          title,
          language: 'en',
          summary: 'Volunteers mentor newcomers who look for their first job.',
          type: 'programme',
          country: 'DE',
          city: 'Berlin',
          status: 'ongoing',
          start_year: 2020,
          themes: ['employment'],
          organisations: [{ name: 'Berlin Job Centre', role: 'lead' }],
          sections: { context: 'c', objectives: 'o', activities: 'a', results: 'r' },
          contact_name: 'Jonas',
          contact_email: 'jonas@example.org',
          checklist: {
            relates: true,
            implemented: true,
            results: true,
            contact: true,
            consent: true,
          },
        },
      });
    const counts = async () => ({
      submissions: Number(
        (
          await database.db
            .selectFrom('submissions')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      jobs: Number(
        (
          await database.db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    });
    try {
      const busy = new Agent(limited);
      await signIn(busy, email);
      // Two sent, one by the form and one by the API: the limit of two is reached.
      const first = await newDraft(busy);
      await fillAll(busy, first);
      const sent = await busy.post(
        `/submissions/${first}/submit`,
        {},
        { from: `/submissions/${first}` },
      );
      expect(sent.statusCode).toBe(303);
      expect((await propose(limited, 'Job mentoring, second')).statusCode).toBe(201);

      // The third through the API: 429 with Retry-After, and no draft, no email.
      const draft = await newDraft(busy);
      await fillAll(busy, draft);
      const before = await counts();
      const refused = await propose(limited, 'Job mentoring, third');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
      expect(refused.json()).toMatchObject({
        status: 429,
        code: 'submission_rate_limited',
        errors: [{ field: 'submission' }],
      });
      expect(await counts()).toEqual(before);

      // The third through the form: the page again with the message; the draft stays a draft.
      const page = await busy.post(
        `/submissions/${draft}/submit`,
        {},
        { from: `/submissions/${draft}` },
      );
      expect(page.statusCode).toBe(429);
      expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
      expect(page.body).toContain('You can send at most 2 submissions to the editors in an hour.');
      expect(page.body).toMatch(/Try again in \d+ minutes?; your submission is kept as it is\./);
      expect(await stateOf(draft)).toBe('draft');
      expect(await counts()).toEqual(before);

      // Another account still sends.
      const other = new Agent(limited);
      await signIn(other, 'other@example.org');
      const theirs = await newDraft(other);
      await fillAll(other, theirs);
      const accepted = await other.post(
        `/submissions/${theirs}/submit`,
        {},
        { from: `/submissions/${theirs}` },
      );
      expect(accepted.statusCode).toBe(303);
      expect(await stateOf(theirs)).toBe('submitted');
    } finally {
      await limited.close();
    }
    // 0 lifts the limit, however many the account has sent.
    await database.db
      .updateTable('throttles')
      .set({ count: 1000 })
      .where('key', '=', `submission:${busyId}`)
      .execute();
    expect((await propose(app, 'Job mentoring, fourth')).statusCode).toBe(201);
  });
});
