import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';
import { createPreparedDatabase, type TestDatabase } from '../helpers/databases.ts';
import { type ReceivedMail, startSmtpServer, type TestSmtp } from '../helpers/smtp.ts';
import { COMPLETE_STEPS } from '../helpers/submission.ts';
import { createUser, PASSWORD } from '../helpers/users.ts';

/** The path of the site link in an email, e.g. the submission an editor is asked to look at. */
function pathIn(mail: ReceivedMail, path: RegExp): string {
  const match = new RegExp(`https?://\\S*${path.source}`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in: ${mail.text}`);
  return new URL(match[0]).pathname;
}

const MINIMAL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe.skipIf(!hasChromium)('contribution and peer review in Chromium', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let smtp: TestSmtp;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    database = await createPreparedDatabase('sqlite');
    smtp = await startSmtpServer();
    // The queue runs in the background, as in production: emails arrive by themselves.
    app = await buildTestApp(database, {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 1000,
      loginDelayMs: 1,
      jobWorker: true,
      jobPollMs: 100,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    (app.config as { publicUrl: string }).publicUrl = url;
    await createUser(database.db, 'lucia@example.org', 'contributor', 'Lucía Pérez');
    await createUser(database.db, 'editor@example.org', 'editor', 'Edith Editor');
    await createUser(database.db, 'omar@example.org', 'reviewer', 'Omar Reviewer');
    await createUser(database.db, 'mei@example.org', 'reviewer', 'Mei Reviewer');
    await createUser(database.db, 'ivan@example.org', 'reviewer', 'Ivan Reviewer');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await database?.drop();
  });

  async function signedIn(email: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${url}/account/login`);
    await page.fill('#field-email', email);
    await page.fill('#field-password', PASSWORD);
    await page.click('form button[type="submit"]:has-text("Sign in")');
    await page.waitForSelector('h1:has-text("Your account")');
    return page;
  }

  async function fillStep(page: Page, fields: Record<string, string | string[]>) {
    for (const [name, value] of Object.entries(fields)) {
      if (Array.isArray(value)) {
        for (const v of value) await page.check(`input[name="${name}"][value="${v}"]`);
      } else if (value === 'yes' && name.startsWith('check_')) {
        await page.check(`input[name="${name}"]`);
      } else if ((await page.locator(`select[name="${name}"]`).count()) > 0) {
        await page.selectOption(`select[name="${name}"]`, value);
      } else {
        await page.fill(`[name="${name}"]`, value);
      }
    }
  }

  it('takes a practice from a contributor through peer review to search, with its evidence level', async () => {
    const errors: string[] = [];
    // The contributor writes the practice step by step and attaches a report.
    const lucia = await signedIn('lucia@example.org');
    lucia.on('pageerror', (error) => errors.push(error.message));
    await lucia.click('.site-header__wide .account-links a:has-text("My submissions")');
    await lucia.click('button:has-text("Start a new submission")');
    for (const [step, fields] of Object.entries(COMPLETE_STEPS)) {
      await lucia.waitForSelector(`[aria-current="step"]`);
      await fillStep(lucia, fields);
      await lucia.click(
        step === 'checklist'
          ? 'button:has-text("Save and review")'
          : 'button:has-text("Save and continue")',
      );
    }
    await lucia.waitForSelector('h2:has-text("Documents and images")');
    await lucia.setInputFiles('#field-file', {
      name: 'evaluation-report.pdf',
      mimeType: 'application/pdf',
      buffer: MINIMAL_PDF,
    });
    await lucia.click('button:has-text("Upload")');
    await lucia.waitForSelector('a:has-text("evaluation-report.pdf")');
    // The file's size and its remove button stand apart: "1 KB   Remove", never "1 KBRemove".
    const attachment = lucia.locator('.attachments li', { hasText: 'evaluation-report.pdf' });
    const size = await attachment.locator('.muted').boundingBox();
    const remove = await attachment.locator('button').boundingBox();
    expect((remove?.x ?? 0) - ((size?.x ?? 0) + (size?.width ?? 0))).toBeGreaterThanOrEqual(8);
    await lucia.click('a:has-text("Preview as it will be published")');
    await lucia.waitForSelector('.preview-banner');
    expect(await lucia.locator('h1').textContent()).toBe('Neighbourhood language cafés');
    await lucia.click('.preview-banner a');
    await lucia.click('button:has-text("Submit to the editors")');
    await lucia.waitForSelector('.state--submitted');
    expect((await smtp.next('lucia@example.org')).subject).toContain('We received');

    // The editor assigns two reviewers.
    const newSubmission = await smtp.next('editor@example.org');
    const editor = await signedIn('editor@example.org');
    editor.on('pageerror', (error) => errors.push(error.message));
    const submissionPath = pathIn(newSubmission, /\/editor\/submissions\/\d+/);
    await editor.goto(url + submissionPath);
    await editor.check('label:has-text("Omar Reviewer") input');
    await editor.check('label:has-text("Mei Reviewer") input');
    await editor.click('button:has-text("Assign")');
    await editor.waitForSelector('.state--in_review');

    // One declares a conflict of interest: the editor is told and assigns someone else.
    const omarMail = await smtp.next('omar@example.org');
    const omar = await signedIn('omar@example.org');
    await omar.goto(url + pathIn(omarMail, /\/review\/assignments\/\d+/));
    expect(await omar.locator('body').textContent()).not.toContain('Libraries host cafés');
    await omar.check('input[name="conflict"][value="yes"]');
    await omar.fill('#field-statement', 'I advised Lisbon City Council on this programme.');
    await omar.click('button:has-text("Declare")');
    await omar.waitForSelector('text=You declared a conflict of interest');
    const conflict = await smtp.next('editor@example.org');
    expect(conflict.subject).toContain('conflict');
    await editor.goto(url + pathIn(conflict, /\/editor\/submissions\/\d+/));
    await editor.check('label:has-text("Ivan Reviewer") input');
    await editor.click('button:has-text("Assign")');
    await editor.waitForSelector('text=Ivan Reviewer');

    // The two others declare no conflict and review.
    for (const email of ['mei@example.org', 'ivan@example.org']) {
      const invitation = await smtp.next(email);
      const reviewer = await signedIn(email);
      reviewer.on('pageerror', (error) => errors.push(error.message));
      await reviewer.goto(url + pathIn(invitation, /\/review\/assignments\/\d+/));
      await reviewer.check('input[name="conflict"][value="no"]');
      await reviewer.click('button:has-text("Declare")');
      await reviewer.waitForSelector('text=Libraries host cafés');
      for (const [score, value] of Object.entries({
        relevance: '5',
        results: '4',
        evidence: '3',
        transferability: '4',
        sustainability: '3',
        rights: '5',
      }))
        await reviewer.check(`input[name="score_${score}"][value="${value}"]`);
      await reviewer.selectOption('#field-proposed_evidence_level', 'promising');
      await reviewer.selectOption('#field-recommendation', 'minor_changes');
      await reviewer.fill('#field-message_to_author', 'Say how confidence was measured.');
      await reviewer.fill('#field-message_to_editor', 'Self-reported outcomes only.');
      await reviewer.click('button:has-text("Send the review")');
      await reviewer.waitForSelector('h2:has-text("Your review")');
      expect((await smtp.next('editor@example.org')).subject).toContain('review');
      if (email !== 'mei@example.org') continue;
      // With one review (Omar's conflict does not count), publishing is refused, saying why.
      await editor.goto(url + submissionPath);
      await editor.check('input[name="decision"][value="published"]');
      await editor.fill('#field-message', 'Published after one review.');
      await editor.selectOption('#field-evidence_level', 'promising');
      await editor.fill('#field-justification', 'One review seemed enough.');
      await editor.click('button:has-text("Decide")');
      await editor.waitForSelector('.error-summary');
      expect(await editor.locator('.error-summary').textContent()).toContain(
        'Publishing needs 2 completed reviews without a conflict of interest (1 so far).',
      );
      await editor.goto(url + submissionPath);
      await editor.waitForSelector('.state--in_review');
    }

    // The editor asks for changes.
    await editor.reload();
    await editor.check('input[name="decision"][value="changes_requested"]');
    await editor.fill('#field-message', 'Please describe the survey behind your results.');
    await editor.click('button:has-text("Decide")');
    await editor.waitForSelector('.state--changes_requested');

    // The contributor revises and resubmits.
    const changes = await smtp.next('lucia@example.org');
    expect(changes.text).toContain('Please describe the survey behind your results.');
    await lucia.goto(url + pathIn(changes, /\/submissions\/\d+/));
    expect(await lucia.locator('body').textContent()).toContain('Say how confidence was measured.');
    expect(await lucia.locator('body').textContent()).not.toContain('Self-reported outcomes only.');
    await lucia.click('.steps a:has-text("Description")');
    await lucia.fill(
      '#field-evaluation',
      'A survey of 300 participants before and after six months of cafés.',
    );
    await lucia.click('button:has-text("Save and continue")');
    await lucia.click('.steps a:has-text("Checklist")');
    await lucia.click('button:has-text("Save and review")');
    await lucia.click('button:has-text("Send the revised version")');
    await lucia.waitForSelector('.state--resubmitted');
    expect((await smtp.next('lucia@example.org')).subject).toContain('We received');

    // The editor publishes it with an evidence level and its justification.
    await editor.reload();
    await editor.check('input[name="decision"][value="published"]');
    await editor.fill('#field-message', 'Thank you: published.');
    await editor.selectOption('#field-evidence_level', 'promising');
    await editor.fill(
      '#field-justification',
      'A before-and-after survey of participants shows gains in confidence.',
    );
    await editor.click('button:has-text("Decide")');
    await editor.waitForSelector('.state--published');
    expect((await smtp.next('lucia@example.org')).subject).toContain('is published');

    // Anyone finds it in search, with its evidence level, and opens it with its report.
    const reader = await (await browser.newContext()).newPage();
    reader.on('pageerror', (error) => errors.push(error.message));
    await reader.goto(`${url}/practices?q=language+cafes`);
    const result = reader.locator('article:has-text("Neighbourhood language cafés")').first();
    expect(await result.locator('.badge--evidence').textContent()).toContain('Promising');
    // Its card carries the peer review mark, read out with the reviewers and the date.
    expect(await result.locator('.badge--peer-reviewed .visually-hidden').textContent()).toMatch(
      /^Peer reviewed by 2 reviewers, .+\.$/,
    );
    // The peer review facet counts it and finds it.
    await reader.goto(`${url}/practices?peer_reviewed=true`);
    expect(await reader.locator('#facet-peer_reviewed').textContent()).toContain('Peer reviewed');
    expect(await reader.locator('#search-results article h2').allTextContents()).toEqual([
      'Neighbourhood language cafés',
    ]);
    await reader.goto(`${url}/practices?q=language+cafes`);
    await result.locator('a:has-text("Neighbourhood language cafés")').first().click();
    await reader.waitForSelector('h1:has-text("Neighbourhood language cafés")');
    expect(await reader.locator('.facts').textContent()).toContain('A before-and-after survey');
    expect(await reader.locator('.facts').textContent()).toContain('Peer reviewed by 2 reviewers');
    const report = reader.locator('a:has-text("evaluation-report.pdf")');
    const download = await reader.request.get(
      new URL((await report.getAttribute('href')) as string, url).href,
    );
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('application/pdf');
    expect(errors).toEqual([]);
    // One story through four people's browsers: on a busy two-core machine it outgrows the 60 s
    // that suits a single page.
  }, 240_000);
});
