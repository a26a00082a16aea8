import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/helpers/agent.ts';
import { buildTestApp, TEST_PUBLIC_URL } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { createUser, signIn } from '../../../test/helpers/users.ts';
import { SHORTLIST_MAX } from './shortlist.service.ts';

/** As a browser sends the form of a practice page on this site. */
const FROM_SITE = { origin: TEST_PUBLIC_URL, 'sec-fetch-site': 'same-origin' };

describe.each(dialects)('the shortlist, comparison and briefs on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let practices: { id: number; slug: string; title: string }[];

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    app = await buildTestApp(database, { authRateLimitPerMinute: 1000, loginDelayMs: 1 });
    practices = await database.db
      .selectFrom('practices')
      .select(['id', 'slug', 'title'])
      .orderBy('id')
      .limit(SHORTLIST_MAX + 1)
      .execute();
    await createUser(database.db, 'amina@example.org', 'member', 'Amina Haddad');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const [first, second] = [() => practices[0]!, () => practices[1]!];
  const add = (agent: Agent, slug: string, headers: Record<string, string> = FROM_SITE) =>
    agent.post('/shortlist/add', { practice: slug }, { csrf: false, headers });

  it('offers the shortlist and the brief on a practice page that stays the same for everyone', async () => {
    const page = await new Agent(app).get(`/practices/${first().slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('action="/shortlist/add"');
    expect(page.body).toContain(`href="/practices/${first().slug}/brief"`);
    expect(page.body).not.toContain('name="_csrf"');
    expect(page.headers['set-cookie']).toBeUndefined();
  });

  it('keeps a visitor’s list in a cookie, compares it side by side and prints it', async () => {
    const visitor = new Agent(app);
    const added = await add(visitor, first().slug);
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/shortlist?added=${first().slug}`);
    const announced = await visitor.get(added.headers.location as string);
    expect(announced.body).toMatch(
      /<p class="notice notice--success" role="status">“[^<]+” is on your shortlist/,
    );
    expect(announced.headers['cache-control']).toBe('private, no-store');
    await add(visitor, second().slug);
    // Twice the same practice: still once.
    await add(visitor, second().slug);
    expect(visitor.cookies.get('shortlist')).toBe(`${first().id}.${second().id}`);

    const list = await visitor.get('/shortlist');
    expect(list.body).toContain('2 practices');
    expect(list.body.indexOf(`/practices/${first().slug}"`)).toBeLessThan(
      list.body.indexOf(`/practices/${second().slug}"`),
    );

    const compare = await visitor.get('/shortlist/compare');
    expect(compare.statusCode).toBe(200);
    const columns = compare.body.match(/<th scope="col"/g) ?? [];
    expect(columns).toHaveLength(2);
    expect(compare.body).toContain('<th scope="row">Evidence</th>');

    const brief = await visitor.get('/shortlist/brief');
    expect(brief.body.match(/<article class="brief"/g)).toHaveLength(2);
    expect(brief.body).toContain(`${TEST_PUBLIC_URL}/practices/${first().slug}`);

    const csrf = await visitor.csrfFrom('/shortlist');
    const removed = await visitor.post(
      '/shortlist/remove',
      { practice: String(first().id) },
      { csrf },
    );
    expect(removed.statusCode).toBe(303);
    expect(visitor.cookies.get('shortlist')).toBe(String(second().id));
    await visitor.post('/shortlist/clear', {}, { csrf });
    expect(visitor.cookies.has('shortlist')).toBe(false);
    expect((await visitor.get('/shortlist')).body).toContain('Your shortlist is empty');
  });

  it('refuses an addition sent from another site, and changes nothing', async () => {
    const visitor = new Agent(app);
    await add(visitor, first().slug);
    const crossSite: Record<string, string>[] = [
      { origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://elsewhere.example' },
      { 'sec-fetch-site': 'same-site' },
      // Under the no-referrer policy a browser may send "null": that proves nothing.
      { origin: 'null' },
      // Fetch Metadata wins over an Origin that looks right.
      { origin: TEST_PUBLIC_URL, 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of crossSite) {
      const response = await add(visitor, second().slug, headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
    }
    expect(visitor.cookies.get('shortlist')).toBe(String(first().id));
    // Removing and clearing need the page's token, like every other form.
    const removed = await visitor.post(
      '/shortlist/remove',
      { practice: String(first().id) },
      { csrf: false },
    );
    expect(removed.statusCode).toBe(403);
    expect(visitor.cookies.get('shortlist')).toBe(String(first().id));
  });

  it('answers bad input with a message, never an error page of its own making', async () => {
    const visitor = new Agent(app);
    expect((await add(visitor, 'no-such-practice')).statusCode).toBe(404);
    const missing = await visitor.post('/shortlist/add', {}, { csrf: false, headers: FROM_SITE });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('practice');
    // The list is empty (no form on it): any page's token will do.
    const csrf = await visitor.csrfFrom('/account/login');
    const notAnId = await visitor.post(
      '/shortlist/remove',
      { practice: 'x; drop table' },
      { csrf },
    );
    expect(notAnId.statusCode).toBe(400);
    // A cookie that was tampered with is read for what can be read in it.
    visitor.cookies.set('shortlist', `abc.${first().id}.${first().id}.-3.0.99999999999999`);
    const list = await visitor.get('/shortlist');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('1 practice');
  });

  it('holds a limited number of practices and says so', async () => {
    const visitor = new Agent(app);
    visitor.cookies.set(
      'shortlist',
      practices
        .slice(0, SHORTLIST_MAX)
        .map((p) => p.id)
        .join('.'),
    );
    const full = await add(visitor, practices[SHORTLIST_MAX]!.slug);
    expect(full.statusCode).toBe(400);
    expect(full.body).toContain(`at most ${SHORTLIST_MAX} practices`);
    expect(visitor.cookies.get('shortlist')?.split('.')).toHaveLength(SHORTLIST_MAX);
  });

  it('saves the list with the account of someone signed in, bringing in what they gathered before', async () => {
    const agent = new Agent(app);
    await add(agent, first().slug);
    await signIn(agent, 'amina@example.org');
    const list = await agent.get('/shortlist');
    expect(list.body).toContain('saved with your account');
    expect(list.body).toContain(`/practices/${first().slug}"`);
    expect(agent.cookies.has('shortlist')).toBe(false);
    const csrf = await agent.csrfFrom('/shortlist');
    await agent.post('/shortlist/add', { practice: second().slug }, { csrf, headers: FROM_SITE });

    // Another browser, same account: the same list.
    const elsewhere = new Agent(app);
    await signIn(elsewhere, 'amina@example.org');
    const again = await elsewhere.get('/shortlist/compare');
    expect(again.body.match(/<th scope="col"/g)).toHaveLength(2);
    await elsewhere.post(
      '/shortlist/remove',
      { practice: String(first().id) },
      { from: '/shortlist' },
    );
    const after = await agent.get('/shortlist');
    expect(after.body).not.toContain(`/practices/${first().slug}"`);
    expect(after.body).toContain('1 practice');
  });

  it('prints one practice as a brief, its long sections cut short', async () => {
    const brief = await new Agent(app).get(`/practices/${first().slug}/brief`);
    expect(brief.statusCode).toBe(200);
    expect(brief.body).toContain('<article class="brief"');
    expect(brief.body).toContain('noindex');
    expect(brief.body).toContain(
      `rel="canonical" href="${TEST_PUBLIC_URL}/practices/${first().slug}"`,
    );
    expect((await new Agent(app).get('/practices/no-such-practice/brief')).statusCode).toBe(404);
  });
});
