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
import { createUser } from '../../../test/helpers/users.ts';
import { createApiToken } from '../../modules/accounts/api-token.service.ts';
import { openSession } from '../../modules/accounts/session.service.ts';
import { importPractices } from '../../modules/practices/index.ts';
import { demoRecords } from '../../modules/system/demo-content.ts';
import { type Actor, ROLES, type Role } from '../actor.ts';
import { decideAccess } from '../authz.ts';

async function* firstDemoRecords(count: number) {
  let number = 0;
  for (const value of demoRecords().slice(0, count)) yield { number: ++number, value };
}

import { DENIED_HEADER } from './access.ts';
import { SESSION_COOKIE } from './session.ts';

type Who = { label: string; role?: Role; token?: 'read' | 'write' };
const WHO: Who[] = [
  { label: 'anonymous' },
  ...ROLES.map((role) => ({ label: role, role })),
  { label: 'token:read', token: 'read' },
  { label: 'token:write', token: 'write' },
];

function actorOf(who: Who, id: number): Actor {
  if (who.token)
    return {
      kind: 'user',
      id,
      role: 'member',
      name: 'x',
      via: 'token',
      scopes: who.token === 'write' ? ['read', 'write'] : ['read'],
    };
  if (who.role)
    return {
      kind: 'user',
      id,
      role: who.role,
      name: 'x',
      via: 'session',
      scopes: ['read', 'write'],
    };
  return { kind: 'anonymous' };
}

describe.each(dialects)('every route against every role on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let slug: string;
  let memberId: number;
  const tokens: Record<string, string> = {};
  const userIds = new Map<Role, number>();

  beforeAll(async () => {
    // A few practices are enough to give each route's parameters a real value: the whole demo
    // content would make the export routes cost more than every rule they check.
    database = await createPreparedDatabase(dialect);
    const report = await importPractices(database.db, firstDemoRecords(5));
    expect(report.committed).toBe(true);
    app = await buildTestApp(database, { authRateLimitPerMinute: 100_000 });
    slug = (
      await database.db
        .selectFrom('practices')
        .select('slug')
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).slug;
    for (const role of ROLES)
      userIds.set(role, await createUser(database.db, `${role}@matrix.test`, role));
    memberId = await createUser(database.db, 'tokens@matrix.test', 'member');
    const owner: Actor = {
      kind: 'user',
      id: memberId,
      role: 'member',
      name: 'x',
      via: 'session',
      scopes: ['read', 'write'],
    };
    tokens.read = (await createApiToken(database.db, owner, { name: 'r', scopes: 'read' })).token;
    tokens.write = (await createApiToken(database.db, owner, { name: 'w', scopes: 'write' })).token;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('has an access rule on every route', () => {
    const missing = app.routeRules
      .filter((r) => r.access === undefined)
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    expect(app.routeRules.length).toBeGreaterThan(40);
    expect(app.routeRules).toContainEqual({ method: 'GET', url: '/static/*', access: 'public' });
  });

  it('serves the stylesheet, script and icon to everyone', async () => {
    for (const asset of Object.values(app.assets)) {
      const response = await app.inject({ method: 'GET', url: asset });
      expect(response.statusCode, asset).toBe(200);
    }
  });

  // One test per kind of visitor (anonymous, each role, each API token), each over every route.
  it.each(WHO)(
    'allows and refuses each route exactly as its rule says, for $label',
    async (who) => {
      const sample = (url: string) =>
        url
          .replace(':slug', slug)
          .replace(':idOrSlug', slug)
          .replace('/countries/:code', '/countries/CA')
          .replace('/regions/:code', '/regions/150')
          .replace('/themes/:id', '/themes/housing')
          .replace('/admin/users/:id', `/admin/users/${memberId}`)
          .replace('/account/tokens/:id', '/account/tokens/999999')
          .replace('*', 'css/site.css');
      const failures: string[] = [];
      const routes = app.routeRules.filter((r) => r.method === 'GET' || r.method === 'POST');
      for (const route of routes) {
        const url = sample(route.url);
        const agent = new Agent(app);
        const headers: Record<string, string> = who.token
          ? { authorization: `Bearer ${tokens[who.token]}` }
          : {};
        // A session of its own for each route (one route signs out, another deletes the
        // account's sessions), opened directly: the sign-in form is tested with the accounts.
        if (who.role)
          agent.cookies.set(
            SESSION_COOKIE,
            await openSession(database.db, userIds.get(who.role) as number),
          );
        let response: Awaited<ReturnType<Agent['get']>>;
        if (route.method === 'GET') {
          response = await agent.get(url, headers);
        } else if (who.token) {
          response = await app.inject({
            method: 'POST',
            url,
            headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
            payload: '',
          });
        } else {
          const csrf = await agent.csrfFrom(who.role ? '/account' : '/account/login');
          response = await agent.post(url, {}, { csrf });
        }
        const expected = decideAccess(route.access ?? 'public', actorOf(who, memberId)) === 'allow';
        const denied = response.headers[DENIED_HEADER] === 'access';
        if (expected === denied || (denied && ![303, 401, 403].includes(response.statusCode))) {
          failures.push(
            `${who.label} ${route.method} ${url}: expected ${expected ? 'allowed' : 'denied'}, got ${response.statusCode}${denied ? ' denied' : ''}`,
          );
        }
        if (!denied && response.statusCode >= 500)
          failures.push(`${who.label} ${route.method} ${url}: ${response.statusCode}`);
      }
      expect(failures).toEqual([]);
    },
    120_000,
  );
});
