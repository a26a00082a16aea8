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
import { createUser, signIn } from '../../../test/helpers/users.ts';

const DAY_MS = 24 * 3600_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

/** The rows of one section's table on the page, as the text of their cells. */
function tableRows(html: string, section: string): string[][] {
  const start = html.indexOf(`id="section-${section}"`);
  expect(start, `section ${section}`).toBeGreaterThan(-1);
  const end = html.indexOf('</section>', html.indexOf('</table>', start));
  const body = html.slice(html.indexOf('<tbody>', start), end);
  return [...body.matchAll(/<tr>(.*?)<\/tr>/gs)].map((row) =>
    [...(row[1] as string).matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((cell) =>
      (cell[1] as string)
        .replace(/<[^>]+>/g, '')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .trim(),
    ),
  );
}

describe.each(dialects)('the editors’ insights on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const agents = {} as Record<'member' | 'reviewer' | 'editor' | 'admin', Agent>;
  const ids = {} as Record<'member' | 'reviewer' | 'editor' | 'admin' | 'r2', number>;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    app = await buildTestApp(database, { authRateLimitPerMinute: 100_000, loginDelayMs: 1 });
    const people = {
      member: 'member',
      reviewer: 'reviewer',
      editor: 'editor',
      admin: 'admin',
    } as const;
    for (const [key, role] of Object.entries(people) as [keyof typeof people, string][]) {
      ids[key] = await createUser(
        database.db,
        `${key}@example.org`,
        role as never,
        `Person ${key}`,
      );
      agents[key] = new Agent(app);
      await signIn(agents[key], `${key}@example.org`);
    }
    ids.r2 = await createUser(database.db, 'r2@example.org', 'reviewer', 'Second reviewer');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('is for editors and admins only, linked from the editors’ dashboard', async () => {
    const anonymous = await new Agent(app).get('/editor/insights');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain('/account/login');
    const anonymousCsv = await new Agent(app).get('/editor/insights/funnel.csv');
    expect(anonymousCsv.statusCode).toBe(303);
    for (const who of ['member', 'reviewer'] as const) {
      expect((await agents[who].get('/editor/insights')).statusCode, who).toBe(403);
      expect((await agents[who].get('/editor/insights/searches.csv')).statusCode, who).toBe(403);
    }
    const page = await agents.editor.get('/editor/insights');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    for (const section of ['searches', 'gaps', 'funnel', 'reviewers', 'moderation', 'translations'])
      expect(page.body).toContain(`href="/editor/insights/${section}.csv"`);
    expect((await agents.admin.get('/editor/insights')).statusCode).toBe(200);
    const dashboard = await agents.editor.get('/editor');
    expect(dashboard.body).toContain('href="/editor/insights"');
    // In Arabic, right to left, with its own words.
    const arabic = await agents.editor.get('/ar/editor/insights');
    expect(arabic.statusCode).toBe(200);
    expect(arabic.body).toContain('dir="rtl"');
    expect(arabic.body).toContain('ما ينقص');
    expect(arabic.body).toContain('href="/ar/editor/insights/gaps.csv"');
  });

  it('lists the searches that found nothing or little in the last 90 days', async () => {
    const log = (query: string, results: number, locale: string, age: number, filters = '{}') => ({
      query,
      filters,
      result_count: results,
      locale,
      took_ms: 3,
      created_at: daysAgo(age),
    });
    await database.db
      .insertInto('search_log')
      .values([
        log('xenon housing', 0, 'en', 1),
        log('xenon housing', 0, 'en', 2),
        log('xenon housing', 0, 'en', 3),
        log('=cmd|calc', 0, 'en', 1),
        log('rare thing', 1, 'fr', 1, '{"country":["DE"]}'),
        log('rare thing', 2, 'fr', 5, '{"country":["DE"]}'),
        log('forgotten', 0, 'en', 100),
        log('popular', 10, 'en', 1),
      ])
      .execute();
    const rows = tableRows((await agents.editor.get('/editor/insights')).body, 'searches');
    expect(rows).toEqual([
      ['xenon housing', 'English', '', 'None', '3'],
      ['=cmd|calc', 'English', '', 'None', '1'],
      ['rare thing', 'French', 'DE', 'One or two', '2'],
    ]);
  });

  it('writes each table as CSV with a byte-order mark, headers in the reader’s language and no formula', async () => {
    const english = await agents.editor.get('/editor/insights/searches.csv');
    expect(english.statusCode).toBe(200);
    expect(english.headers['content-type']).toContain('text/csv');
    expect(english.headers['content-disposition']).toContain('searches.csv');
    expect(english.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = english.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('Search words,Language,Country filter,Results,Searches');
    expect(lines).toContain("'=cmd|calc,English,,None,1");
    expect(lines).not.toContain('=cmd|calc,English,,None,1');
    const french = await agents.editor.get('/editor/insights/searches.csv?lang=fr');
    expect(french.body.replace(/^\uFEFF/, '').split('\n')[0]).toBe(
      'Mots recherchés,Langue,Filtre de pays,Résultats,Recherches',
    );
    expect(french.body).toContain('rare thing,français,DE,Un ou deux,2');
    // The language prefix chooses the language too.
    const prefixed = await agents.editor.get('/fr/editor/insights/funnel.csv');
    expect(prefixed.body.replace(/^\uFEFF/, '').split('\n')[0]).toBe(
      'Étape,Soumissions actuelles,Durée médiane dans cette étape (jours)',
    );
    const badLang = await agents.editor.get('/editor/insights/searches.csv?lang=xx');
    expect(badLang.statusCode).toBe(400);
    expect(badLang.body).toContain('lang');
    expect((await agents.editor.get('/editor/insights/nothing.csv')).statusCode).toBe(404);
  });

  it('counts the submissions in each step and the median days they stayed there', async () => {
    expect((await database.db.selectFrom('submission_events').select('id').execute()).length).toBe(
      0,
    );
    const start = daysAgo(40);
    const at = (days: number) => new Date(Date.parse(start) + days * DAY_MS).toISOString();
    const submission = async (state: string, moves: [string, string, number][]) => {
      const { id } = await database.db
        .insertInto('submissions')
        .values({
          practice_id: null,
          author_user_id: ids.member,
          call_id: null,
          state,
          data: '{}',
          evidence_level: null,
          evidence_justification: null,
          created_at: start,
          updated_at: start,
          submitted_at: null,
          decided_at: null,
          publish_override: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const events = [[null, 'draft', 0] as const, ...moves].map(([from, to, day]) => ({
        submission_id: id,
        actor_user_id: ids.member,
        from_state: from,
        to_state: to,
        message: null,
        created_at: at(day),
      }));
      await database.db.insertInto('submission_events').values(events).execute();
      return id;
    };
    await submission('draft', []);
    const reviewed = await submission('in_review', [
      ['draft', 'submitted', 2],
      ['submitted', 'in_review', 5],
    ]);
    await submission('published', [
      ['draft', 'submitted', 4],
      ['submitted', 'published', 10],
    ]);
    const rows = tableRows((await agents.editor.get('/editor/insights')).body, 'funnel');
    expect(rows).toEqual([
      ['Draft', '1', '3'],
      ['Submitted', '0', '4.5'],
      ['In review', '1', '—'],
      ['Changes requested', '0', '—'],
      ['Resubmitted', '0', '—'],
      ['Published', '1', '—'],
      ['Not accepted', '0', '—'],
    ]);

    // Reviewers' load, on the submission in review.
    const assignment = (
      reviewer: number,
      state: string,
      due: number,
      completed: number | null,
      round = 1,
    ) => ({
      submission_id: reviewed,
      reviewer_user_id: reviewer,
      round,
      state,
      assigned_by: ids.editor,
      assigned_at: daysAgo(300),
      due_at: daysAgo(due),
      declared_at: null,
      conflict_statement: null,
      completed_at: completed === null ? null : daysAgo(completed),
    });
    await database.db
      .insertInto('review_assignments')
      .values([
        assignment(ids.reviewer, 'accepted', 3, null),
        assignment(ids.reviewer, 'invited', -10, null, 2),
        assignment(ids.reviewer, 'completed', 20, 10, 3),
        assignment(ids.reviewer, 'completed', 220, 200, 4),
        assignment(ids.r2, 'completed', 10, 5),
      ])
      .execute();
    const load = tableRows((await agents.editor.get('/editor/insights')).body, 'reviewers');
    expect(load).toEqual([
      ['Person reviewer', '2', '1', '1'],
      ['Second reviewer', '0', '0', '1'],
    ]);
  });

  it('lists the posts held and the comments reported', async () => {
    const practice = await database.db
      .selectFrom('practices')
      .select(['id', 'title'])
      .where('archived_at', 'is', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const comment = (state: 'held' | 'visible', body: string) => ({
      subject_kind: 'practice' as const,
      subject_id: practice.id,
      parent_id: null,
      in_reply_to: null,
      author_id: ids.member,
      kind: 'comment' as const,
      body,
      language: 'en',
      state,
      created_at: daysAgo(1),
      updated_at: daysAgo(1),
    });
    await database.db.insertInto('comments').values(comment('held', 'Waiting')).execute();
    const { id: reportedId } = await database.db
      .insertInto('comments')
      .values(comment('visible', 'Reported'))
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('comment_reports')
      .values([
        {
          comment_id: reportedId,
          reporter_id: ids.reviewer,
          reason: 'spam',
          created_at: daysAgo(0),
        },
        { comment_id: reportedId, reporter_id: ids.r2, reason: 'spam', created_at: daysAgo(0) },
      ])
      .execute();
    const rows = tableRows((await agents.editor.get('/editor/insights')).body, 'moderation');
    expect(rows.map((r) => [r[0], r[2], r[4]])).toEqual([
      ['Held for approval', 'Person member', '0'],
      ['Reported', 'Person member', '2'],
    ]);
    // The practice's title, in the reader's language when it has one.
    expect(rows[0]?.[1]).toBeTruthy();
    expect(rows[0]?.[1]).toBe(rows[1]?.[1]);
  });

  it('counts the published practices readable in each language', async () => {
    const before = tableRows((await agents.editor.get('/editor/insights')).body, 'translations');
    expect(before.map((r) => r[0])).toEqual([
      'English',
      'Arabic',
      'Spanish',
      'French',
      'Russian',
      'Chinese',
    ]);
    const published = await database.db
      .selectFrom('practices')
      .select(['id', 'language'])
      .where('archived_at', 'is', null)
      .execute();
    const inFrench = published.filter((p) => p.language === 'fr').length;
    const translatedToFrench = await database.db
      .selectFrom('practice_translations as t')
      .innerJoin('practices as p', 'p.id', 't.practice_id')
      .select('t.practice_id')
      .where('t.locale', '=', 'fr')
      .where('p.language', '<>', 'fr')
      .where('p.archived_at', 'is', null)
      .execute();
    const french = before[3] as string[];
    expect(french.slice(1, 4)).toEqual([
      String(inFrench),
      String(translatedToFrench.length),
      String(inFrench + translatedToFrench.length),
    ]);
    // One translation fewer into Chinese is one practice fewer readable in Chinese.
    const translated = await database.db
      .selectFrom('practice_translations as t')
      .innerJoin('practices as p', 'p.id', 't.practice_id')
      .select('t.practice_id')
      .where('p.archived_at', 'is', null)
      .where('p.language', '<>', 'zh')
      .where('t.locale', '=', 'zh')
      .orderBy('t.practice_id')
      .executeTakeFirstOrThrow();
    await database.db
      .deleteFrom('practice_translations')
      .where('practice_id', '=', translated.practice_id)
      .where('locale', '=', 'zh')
      .execute();
    const after = tableRows((await agents.editor.get('/editor/insights')).body, 'translations');
    expect(Number((after[5] as string[])[3])).toBe(Number((before[5] as string[])[3]) - 1);
    const csv = await agents.editor.get('/editor/insights/translations.csv');
    const chinese = csv.body.trim().split('\n').at(-1)?.split(',') ?? [];
    expect(chinese[0]).toBe('Chinese');
    expect(Number(chinese.at(-1))).toBeCloseTo((published.length - 1) / published.length, 3);
  });

  it('shows themes × regions without an evaluated practice, each opening a prefilled call', async () => {
    const html = (await agents.editor.get('/editor/insights')).body;
    const rows = tableRows(html, 'gaps');
    // The demo content has both kinds of gap.
    expect(rows.some((r) => r[3] === 'No published practice')).toBe(true);
    expect(rows.some((r) => r[3] === 'Only emerging or not evaluated practices')).toBe(true);
    for (const row of rows) {
      if (row[3] === 'No published practice') expect(row[2]).toBe('0');
      else {
        expect(row[3]).toBe('Only emerging or not evaluated practices');
        expect(Number(row[2])).toBeGreaterThan(0);
      }
    }
    // A theme and region with an effective practice is no gap.
    const effective = await database.db
      .selectFrom('practices as p')
      .innerJoin('practice_concepts as c', 'c.practice_id', 'p.id')
      .innerJoin('countries as k', 'k.code', 'p.country_code')
      .select(['c.concept_id', 'k.region_code'])
      .where('p.evidence_level', '=', 'effective')
      .where('p.archived_at', 'is', null)
      .where('c.scheme', '=', 'theme')
      .where('k.region_code', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(html).not.toContain(
      `/editor/calls/new?theme=${effective.concept_id}&region=${effective.region_code}"`,
    );
    // The first gap's link opens the new call form with its theme ticked and a title naming it.
    const link = /href="(\/editor\/calls\/new\?theme=([^&"]+)&region=([^"]+))"/.exec(html);
    expect(link).not.toBeNull();
    const [, href, theme] = link as RegExpExecArray;
    const form = await agents.editor.get(href as string);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(new RegExp(`value="${theme}"[^>]*checked`));
    const title = /<input[^>]*name="title"[^>]*value="([^"]*)"/.exec(form.body)?.[1] ?? '';
    expect(title).toBe(`Practices on ${rows[0]?.[0]} in ${rows[0]?.[1]}`);
    const unknown = await agents.editor.get('/editor/calls/new?theme=no-such-theme');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('theme');
  });
});
