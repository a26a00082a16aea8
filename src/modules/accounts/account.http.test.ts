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
import { linkIn, startSmtpServer, type TestSmtp } from '../../../test/helpers/smtp.ts';
import { createUser, PASSWORD, signIn } from '../../../test/helpers/users.ts';

const path = (url: string) => new URL(url).pathname + new URL(url).search;

describe.each(dialects)('accounts and security on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let smtp: TestSmtp;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    smtp = await startSmtpServer();
    app = await buildTestApp(database, {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 100_000,
      loginDelayMs: 1,
    });
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await database.drop();
  });

  /** The next email to `to`, once the queued ones have been sent. */
  const mailTo = async (to: string) => {
    await app.jobs.runDue();
    return smtp.next(to);
  };
  const audit = (action: string) =>
    database.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

  it('registers, confirms the address by the emailed link, signs in and out', async () => {
    const agent = new Agent(app);
    const registered = await agent.post('/account/register', {
      name: 'Amira Haddad',
      email: 'Amira@Example.org',
      organisation: 'Municipality of Irbid',
      country: 'JO',
      password: 'olive trees in spring',
    });
    expect(registered.statusCode).toBe(200);
    expect(registered.body).toContain('Check your email');
    const mail = await mailTo('amira@example.org');
    expect(mail.subject).toBe('Confirm your address');
    expect(mail.html).toContain('<a href=');

    // Not confirmed yet: signing in says so.
    const early = await agent.post(
      '/account/login',
      { email: 'amira@example.org', password: 'olive trees in spring' },
      { from: '/account/login' },
    );
    expect(early.statusCode).toBe(403);
    expect(early.body).toContain('Confirm your email address first');

    const verified = await agent.get(path(linkIn(mail, '/account/verify')));
    expect(verified.body).toContain('Your address is confirmed');
    expect((await agent.get(path(linkIn(mail, '/account/verify')))).body).toContain(
      'The link has already been used.',
    );

    await signIn(agent, 'amira@example.org', 'olive trees in spring');
    const account = await agent.get('/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('Municipality of Irbid');
    expect(account.headers['cache-control']).toBe('no-store');
    // The parts other modules own: the profile in the directory of people, messages, follows.
    const owned = [
      '/account/people-profile',
      '/account/data',
      '/account/contact',
      '/account/alerts',
    ];
    const at = owned.map((path) => account.body.indexOf(`href="${path}"`));
    expect(at.every((i, n) => i > 0 && (n === 0 || i > (at[n - 1] as number)))).toBe(true);
    const out = await agent.post('/account/logout', {}, { from: '/account' });
    expect(out.statusCode).toBe(303);
    expect(agent.cookies.has('session')).toBe(false);
    expect((await agent.get('/account')).statusCode).toBe(303);
    expect(await audit('user.login')).toHaveLength(1);
  });

  it('answers the same whether or not an address is registered', async () => {
    await createUser(database.db, 'taken@example.org');
    const fresh = await new Agent(app).post('/account/register', {
      name: 'A',
      email: 'fresh@example.org',
      password: 'a quite long password',
    });
    const taken = await new Agent(app).post('/account/register', {
      name: 'B',
      email: 'taken@example.org',
      password: 'a quite long password',
    });
    expect(taken.statusCode).toBe(fresh.statusCode);
    expect(taken.body.replace(/value="[^"]*"/g, '')).toBe(fresh.body.replace(/value="[^"]*"/g, ''));
    expect((await mailTo('taken@example.org')).subject).toBe('You already have an account');

    const unknown = await new Agent(app).post('/account/forgot', { email: 'nobody@example.org' });
    const known = await new Agent(app).post('/account/forgot', { email: 'taken@example.org' });
    expect(known.body.replace(/value="[^"]*"/g, '')).toBe(
      unknown.body.replace(/value="[^"]*"/g, ''),
    );

    const wrongPassword = await new Agent(app).post(
      '/account/login',
      { email: 'taken@example.org', password: 'wrong password here' },
      { from: '/account/login' },
    );
    const noAccount = await new Agent(app).post(
      '/account/login',
      { email: 'nobody@example.org', password: 'wrong password here' },
      { from: '/account/login' },
    );
    expect(wrongPassword.statusCode).toBe(401);
    expect(noAccount.statusCode).toBe(401);
    expect(wrongPassword.body).toContain('The email address or the password is wrong.');
    expect(noAccount.body).toContain('The email address or the password is wrong.');
  });

  it('shows every problem at its field, keeps what was typed but never the password', async () => {
    const response = await new Agent(app).post('/account/register', {
      name: '',
      email: 'not-an-email',
      organisation: 'Kept Organisation',
      country: 'ZZ',
      password: 'short',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There are 4 problems with this form');
    for (const message of [
      'This is required.',
      'Enter an email address such as name@example.org.',
      'Choose a country from the list.',
      'Use at least 10 characters.',
    ]) {
      expect(response.body).toContain(message);
    }
    expect(response.body).toContain('href="#field-email"');
    expect(response.body).toContain('aria-invalid="true"');
    expect(response.body).toContain('value="Kept Organisation"');
    expect(response.body).toContain('value="not-an-email"');
    expect(response.body).not.toContain('value="short"');
    expect(
      await database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'not-an-email')
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('refuses a form without a valid CSRF token with 403, changing nothing', async () => {
    await createUser(database.db, 'csrf@example.org');
    const agent = new Agent(app);
    await signIn(agent, 'csrf@example.org');
    for (const csrf of [false, 'forged-token'] as const) {
      const response = await agent.post('/account/profile', { name: 'Changed Name' }, { csrf });
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain('This form has expired');
    }
    const user = await database.db
      .selectFrom('users')
      .select('name')
      .where('email', '=', 'csrf@example.org')
      .executeTakeFirstOrThrow();
    expect(user.name).toBe('User csrf');
    expect(
      (await agent.post('/account/profile', { name: 'Changed Name' }, { from: '/account' }))
        .statusCode,
    ).toBe(200);
  });

  it('issues a new session at sign-in whatever cookie was there (no fixation), with safe cookie flags', async () => {
    await createUser(database.db, 'fixation@example.org');
    const agent = new Agent(app);
    agent.cookies.set('session', 'attacker-chosen-session-value-1234567890');
    const login = await agent.post(
      '/account/login',
      { email: 'fixation@example.org', password: PASSWORD },
      { from: '/account/login' },
    );
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/session=[\w-]{40,}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax/);
    expect(agent.cookies.get('session')).not.toBe('attacker-chosen-session-value-1234567890');
    const attacker = new Agent(app);
    attacker.cookies.set('session', 'attacker-chosen-session-value-1234567890');
    expect((await attacker.get('/account')).statusCode).toBe(303);
  });

  it('ends every session with "sign out everywhere", and other sessions on a password change', async () => {
    await createUser(database.db, 'sessions@example.org');
    const laptop = new Agent(app);
    const phone = new Agent(app);
    await signIn(laptop, 'sessions@example.org');
    await signIn(phone, 'sessions@example.org');
    const changed = await laptop.post(
      '/account/password',
      { current_password: PASSWORD, password: 'a brand new password' },
      { from: '/account' },
    );
    expect(changed.body).toContain('Your password is changed.');
    expect((await phone.get('/account')).statusCode).toBe(303);
    expect((await laptop.get('/account')).statusCode).toBe(200);
    await laptop.post('/account/sessions/end', {}, { from: '/account' });
    expect((await laptop.get('/account')).statusCode).toBe(303);
  });

  it('resets a password by a single-use link, which expires, and belongs to one purpose', async () => {
    await createUser(database.db, 'reset@example.org');
    const agent = new Agent(app);
    await agent.post('/account/forgot', { email: 'reset@example.org' });
    const link = path(linkIn(await mailTo('reset@example.org'), '/account/reset'));
    const token = new URL(link, 'http://x').searchParams.get('token') as string;
    expect((await agent.get(link)).body).toContain('Choose a new password');
    const reset = await agent.post(
      '/account/reset',
      { token, password: 'another good password' },
      { from: link },
    );
    expect(reset.body).toContain('Your password is changed');
    await signIn(new Agent(app), 'reset@example.org', 'another good password');

    // Used once: never again.
    const again = await new Agent(app).post(
      '/account/reset',
      { token, password: 'yet another password' },
      { from: '/account/forgot' },
    );
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('The link has already been used.');

    // Expired after an hour.
    await new Agent(app).post('/account/forgot', { email: 'reset@example.org' });
    const second = new URL(
      linkIn(await mailTo('reset@example.org'), '/account/reset'),
    ).searchParams.get('token') as string;
    await database.db
      .updateTable('email_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('purpose', '=', 'reset')
      .where('used_at', 'is', null)
      .execute();
    expect(
      (
        await new Agent(app).post(
          '/account/reset',
          { token: second, password: 'yet another password' },
          { from: '/account/forgot' },
        )
      ).body,
    ).toContain('The link has expired.');

    // A confirmation link is not a reset link.
    await new Agent(app).post('/account/register', {
      name: 'Other',
      email: 'other-purpose@example.org',
      password: 'a long enough password',
    });
    const verifyToken = new URL(
      linkIn(await mailTo('other-purpose@example.org'), '/account/verify'),
    ).searchParams.get('token') as string;
    expect(
      (
        await new Agent(app).post(
          '/account/reset',
          { token: verifyToken, password: 'hijacked password!!' },
          { from: '/account/forgot' },
        )
      ).body,
    ).toContain('The link is not valid.');
  });

  /** Five wrong passwords for `email` from one client, then the right one for the owner's. */
  async function failFiveTimes(client: Agent, email: string) {
    const responses = [];
    for (let i = 0; i < 5; i++)
      responses.push(
        await client.post(
          '/account/login',
          { email, password: `wrong password ${i}` },
          { from: '/account/login' },
        ),
      );
    responses.push(
      await client.post(
        '/account/login',
        { email, password: PASSWORD },
        { from: '/account/login' },
      ),
    );
    return responses;
  }

  it('makes an address wait after five failures from one client, alike whether it has an account or not', async () => {
    const ownerId = await createUser(database.db, 'waits@example.org');
    const registered = await failFiveTimes(
      new Agent(app, { remoteAddress: '203.0.113.10' }),
      'waits@example.org',
    );
    const unknown = await failFiveTimes(
      new Agent(app, { remoteAddress: '203.0.113.11' }),
      'never-registered@example.org',
    );
    // The fifth failure starts the wait, and then even the right password waits.
    expect(registered.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 429, 429]);
    expect(unknown.map((r) => r.statusCode)).toEqual(registered.map((r) => r.statusCode));
    const strip = (body: string) => body.replace(/value="[^"]*"/g, '');
    for (const [i, answer] of registered.entries()) {
      const other = unknown[i] as (typeof unknown)[number];
      expect(strip(other.body)).toBe(strip(answer.body));
      expect(other.headers['retry-after'] === undefined).toBe(
        answer.headers['retry-after'] === undefined,
      );
    }
    for (const answer of [...registered, ...unknown].filter((r) => r.statusCode === 429)) {
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(800);
      expect(Number(answer.headers['retry-after'])).toBeLessThanOrEqual(900);
      expect(answer.body).toContain('Too many failed attempts.');
    }
    const throttled = await audit('user.login_throttled');
    expect(throttled).toHaveLength(2);
    expect(throttled.map((row) => row.subject_id)).toEqual(
      expect.arrayContaining([String(ownerId), null]),
    );
  });

  it('never lets a stranger keep the owner out, and a password reset ends the wait', async () => {
    await createUser(database.db, 'besieged@example.org');
    const stranger = new Agent(app, { remoteAddress: '203.0.113.20' });
    const tried = await failFiveTimes(stranger, 'besieged@example.org');
    expect(tried.at(-1)?.statusCode).toBe(429);
    // More tries from the stranger are refused without counting towards the address's cap.
    for (let i = 0; i < 30; i++)
      expect(
        (
          await stranger.post(
            '/account/login',
            { email: 'besieged@example.org', password: `still guessing ${i}` },
            { from: '/account/login' },
          )
        ).statusCode,
      ).toBe(429);
    await signIn(new Agent(app, { remoteAddress: '198.51.100.30' }), 'besieged@example.org');

    // Someone on the stranger's network (the same address) gets in again through the emailed link.
    const neighbour = new Agent(app, { remoteAddress: '203.0.113.20' });
    await neighbour.post('/account/forgot', { email: 'besieged@example.org' });
    const link = path(linkIn(await mailTo('besieged@example.org'), '/account/reset'));
    const token = new URL(link, 'http://x').searchParams.get('token') as string;
    await neighbour.post(
      '/account/reset',
      { token, password: 'a fresh start here' },
      { from: link },
    );
    await signIn(neighbour, 'besieged@example.org', 'a fresh start here');
  });

  it('changes the address only once the new one is confirmed, telling the old one', async () => {
    await createUser(database.db, 'old@example.org');
    const agent = new Agent(app);
    await signIn(agent, 'old@example.org');
    const wrong = await agent.post(
      '/account/email',
      { email: 'new@example.org', current_password: 'not my password' },
      { from: '/account' },
    );
    expect(wrong.body).toContain('This is not your current password.');
    await agent.post(
      '/account/email',
      { email: 'new@example.org', current_password: PASSWORD },
      { from: '/account' },
    );
    expect(
      (
        await database.db
          .selectFrom('users')
          .select('email')
          .where('email', '=', 'old@example.org')
          .executeTakeFirst()
      )?.email,
    ).toBe('old@example.org');
    const link = path(linkIn(await mailTo('new@example.org'), '/account/email/confirm'));
    expect((await agent.get(link)).body).toContain('Your address is changed');
    expect((await mailTo('old@example.org')).subject).toBe('Your address was changed');
    await signIn(new Agent(app), 'new@example.org');
  });

  it('creates API tokens shown once, stored hashed, scoped, revocable, with their last use', async () => {
    await createUser(database.db, 'api@example.org');
    const agent = new Agent(app);
    await signIn(agent, 'api@example.org');
    const created = await agent.post(
      '/account/tokens',
      { name: 'Our portal', scopes: 'read' },
      { from: '/account' },
    );
    const token = /<code class="token">([^<]+)<\/code>/.exec(created.body)?.[1] as string;
    expect(token).toMatch(/^chk_[\w-]{40,}$/);
    const stored = await database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('name', '=', 'Our portal')
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token.slice(4, 20));
    expect(stored.last_used_at).toBeNull();
    expect((await agent.get('/account')).body).not.toContain(token);

    const used = await app.inject({
      url: '/api/v1/taxonomy',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(used.statusCode).toBe(200);
    expect(
      (
        await database.db
          .selectFrom('api_tokens')
          .select('last_used_at')
          .where('id', '=', stored.id)
          .executeTakeFirstOrThrow()
      ).last_used_at,
    ).not.toBeNull();
    // A token opens the API, not the account pages.
    expect(
      (await app.inject({ url: '/account', headers: { authorization: `Bearer ${token}` } }))
        .statusCode,
    ).toBe(403);

    await agent.post(`/account/tokens/${stored.id}/revoke`, {}, { from: '/account' });
    const revoked = await app.inject({
      url: '/api/v1/taxonomy',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json()).toMatchObject({ code: 'invalid_token' });
    expect(
      (
        await app.inject({
          url: '/api/v1/taxonomy',
          headers: { authorization: 'Bearer chk_made-up' },
        })
      ).statusCode,
    ).toBe(401);
    expect(await audit('token.created')).toHaveLength(1);
  });

  /** A new API token of the signed-in agent's account, as the page shows it once. */
  async function makeToken(agent: Agent, name: string): Promise<string> {
    const created = await agent.post(
      '/account/tokens',
      { name, scopes: 'read' },
      { from: '/account' },
    );
    return /<code class="token">([^<]+)<\/code>/.exec(created.body)?.[1] as string;
  }
  const apiStatus = async (token: string) =>
    (await app.inject({ url: '/api/v1/taxonomy', headers: { authorization: `Bearer ${token}` } }))
      .statusCode;

  it('revokes API tokens on a password reset, saying so, and ends every session', async () => {
    await createUser(database.db, 'tokens-reset@example.org');
    const laptop = new Agent(app);
    await signIn(laptop, 'tokens-reset@example.org');
    const token = await makeToken(laptop, 'Before the reset');
    expect(await apiStatus(token)).toBe(200);

    const agent = new Agent(app);
    await agent.post('/account/forgot', { email: 'tokens-reset@example.org' });
    const link = path(linkIn(await mailTo('tokens-reset@example.org'), '/account/reset'));
    const token2 = new URL(link, 'http://x').searchParams.get('token') as string;
    const reset = await agent.post(
      '/account/reset',
      { token: token2, password: 'a reset password here' },
      { from: link },
    );
    expect(await apiStatus(token)).toBe(401);
    expect(reset.body).toContain('your API token has been revoked');
    expect((await laptop.get('/account')).statusCode).toBe(303);
  });

  it('revokes API tokens on a password change, saying so', async () => {
    await createUser(database.db, 'tokens-change@example.org');
    const agent = new Agent(app);
    await signIn(agent, 'tokens-change@example.org');
    const tokens = [await makeToken(agent, 'First'), await makeToken(agent, 'Second')];
    for (const token of tokens) expect(await apiStatus(token)).toBe(200);
    const changed = await agent.post(
      '/account/password',
      { current_password: PASSWORD, password: 'a changed password' },
      { from: '/account' },
    );
    for (const token of tokens) expect(await apiStatus(token)).toBe(401);
    expect(changed.body).toContain('your 2 API tokens have been revoked');
    // This session goes on; a new token works.
    expect(await apiStatus(await makeToken(agent, 'After'))).toBe(200);
  });

  it('revokes API tokens on a change of role, telling the admin', async () => {
    await createUser(database.db, 'tokens-admin@example.org', 'admin');
    const targetId = await createUser(database.db, 'tokens-role@example.org');
    const target = new Agent(app);
    await signIn(target, 'tokens-role@example.org');
    const token = await makeToken(target, 'Made as a member');
    expect(await apiStatus(token)).toBe(200);
    const admin = new Agent(app);
    await signIn(admin, 'tokens-admin@example.org');
    const changed = await admin.post(
      `/admin/users/${targetId}/role`,
      { role: 'editor' },
      { from: `/admin/users/${targetId}` },
    );
    expect(await apiStatus(token)).toBe(401);
    expect(changed.body).toContain('API token has been revoked.');
    const rows = await audit('user.role_changed');
    expect(rows.find((r) => r.subject_id === String(targetId))?.details).toContain(
      '"tokens_revoked":1',
    );
    // The person is told: their new role, and why they were signed out.
    const told = await mailTo('tokens-role@example.org');
    expect(told.subject).toBe('Your role on the Integration Clearinghouse has changed');
    expect(told.text).toContain('you are now an editor');
    expect(told.text).toContain('your API token was revoked');
  });

  it("does nothing with another person's token or link", async () => {
    await createUser(database.db, 'owner@example.org');
    await createUser(database.db, 'intruder@example.org');
    const owner = new Agent(app);
    await signIn(owner, 'owner@example.org');
    await owner.post('/account/tokens', { name: 'Mine', scopes: 'read' }, { from: '/account' });
    const mine = await database.db
      .selectFrom('api_tokens')
      .select(['id', 'revoked_at'])
      .where('name', '=', 'Mine')
      .executeTakeFirstOrThrow();
    const intruder = new Agent(app);
    await signIn(intruder, 'intruder@example.org');
    const revoke = await intruder.post(
      `/account/tokens/${mine.id}/revoke`,
      {},
      { from: '/account' },
    );
    expect(revoke.statusCode).toBe(404);
    expect(
      (
        await database.db
          .selectFrom('api_tokens')
          .select('revoked_at')
          .where('id', '=', mine.id)
          .executeTakeFirstOrThrow()
      ).revoked_at,
    ).toBeNull();

    // The owner's address-change link, opened in the intruder's session, changes only the owner's.
    await owner.post(
      '/account/email',
      { email: 'owner-new@example.org', current_password: PASSWORD },
      { from: '/account' },
    );
    const link = path(linkIn(await mailTo('owner-new@example.org'), '/account/email/confirm'));
    await intruder.get(link);
    const emails = await database.db
      .selectFrom('users')
      .select('email')
      .where('email', 'like', '%@example.org')
      .where((eb) => eb.or([eb('email', 'like', 'owner%'), eb('email', 'like', 'intruder%')]))
      .orderBy('email')
      .execute();
    expect(emails.map((e) => e.email)).toEqual(['intruder@example.org', 'owner-new@example.org']);
    await mailTo('owner@example.org');
  });

  it("lets admins find accounts and change roles, which ends the person's sessions", async () => {
    const adminId = await createUser(database.db, 'admin@example.org', 'admin');
    const targetId = await createUser(database.db, 'editor-to-be@example.org');
    const admin = new Agent(app);
    const target = new Agent(app);
    await signIn(admin, 'admin@example.org');
    await signIn(target, 'editor-to-be@example.org');
    const found = await admin.get('/admin/users?q=editor-to-be');
    expect(found.body).toContain('editor-to-be@example.org');
    const changed = await admin.post(
      `/admin/users/${targetId}/role`,
      { role: 'editor' },
      { from: `/admin/users/${targetId}` },
    );
    expect(changed.body).toContain('The role is changed.');
    expect((await target.get('/account')).statusCode).toBe(303);
    // Not their own role.
    const self = await admin.post(
      `/admin/users/${adminId}/role`,
      { role: 'member' },
      { from: `/admin/users/${targetId}` },
    );
    expect(self.statusCode).toBe(403);
    const log = await admin.get('/admin/audit?action=user.role_changed');
    expect(log.body).toContain('&#34;to&#34;:&#34;editor&#34;');
    expect((await admin.get('/admin/audit?from=yesterday')).statusCode).toBe(400);
  });

  it('offers the data download above the deletion, and says what is deleted and what is kept and why', async () => {
    await createUser(database.db, 'thinking-of-leaving@example.org');
    const agent = new Agent(app);
    await signIn(agent, 'thinking-of-leaving@example.org');
    for (const page of [
      await agent.get('/account/delete'),
      // Sent with a wrong password, the page is shown again with all of it.
      await agent.post(
        '/account/delete',
        { current_password: 'not it at all' },
        { from: '/account/delete' },
      ),
    ]) {
      const html = page.body;
      const heading = html.indexOf('<h1>Delete my account</h1>');
      const download = html.indexOf('href="/account/data" download');
      const form = html.indexOf('action="/account/delete"');
      expect(heading).toBeGreaterThan(0);
      expect(download).toBeGreaterThan(heading);
      expect(form).toBeGreaterThan(download);
      expect(html.slice(heading, download)).toContain('Download your data first');
      const explained = html.slice(download, form);
      for (const text of [
        'What is deleted',
        'your sign-in sessions and your API tokens',
        'Your comments and questions in the discussions',
        'The messages you sent through the site',
        'What is kept without your name, and why',
        'Your reviews, scores and conflict of interest statements as a reviewer',
        'must keep the reviews behind that mark',
        'Your submissions and their editorial record',
        'so that abuse can still be reported',
      ])
        expect(explained).toContain(text);
    }
  });

  it('downloads everything held about an account, and deletes it', async () => {
    await createUser(database.db, 'leaving@example.org');
    const agent = new Agent(app);
    await signIn(agent, 'leaving@example.org');
    const data = await agent.get('/account/data');
    expect(data.headers['content-disposition']).toContain('attachment');
    const json = data.json() as {
      profile: { email: string };
      sessions: unknown[];
      security_events: { action: string }[];
    };
    expect(json.profile.email).toBe('leaving@example.org');
    // The sections other modules hold come after the account's own, in a fixed order.
    expect(Object.keys(json)).toEqual([
      'exported_at',
      'profile',
      'sessions',
      'api_tokens',
      'security_events',
      'public_profile',
      'organisations',
      'following',
      'contact',
      'comments',
      'submissions',
      'reviews',
      'translations',
      'city_profiles',
      'self_assessments',
    ]);
    expect(JSON.stringify(json)).not.toMatch(/argon2|password_hash|token_hash/);
    expect(json.security_events.map((e) => e.action)).toContain('user.login');
    const refused = await agent.post(
      '/account/delete',
      { current_password: 'not it at all' },
      { from: '/account/delete' },
    );
    expect(refused.statusCode).toBe(400);
    const deleted = await agent.post(
      '/account/delete',
      { current_password: PASSWORD },
      { from: '/account/delete' },
    );
    expect(deleted.body).toContain('Your account is deleted');
    expect(
      await database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'leaving@example.org')
        .executeTakeFirst(),
    ).toBeUndefined();
    expect((await agent.get('/account')).statusCode).toBe(303);
  });

  it('never writes passwords, tokens or addresses into the audit log', async () => {
    const rows = await database.db.selectFrom('audit_log').select(['action', 'details']).execute();
    expect(rows.length).toBeGreaterThan(10);
    const text = JSON.stringify(rows);
    for (const secret of [PASSWORD, 'olive trees in spring', '@example.org', 'chk_'])
      expect(text).not.toContain(secret);
  });

  it('emails people in their language', async () => {
    await new Agent(app).post('/fr/account/register', {
      name: 'Léa',
      email: 'lea@example.org',
      password: 'un mot de passe assez long',
    });
    const mail = await mailTo('lea@example.org');
    expect(mail.text).toContain('/fr/account/verify?token=');
    expect(mail.subject).not.toBe('Confirm your address');
  });

  it('makes an address that keeps failing wait, whichever accounts it tries', async () => {
    const spray = new Agent(app);
    const statuses: number[] = [];
    const csrf = await spray.csrfFrom('/account/login');
    for (let i = 0; i < 21; i++) {
      statuses.push(
        (
          await spray.post(
            '/account/login',
            { email: `victim${i}@example.org`, password: 'guess guess guess' },
            { csrf },
          )
        ).statusCode,
      );
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    await database.db.deleteFrom('throttles').execute();
  });

  it('refuses oversized forms with 413, changing nothing', async () => {
    await createUser(database.db, 'big@example.org');
    const agent = new Agent(app);
    await signIn(agent, 'big@example.org');
    const response = await agent.post(
      '/account/profile',
      { name: 'x'.repeat(70_000) },
      { from: '/account' },
    );
    expect(response.statusCode).toBe(413);
  });

  it('limits the search API per address with 429 and Retry-After', async () => {
    const limited = await buildTestApp(database, { searchRateLimitPerMinute: 2 });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await limited.inject('/api/v1/search?q=housing'));
      expect(statuses.map((r) => r.statusCode)).toEqual([200, 200, 429]);
      expect(Number(statuses[2]?.headers['retry-after'])).toBeGreaterThan(0);
      expect(statuses[2]?.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    } finally {
      await limited.close();
    }
  });

  it('limits sign-in attempts per address with 429 and Retry-After', async () => {
    const limited = await buildTestApp(database, {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 3,
      loginDelayMs: 1,
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await limited.inject({
          method: 'POST',
          url: '/account/login',
          payload: 'email=a%40b.org&password=x',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        statuses.push(response.statusCode);
        if (response.statusCode === 429)
          expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect(statuses.at(-1)).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
