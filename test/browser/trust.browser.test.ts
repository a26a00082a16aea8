import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/core/actor.ts';
import { MODERATION_DIGEST_JOB } from '../../src/modules/discussions/index.ts';
import {
  assignReviewers,
  declareInterests,
  submitReview,
} from '../../src/modules/review/review-assignment.service.ts';
import { isStep } from '../../src/modules/review/submission.model.ts';
import {
  createSubmission,
  saveStep,
  submitSubmission,
} from '../../src/modules/review/submission.service.ts';
import { buildTestApp } from '../helpers/app.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';
import { createPreparedDatabase, type TestDatabase } from '../helpers/databases.ts';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp.ts';
import { COMPLETE_STEPS } from '../helpers/submission.ts';
import { createUser, PASSWORD } from '../helpers/users.ts';

const person = (id: number, role: Role, name: string): Actor => ({
  kind: 'user',
  id,
  role,
  name,
  via: 'session',
  scopes: ['read', 'write'],
});

/**
 * What makes the editorial side trustworthy, as people see it: a member's first comment waits
 * for a moderator, who learns of it on the dashboard and by the digest; and a person who
 * submitted, reviewed and commented finds each of these in the copy of their data.
 */
describe.skipIf(!hasChromium)('moderation and one’s own data in Chromium', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let smtp: TestSmtp;
  let browser: Browser;
  let url: string;
  let practicePath: string;
  let editor: Actor;

  beforeAll(async () => {
    database = await createPreparedDatabase('sqlite', { demo: true });
    smtp = await startSmtpServer();
    app = await buildTestApp(database, {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 1000,
      loginDelayMs: 1,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    (app.config as { publicUrl: string }).publicUrl = url;
    const { slug } = await database.db
      .selectFrom('practices')
      .select('slug')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    practicePath = `/practices/${slug}`;
    const editorId = await createUser(database.db, 'edith@example.org', 'editor', 'Edith Editor');
    editor = person(editorId, 'editor', 'Edith Editor');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await database?.drop();
  });

  async function signedIn(email: string): Promise<Page> {
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await page.goto(`${url}/account/login`);
    await page.fill('#field-email', email);
    await page.fill('#field-password', PASSWORD);
    await page.click('form button[type="submit"]:has-text("Sign in")');
    await page.waitForSelector('h1:has-text("Your account")');
    return page;
  }

  async function comment(page: Page, text: string): Promise<void> {
    await page.goto(`${url}${practicePath}#discussion`);
    await page.fill('#discussion textarea[name="body"]', text);
    await page.click('#discussion form button[type="submit"]');
    await page.waitForSelector('text=Awaiting moderation: only you can see it for now');
  }

  it('moderation notified: a first comment waits, the dashboard counts it, the moderators get the digest', async () => {
    await createUser(database.db, 'nadia@example.org', 'member', 'Nadia Newcomer');
    const nadia = await signedIn('nadia@example.org');
    await comment(nadia, 'Did the cafés also run in the summer holidays?');
    await nadia.context().close();

    // Nobody else sees it yet.
    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`${url}${practicePath}`);
    expect(await reader.locator('#discussion').textContent()).not.toContain('summer holidays');

    // The editors' dashboard says what waits, and leads to the queue.
    const moderator = await signedIn('edith@example.org');
    await moderator.goto(`${url}/editor`);
    expect(await moderator.locator('#moderation-link').textContent()).toContain(
      'Discussions: 1 post to approve, no comment reported',
    );
    await moderator.click('#moderation-link');
    await moderator.waitForURL(/\/editor\/discussions/);
    expect(await moderator.locator('main').textContent()).toContain('summer holidays');

    // One digest is booked for the end of the window, and tells the moderators by email.
    const booked = await database.db
      .selectFrom('jobs')
      .select(['id', 'run_at'])
      .where('kind', '=', MODERATION_DIGEST_JOB)
      .where('state', '=', 'pending')
      .execute();
    expect(booked).toHaveLength(1);
    expect(Date.parse(booked[0]?.run_at ?? '')).toBeGreaterThan(Date.now());
    // The window ends now rather than in up to half an hour.
    await database.db
      .updateTable('jobs')
      .set({ run_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', booked[0]?.id ?? 0)
      .execute();
    await app.jobs.runDue();
    await app.jobs.runDue();
    const digest = await smtp.next('edith@example.org');
    expect(digest.subject).toBe('Discussions: 1 post to approve, no comment reported');
    expect(digest.text).toContain('1 post waits for approval');
    expect(digest.text).toMatch(/https?:\/\/\S+\/editor\/discussions/);

    // Let through, it shows to everyone.
    await moderator.click('form:has(input[name="action"][value="approve"]) button');
    await moderator.waitForLoadState();
    await reader.reload();
    expect(await reader.locator('#discussion').textContent()).toContain('summer holidays');
    await moderator.context().close();
    await reader.context().close();
  }, 120_000);

  it('a complete data download: a person with a submission, a review and a comment finds each in their data', async () => {
    const { db } = database;
    const rosaId = await createUser(db, 'rosa@example.org', 'reviewer', 'Rosa Reviewer');
    const rosa = person(rosaId, 'reviewer', 'Rosa Reviewer');
    const authorId = await createUser(db, 'arjun@example.org', 'contributor', 'Arjun Author');
    const author = person(authorId, 'contributor', 'Arjun Author');
    const submit = async (who: Actor, title: string) => {
      const id = await createSubmission(db, who);
      for (const [step, form] of Object.entries(COMPLETE_STEPS)) {
        if (!isStep(step)) throw new Error(`no step ${step}`);
        const fields = step === 'basics' ? { ...form, title } : form;
        expect(await saveStep(db, who, id, step, fields)).toEqual([]);
      }
      await submitSubmission(db, who, id, 0);
      return id;
    };
    // Rosa proposes a practice of her own, and reviews someone else's.
    await submit(rosa, 'Mentoring circles for newly arrived women');
    const reviewed = await submit(author, 'Night classes for working newcomers');
    const due = new Date(Date.now() + 21 * 24 * 3600_000).toISOString().slice(0, 10);
    const otherId = await createUser(db, 'otto@example.org', 'reviewer', 'Otto Reviewer');
    await assignReviewers(db, editor, reviewed, {
      reviewerIds: [String(rosaId), String(otherId)],
      dueDate: due,
    });
    const assignment = await db
      .selectFrom('review_assignments')
      .select('id')
      .where('submission_id', '=', reviewed)
      .where('reviewer_user_id', '=', rosaId)
      .executeTakeFirstOrThrow();
    await declareInterests(db, rosa, assignment.id, { conflict: 'no', statement: '' });
    await submitReview(db, rosa, assignment.id, {
      score_relevance: '4',
      score_results: '3',
      score_evidence: '3',
      score_transferability: '4',
      score_sustainability: '3',
      score_rights: '5',
      proposed_evidence_level: 'emerging',
      recommendation: 'minor_changes',
      message_to_author: 'Say how many finished the year.',
      message_to_editor: 'Attendance figures are missing.',
    });

    // She comments on a practice in her browser, then downloads her data from her account.
    const page = await signedIn('rosa@example.org');
    await comment(page, 'We ran mentoring circles like these in Porto.');
    await page.goto(`${url}/account`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('main a[href="/account/data"]'),
    ]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const data = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      profile: { email: string };
      submissions: { state: string; content: { title?: string } }[];
      reviews: {
        submission: { title: string };
        review: { message_to_author: string; message_to_editor: string } | null;
      }[];
      comments: unknown[];
    };
    expect(data.profile.email).toBe('rosa@example.org');
    expect(data.submissions.map((s) => [s.content.title, s.state])).toEqual([
      ['Mentoring circles for newly arrived women', 'submitted'],
    ]);
    expect(data.reviews).toHaveLength(1);
    expect(data.reviews[0]?.submission.title).toBe('Night classes for working newcomers');
    expect(data.reviews[0]?.review).toMatchObject({
      message_to_author: 'Say how many finished the year.',
      message_to_editor: 'Attendance figures are missing.',
    });
    expect(data.comments).toHaveLength(1);
    expect(JSON.stringify(data.comments)).toContain(
      'We ran mentoring circles like these in Porto.',
    );
    await page.context().close();
  }, 120_000);
});
