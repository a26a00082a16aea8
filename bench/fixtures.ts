// Accounts and request bodies shared by the load and crash benchmarks: made directly in the
// database before a run, as the tests do (registration and sign-in have their own tests).
import type { Db } from '../src/db/connect.ts';
import { createApiToken } from '../src/modules/accounts/api-token.service.ts';
import { createUser, PASSWORD } from '../test/helpers/users.ts';

export { PASSWORD };

export interface BenchAccounts {
  /** A confirmed member who signs in with PASSWORD. */
  memberEmail: string;
  /** A contributor: signs in with PASSWORD, and owns `token`. */
  authorId: number;
  authorEmail: string;
  /** Bearer token with the write scope, of the contributor. */
  token: string;
  /** An editor: every submission emails them (submissionNew). */
  editorEmail: string;
}

export async function createBenchAccounts(db: Db, prefix = 'bench'): Promise<BenchAccounts> {
  const memberEmail = `${prefix}-member@example.org`;
  const authorEmail = `${prefix}-author@example.org`;
  const editorEmail = `${prefix}-editor@example.org`;
  await createUser(db, memberEmail, 'member', 'Bench Member');
  const authorId = await createUser(db, authorEmail, 'contributor', 'Bench Author');
  await createUser(db, editorEmail, 'editor', 'Bench Editor');
  const { token } = await createApiToken(
    db,
    {
      kind: 'user',
      id: authorId,
      role: 'contributor',
      name: 'Bench Author',
      via: 'session',
      scopes: ['read', 'write'],
    },
    { name: 'bench', scopes: ['read', 'write'] },
  );
  return { memberEmail, authorId, authorEmail, token, editorEmail };
}

/** A complete practice for POST /api/v1/submissions (as in review.http.test.ts). */
export function submissionBody(title: string): Record<string, unknown> {
  return {
    title,
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
    checklist: { relates: true, implemented: true, results: true, contact: true, consent: true },
  };
}

/** The basics step of the submission form, as the browser sends it. */
export function basicsForm(title: string): Record<string, string> {
  return {
    title,
    summary: 'Volunteers and newcomers meet weekly to practise the local language.',
    language: 'en',
    type: 'programme',
    level: 'local',
    status: 'ongoing',
    start_year: '2019',
    end_year: '',
  };
}

/** The `_csrf` secret cookie and a form token for it, from a page with a form. */
export async function csrfPair(url: string): Promise<{ cookie: string; token: string }> {
  const response = await fetch(url);
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] as string)
    .find((pair) => pair.startsWith('_csrf='));
  const token = /name="_csrf" value="([^"]+)"/.exec(await response.text())?.[1];
  if (!cookie || !token) throw new Error(`no CSRF cookie and token at ${url}`);
  return { cookie, token };
}

/**
 * Waits until `url` answers below 500 (bounded): a process just started may shed its first
 * requests with 503 while its event-loop monitor has no sample yet. Returns how many 503s it got.
 */
export async function waitUntilServing(
  url: string,
  timeoutMs = 15_000,
): Promise<{ shed: number; waitedMs: number }> {
  const started = Date.now();
  let shed = 0;
  for (;;) {
    const response = await fetch(url, { redirect: 'manual' });
    await response.arrayBuffer();
    if (response.status < 500) return { shed, waitedMs: Date.now() - started };
    if (response.status === 503) shed++;
    if (Date.now() - started > timeoutMs)
      throw new Error(`${url} still answers ${response.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
