import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.ts';
import { follow } from '../../src/modules/alerts/alert.service.ts';
import { sendContactMessage } from '../../src/modules/contact/contact.service.ts';
import { postComment } from '../../src/modules/discussions/discussion.service.ts';
import { saveOwnProfile } from '../../src/modules/people/people.service.ts';
import { Agent } from '../helpers/agent.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createPreparedDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createUser, signIn } from '../helpers/users.ts';

/**
 * No page, API answer, feed, sitemap, harvest or export gives away a person's email address. The
 * people below take part in every way the site offers (a listed profile, organisation membership,
 * a comment, a relayed message, follows); then the site is crawled as a visitor and as another
 * member, following every link it offers, and every answer is searched for their addresses.
 */
const PEOPLE = [
  { email: 'amal.haddad@relay.example', name: 'Amal Haddad', role: 'member' as const },
  { email: 'bruno.keller@relay.example', name: 'Bruno Keller', role: 'contributor' as const },
  { email: 'chen.wei@relay.example', name: 'Chen Wei', role: 'reviewer' as const },
  { email: 'dana.editor@relay.example', name: 'Dana Editor', role: 'editor' as const },
];
const CRAWLER = 'crawler@relay.example';
const MAX_PAGES = 700;

describe('a crawl of the whole site', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let practice: string;
  const organisation = 'international-organization-for-migration';

  beforeAll(async () => {
    database = await createPreparedDatabase('sqlite', { demo: true });
    app = await buildTestApp(database, { authRateLimitPerMinute: 100_000, loginDelayMs: 1 });
    const actors: Extract<Actor, { kind: 'user' }>[] = [];
    for (const person of PEOPLE) {
      const id = await createUser(database.db, person.email, person.role, person.name);
      actors.push({
        kind: 'user',
        id,
        role: person.role,
        name: person.name,
        via: 'session',
        scopes: ['read', 'write'],
      });
    }
    await createUser(database.db, CRAWLER, 'member', 'Casual Crawler');
    const [amal, bruno, chen, dana] = actors as [Actor, Actor, Actor, Actor];
    practice = (
      await database.db
        .selectFrom('practices')
        .select('slug')
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).slug;
    for (const actor of [amal, bruno, chen])
      await saveOwnProfile(database.db, actor, {
        listed: '1',
        headline: 'Integration officer',
        themes: ['housing'],
        languages: 'en, fr',
        regions: ['150'],
      });
    // Amal is an admin of IOM (she accepted an invitation: the invitations have their own tests).
    const iom = await database.db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', organisation)
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('organisation_members')
      .values({
        organisation_id: iom.id,
        user_id: (amal as { id: number }).id,
        role: 'admin',
        listed: 0,
        joined_at: new Date().toISOString(),
      })
      .execute();
    await postComment(
      database.db,
      dana,
      'en',
      { kind: 'practice', slug: practice },
      {
        kind: 'question',
        body: 'How was the desk staffed in its first year?',
        language: 'en',
      },
      // No hourly limit: this file looks for addresses, not at how often one may post.
      0,
    );
    await postComment(
      database.db,
      amal,
      'en',
      { kind: 'practice', slug: practice },
      {
        kind: 'comment',
        body: 'We ran one too: write to me at amal (at) relay, or through the site.',
        language: 'en',
      },
      0,
    );
    await sendContactMessage(
      database.db,
      bruno,
      'en',
      'organisation',
      organisation,
      {
        subject: 'Your programme',
        message: 'Could we compare notes on your programme for newcomers?',
        website: '',
      },
      0,
    );
    await follow(database.db, chen, 'en', { kind: 'theme', target: 'housing' });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  /** Same-site links and resources of a page, without their fragment. */
  function linksOf(body: string, from: string): string[] {
    const found: string[] = [];
    for (const match of body.matchAll(/(?:href|src|action)="([^"#]*)/g)) {
      const raw = (match[1] as string).replaceAll('&amp;', '&');
      if (raw === '' || raw.startsWith('mailto:') || raw.startsWith('tel:')) continue;
      let target: URL;
      try {
        target = new URL(raw, `http://clearinghouse.test${from}`);
      } catch {
        continue;
      }
      if (target.host !== 'clearinghouse.test') continue;
      // What signs out or leaves the account would end the crawl, not show anything new.
      if (/\/account\/(logout|delete)/.test(target.pathname)) continue;
      found.push(target.pathname + target.search);
    }
    return found;
  }

  async function crawl(
    agent: Agent,
    own?: string,
  ): Promise<{ pages: number; leaks: string[]; named: string[] }> {
    const addresses = [...PEOPLE.map((p) => p.email), CRAWLER].filter((a) => a !== own);
    const queue = [
      '/',
      '/sitemap.xml',
      '/robots.txt',
      '/openapi.json',
      '/experts',
      '/api/v1/experts',
      '/api/v1/organisations?per_page=100',
      '/api/v1/practices?per_page=100',
      '/oai?verb=ListRecords&metadataPrefix=oai_dc',
      '/feeds/practices.atom',
      '/events/calendar.ics',
      '/exports/latest.json',
      // Where the people took part, so the page budget reaches it however large the demo grows.
      `/practices/${practice}`,
      `/organisations/${organisation}`,
    ];
    const visited = new Set<string>();
    const leaks: string[] = [];
    // Pages that name one of the people: the crawl did reach what they took part in.
    const named: string[] = [];
    while (queue.length > 0 && visited.size < MAX_PAGES) {
      const path = queue.shift() as string;
      // One page per route shape and query: /practices/a and /practices/b teach the same thing,
      // but each organisation, person and practice is visited once at most anyway.
      if (visited.has(path)) continue;
      visited.add(path);
      const response = await agent.get(path);
      const body = response.body;
      for (const address of addresses)
        if (body.toLowerCase().includes(address)) leaks.push(`${path} shows ${address}`);
      const namesSomeone = PEOPLE.some((p) => body.includes(p.name));
      if (namesSomeone) named.push(path);
      // Own pages of the crawler (its account) are not crawled for links to others' data.
      if (own && path.startsWith('/account') && path !== '/account') continue;
      const type = String(response.headers['content-type'] ?? '');
      if (type.startsWith('text/html') || type.includes('xml') || type.includes('json')) {
        const next = type.includes('json')
          ? [...body.matchAll(/"(?:url|href)":"http:\/\/clearinghouse\.test([^"]*)"/g)].map(
              (m) => m[1] as string,
            )
          : type.includes('xml')
            ? [...body.matchAll(/<loc>http:\/\/clearinghouse\.test([^<]*)<\/loc>/g)].map(
                (m) => m[1] as string,
              )
            : linksOf(body, path);
        // Where a page names one of the people, their trail is followed first, so that the
        // page budget reaches what they did however large the demo content grows.
        const fresh = next.filter(
          (link) => link.startsWith('/') && !link.startsWith('//') && !visited.has(link),
        );
        if (namesSomeone) queue.unshift(...fresh);
        else queue.push(...fresh);
      }
    }
    return { pages: visited.size, leaks, named };
  }

  it('shows no address to a visitor', async () => {
    const { pages, leaks, named } = await crawl(new Agent(app));
    expect(leaks).toEqual([]);
    expect(pages).toBeGreaterThan(200);
    // Their profiles, the experts list, the discussion and the API were all reached.
    expect(named.some((p) => p.startsWith('/people/'))).toBe(true);
    expect(named.some((p) => p.startsWith('/experts'))).toBe(true);
    expect(named.some((p) => p.startsWith('/practices/'))).toBe(true);
    expect(named.some((p) => p.startsWith('/api/v1/'))).toBe(true);
  });

  it('shows no one else’s address to a signed-in member', async () => {
    const agent = new Agent(app);
    await signIn(agent, CRAWLER);
    const { pages, leaks, named } = await crawl(agent, CRAWLER);
    expect(named.some((p) => p.startsWith('/people/'))).toBe(true);
    expect(leaks).toEqual([]);
    expect(pages).toBeGreaterThan(200);
  });

  it('gives each person, and only them, a copy of everything they gave the site', async () => {
    const amal = new Agent(app);
    await signIn(amal, 'amal.haddad@relay.example');
    const mine = (await amal.get('/account/data')).json() as {
      public_profile: { listed: boolean | string; headline: string };
      organisations: { organisation: string; role: string }[];
      comments: { text: string }[];
    };
    expect(mine.public_profile.headline).toBe('Integration officer');
    expect(mine.organisations).toEqual([
      expect.objectContaining({
        organisation: 'International Organization for Migration',
        role: 'admin',
      }),
    ]);
    expect(mine.comments.map((c) => c.text)).toEqual([
      'We ran one too: write to me at amal (at) relay, or through the site.',
    ]);
    const bruno = new Agent(app);
    await signIn(bruno, 'bruno.keller@relay.example');
    const his = (await bruno.get('/account/data')).json() as {
      contact: { messages_sent: { subject: string }[] };
      comments: unknown[];
    };
    expect(his.contact.messages_sent.map((m) => m.subject)).toEqual(['Your programme']);
    expect(his.comments).toEqual([]);
    const chen = new Agent(app);
    await signIn(chen, 'chen.wei@relay.example');
    const hers = (await chen.get('/account/data')).json() as {
      following: { follows: { kind: string; target: string }[] };
    };
    expect(hers.following.follows).toEqual([
      expect.objectContaining({ kind: 'theme', target: 'housing' }),
    ]);
  });

  it('would notice an address if a page showed one', async () => {
    // The crawl itself is checked: the editor's own account page shows her address.
    const agent = new Agent(app);
    await signIn(agent, 'dana.editor@relay.example');
    expect((await agent.get('/account')).body).toContain('dana.editor@relay.example');
  });
});
