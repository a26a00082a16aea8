import { escapeHtml } from '@kitajs/html';
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
import { createUser, PASSWORD, signIn } from '../../../test/helpers/users.ts';
import { insertOrganisation } from '../directory/organisation.repository.ts';
import { insertMember } from '../directory/organisation-member.repository.ts';
import { answerField } from './assessment.model.ts';
import { currentFramework } from './framework.ts';

const PEOPLE = {
  official: 'member',
  colleague: 'member',
  neighbour: 'member',
  stranger: 'member',
  contributor: 'contributor',
  editor: 'editor',
} as const;
type Person = keyof typeof PEOPLE;

/** Every policy and outcome question of an area answered, as a form sends them. */
function answersOf(areaId: string, choices: { policy: string; outcome: string }) {
  const area = currentFramework().areas.find((a) => a.id === areaId);
  if (!area) throw new Error(`no area ${areaId}`);
  const fields: Record<string, string> = {};
  for (const q of area.questions) {
    if (q.kind === 'fact') {
      fields[answerField(q.id, 'value')] = '12';
      fields[answerField(q.id, 'year')] = '2024';
      fields[answerField(q.id, 'source')] = 'City register';
    } else fields[answerField(q.id, 'choice')] = choices[q.kind];
  }
  return fields;
}

describe.each(dialects)('city self-assessments on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const agents = {} as Record<Person, Agent>;
  const ids = {} as Record<Person, number>;
  let lisbon: number;
  let porto: number;
  const year = new Date().getUTCFullYear();
  const framework = currentFramework();
  const [firstArea, secondArea] = framework.areas as [
    (typeof framework.areas)[0],
    (typeof framework.areas)[0],
  ];
  const base = () => `/cities/${lisbon}/assessment/${year}/edit`;
  const assessmentRow = () =>
    database.db
      .selectFrom('assessments')
      .selectAll()
      .where('city_id', '=', lisbon)
      .where('year', '=', year)
      .executeTakeFirst();
  const answerRows = async () => {
    const row = await assessmentRow();
    return database.db
      .selectFrom('assessment_answers')
      .selectAll()
      .where('assessment_id', '=', row?.id ?? -1)
      .execute();
  };

  const city = async (name: string) => {
    const row = await database.db
      .insertInto('cities')
      .values({
        geonames_id: null,
        name,
        country_code: 'PT',
        latitude: null,
        longitude: null,
        population: null,
        created_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const municipality = async (cityId: number, name: string, members: Person[]) => {
    const now = new Date().toISOString();
    const organisationId = await insertOrganisation(database.db, {
      slug: name.toLowerCase().replace(/\W+/g, '-'),
      name,
      name_key: name.toLowerCase(),
      type: 'municipality',
      country_code: 'PT',
      city_id: cityId,
      website: null,
      created_at: now,
      updated_at: now,
      verified_at: null,
      verified_by: null,
    });
    for (const person of members)
      await insertMember(database.db, {
        organisation_id: organisationId,
        user_id: ids[person],
        role: 'member',
        listed: 0,
        joined_at: now,
      });
  };

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    app = await buildTestApp(database, { authRateLimitPerMinute: 100_000, loginDelayMs: 1 });
    for (const [person, role] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
      ids[person] = await createUser(
        database.db,
        `${person}@assess.test`,
        role,
        `Person ${person}`,
      );
      agents[person] = new Agent(app);
      await signIn(agents[person], `${person}@assess.test`);
    }
    // The colleague reads email in Spanish: the editors' question reaches them in Spanish.
    await database.db
      .updateTable('users')
      .set({ locale: 'es' })
      .where('id', '=', ids.colleague)
      .execute();
    lisbon = await city('Lisboa Teste');
    porto = await city('Porto Teste');
    await municipality(lisbon, 'Câmara Municipal de Lisboa Teste', ['official', 'colleague']);
    await municipality(porto, 'Câmara Municipal do Porto Teste', ['neighbour']);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('explains the method to anyone, in every language, with the versions', async () => {
    const page = await app.inject({ method: 'GET', url: '/self-assessment/method' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('How the city self-assessment works');
    expect(page.body).toContain(escapeHtml(firstArea.questions[0]?.text.en ?? ''));
    expect(page.body).toContain(`Version ${framework.version}`);
    expect(page.body).toContain(framework.changes.en);
    expect(page.body).toContain('250 ÷ 4 = 62.5, rounded to 63');
    const arabic = await app.inject({ method: 'GET', url: '/ar/self-assessment/method' });
    expect(arabic.body).toContain('dir="rtl"');
    expect(arabic.body).toContain(escapeHtml(firstArea.title.ar));
    const footer = await app.inject({ method: 'GET', url: '/about' });
    expect(footer.body).toContain('href="/self-assessment/method"');
  });

  it('invites only those who act for the city to fill in its self-assessment from its page', async () => {
    const form = `href="/cities/${lisbon}/self-assessment"`;
    const anonymous = await app.inject({ method: 'GET', url: `/cities/${lisbon}` });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.body).not.toContain(form);
    expect(anonymous.body).toContain('href="/self-assessment/method"');
    expect((await agents.neighbour.get(`/cities/${lisbon}`)).body).not.toContain(form);
    expect((await agents.stranger.get(`/cities/${lisbon}`)).body).not.toContain(form);
    const member = await agents.official.get(`/cities/${lisbon}`);
    expect(member.body).toContain(form);
    expect(member.headers['cache-control']).toContain('private');
    expect((await agents.editor.get(`/cities/${lisbon}`)).body).toContain(form);
  });

  it('lets a member of the municipality start an assessment for a year, once', async () => {
    const list = await agents.official.get(`/cities/${lisbon}/self-assessment`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('The city has no self-assessment yet.');
    const tooOld = await agents.official.post(`/cities/${lisbon}/self-assessment`, {
      year: String(year - 6),
    });
    expect(tooOld.statusCode).toBe(400);
    expect(tooOld.body).toContain(`Enter a year from ${year - 5} to ${year}`);
    const started = await agents.official.post(`/cities/${lisbon}/self-assessment`, {
      year: String(year),
    });
    expect(started.statusCode).toBe(303);
    expect(started.headers.location).toBe(base());
    const row = await assessmentRow();
    expect(row).toMatchObject({
      state: 'draft',
      created_by: ids.official,
      framework_version: framework.version,
      share_publicly: 0,
    });
    const again = await agents.colleague.post(`/cities/${lisbon}/self-assessment`, {
      year: String(year),
    });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('The city already has an assessment for this year');
    const overview = await agents.colleague.get(base());
    expect(overview.body).toContain(`answered 0 of ${firstArea.questions.length}`);
  });

  it('shows nothing to people who do not speak for the city', async () => {
    for (const person of ['stranger', 'neighbour', 'contributor'] as const) {
      for (const path of [
        `/cities/${lisbon}/self-assessment`,
        base(),
        `${base()}/areas/${firstArea.id}`,
        `${base()}/review`,
      ]) {
        const response = await agents[person].get(path);
        expect(response.statusCode, `${person} ${path}`).toBe(403);
        expect(response.body).not.toContain('Lisboa Teste');
        // Not a dead end: the page says who fills it in and how to join one's municipality.
        expect(response.body).toContain('Only your municipality fills this in');
        expect(response.body).toContain('href="/organisations?type=municipality"');
      }
      const post = await agents[person].post(
        `${base()}/areas/${firstArea.id}`,
        answersOf(firstArea.id, { policy: 'yes', outcome: 'improved' }),
        { from: `/cities/${porto}/self-assessment` },
      );
      expect(post.statusCode).toBe(403);
    }
    expect(await answerRows()).toEqual([]);
    const anonymous = await app.inject({ method: 'GET', url: base() });
    expect(anonymous.statusCode).toBe(303);
    const unknown = await agents.official.get(`/cities/999999/self-assessment`);
    expect(unknown.statusCode).toBe(404);
  });

  it('saves a draft area by area, naming a wrong field and keeping nothing of it', async () => {
    const areaPath = `${base()}/areas/${firstArea.id}`;
    const policy = firstArea.questions.find((q) => q.kind === 'policy');
    const figure = firstArea.questions.find((q) => q.unit === 'percent');
    if (!policy || !figure) throw new Error('the first area has a policy and a percentage');
    const wrong = await agents.official.post(areaPath, {
      [answerField(policy.id, 'choice')]: 'yes',
      [answerField(policy.id, 'url')]: 'javascript:alert(1)',
      [answerField(figure.id, 'value')]: '140',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain(escapeHtml(`${policy.text.en} — Evidence link`));
    expect(wrong.body).toContain('Enter a web address starting with https://');
    expect(wrong.body).toContain(escapeHtml(`${figure.text.en} — Figure`));
    expect(wrong.body).toContain('Enter a percentage from 0 to 100');
    // What was typed is kept on the form, and nothing is saved.
    expect(wrong.body).toContain('value="140"');
    expect(await answerRows()).toEqual([]);

    const saved = await agents.official.post(areaPath, {
      [answerField(policy.id, 'choice')]: 'partly',
      [answerField(policy.id, 'note')]: 'Free courses in three districts.',
      [answerField(policy.id, 'url')]: 'https://example.org/courses',
      [answerField(figure.id, 'value')]: '12,5',
      [answerField(figure.id, 'year')]: String(year - 1),
      [answerField(figure.id, 'source')]: 'National statistics',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${areaPath}?done=saved`);
    const rows = await answerRows();
    expect(rows.find((r) => r.question_id === policy.id)).toMatchObject({
      choice: 'partly',
      note: 'Free courses in three districts.',
      evidence_url: 'https://example.org/courses',
    });
    expect(rows.find((r) => r.question_id === figure.id)).toMatchObject({
      value: 12.5,
      value_year: year - 1,
      source: 'National statistics',
    });
    const page = await agents.official.get(String(saved.headers.location));
    expect(page.body).toContain('Draft saved.');
    expect(page.body).toContain('Free courses in three districts.');
  });

  it('refuses to submit with answers missing, telling which', async () => {
    const review = await agents.official.get(`${base()}/review`);
    expect(review.body).toContain('questions are still unanswered');
    expect(review.body).toContain(
      escapeHtml(secondArea.questions.find((q) => q.kind === 'policy')?.text.en ?? '-'),
    );
    const refused = await agents.official.post(
      `/cities/${lisbon}/assessment/${year}/submit`,
      { share: 'public' },
      { from: `${base()}/review` },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      escapeHtml(secondArea.questions.find((q) => q.kind === 'policy')?.text.en ?? '-'),
    );
    expect((await assessmentRow())?.state).toBe('draft');
  });

  it('submits once every policy and outcome question is answered', async () => {
    for (const area of framework.areas) {
      const response = await agents.official.post(
        `${base()}/areas/${area.id}`,
        answersOf(area.id, {
          policy: area === firstArea ? 'not_competent' : 'yes',
          outcome: 'unchanged',
        }),
      );
      expect(response.statusCode, area.id).toBe(303);
    }
    const submitted = await agents.official.post(
      `/cities/${lisbon}/assessment/${year}/submit`,
      { share: 'private', message: '' },
      { from: `${base()}/review` },
    );
    expect(submitted.statusCode).toBe(303);
    const row = await assessmentRow();
    expect(row?.state).toBe('submitted');
    expect(row?.published_at).toBeNull();
    const scores = JSON.parse(row?.scores ?? '{}') as Record<string, number | null>;
    // First area: every policy 'not our competence' (left out), outcomes unchanged (50).
    expect(scores[firstArea.id]).toBe(50);
    // Other areas: policies yes (100) with their weights, outcomes unchanged (50).
    const weights = secondArea.questions.filter((q) => q.kind !== 'fact');
    const expected =
      weights.reduce((sum, q) => sum + q.weight * (q.kind === 'policy' ? 100 : 50), 0) /
      weights.reduce((sum, q) => sum + q.weight, 0);
    expect(scores[secondArea.id]).toBe(Math.round(expected));
    // While the editors have it, the city cannot change it.
    const locked = await agents.official.post(
      `${base()}/areas/${firstArea.id}`,
      answersOf(firstArea.id, { policy: 'yes', outcome: 'improved' }),
      { from: base() },
    );
    expect(locked.statusCode).toBe(409);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'assessment')
      .where('subject_id', '=', String(row?.id))
      .execute();
    expect(audit.map((a) => a.action)).toContain('assessment.submitted');
  });

  it('refuses a form without its CSRF token', async () => {
    const response = await agents.official.post(
      `/cities/${lisbon}/assessment/${year}/sharing`,
      { share: 'public' },
      { csrf: false },
    );
    expect(response.statusCode).toBe(403);
    expect((await assessmentRow())?.share_publicly).toBe(0);
  });

  it('lets the editors ask a question, emailed to the municipality, and accept the answer', async () => {
    const row = await assessmentRow();
    const id = row?.id as number;
    const dashboard = await agents.editor.get('/editor');
    expect(dashboard.body).toContain('1 self-assessment to check');
    const queue = await agents.editor.get('/editor/assessments');
    expect(queue.body).toContain(`/editor/assessments/${id}`);
    expect(queue.body).toContain('Lisboa Teste');
    expect((await agents.official.get('/editor/assessments')).statusCode).toBe(403);
    const view = await agents.editor.get(`/editor/assessments/${id}`);
    expect(view.body).toContain('Not our competence');
    const empty = await agents.editor.post(
      `/editor/assessments/${id}/question`,
      { message: ' ' },
      { from: `/editor/assessments/${id}` },
    );
    expect(empty.statusCode).toBe(400);
    const asked = await agents.editor.post(
      `/editor/assessments/${id}/question`,
      { message: 'Which districts offer the free courses?' },
      { from: `/editor/assessments/${id}` },
    );
    expect(asked.statusCode).toBe(303);
    expect((await assessmentRow())?.state).toBe('questions');
    const emails = await database.db
      .selectFrom('jobs')
      .select('payload')
      .where('kind', '=', 'email')
      .execute();
    const told = emails
      .map((e) => JSON.parse(e.payload) as { userId: number; kind: string })
      .filter((p) => p.kind === 'assessmentQuestion')
      .map((p) => p.userId)
      .sort();
    expect(told).toEqual([ids.official, ids.colleague].sort());

    // The city reads the question at the top of its overview and answers when it resubmits.
    const overview = await agents.colleague.get(base());
    expect(overview.body).toContain('Which districts offer the free courses?');
    expect(overview.body.indexOf('Which districts')).toBeLessThan(overview.body.indexOf('Areas'));
    const resent = await agents.colleague.post(
      `/cities/${lisbon}/assessment/${year}/submit`,
      { share: 'private', message: 'Alfama, Belém and Benfica.' },
      { from: `${base()}/review` },
    );
    expect(resent.statusCode).toBe(303);
    expect((await assessmentRow())?.state).toBe('submitted');

    const accepted = await agents.editor.post(
      `/editor/assessments/${id}/accept`,
      {},
      { from: `/editor/assessments/${id}` },
    );
    expect(accepted.statusCode).toBe(303);
    const decided = await assessmentRow();
    expect(decided).toMatchObject({ state: 'accepted', decided_by: ids.editor });
    // Kept private: accepted, but not published.
    expect(decided?.published_at).toBeNull();
  });

  it('publishes an accepted result only while the city shares it', async () => {
    const shared = await agents.official.post(
      `/cities/${lisbon}/assessment/${year}/sharing`,
      { share: 'public' },
      { from: base() },
    );
    expect(shared.statusCode).toBe(303);
    const published = await assessmentRow();
    expect(published?.share_publicly).toBe(1);
    expect(published?.published_at).not.toBeNull();
    const unshared = await agents.official.post(
      `/cities/${lisbon}/assessment/${year}/sharing`,
      { share: 'private' },
      { from: base() },
    );
    expect(unshared.statusCode).toBe(303);
    expect((await assessmentRow())?.published_at).toBeNull();
  });

  it('gives a person their messages and the assessments they started, and keeps them on deletion', async () => {
    const data = await agents.colleague.get('/account/data');
    const json = data.json() as {
      self_assessments: { started: unknown[]; messages: { body: string }[] };
    };
    expect(json.self_assessments.started).toEqual([]);
    expect(json.self_assessments.messages.map((m) => m.body)).toEqual([
      'Alfama, Belém and Benfica.',
    ]);
    const official = (await agents.official.get('/account/data')).json() as {
      self_assessments: { started: { city: string; year: number }[] };
    };
    expect(official.self_assessments.started).toMatchObject([{ city: 'Lisboa Teste', year }]);

    const deleted = await agents.colleague.post(
      '/account/delete',
      { current_password: PASSWORD },
      { from: '/account/delete' },
    );
    expect(deleted.statusCode).toBe(200);
    const message = await database.db
      .selectFrom('assessment_messages')
      .select('author_id')
      .where('body', '=', 'Alfama, Belém and Benfica.')
      .executeTakeFirstOrThrow();
    expect(message.author_id).not.toBeNull();
    expect(message.author_id).not.toBe(ids.colleague);
    const row = await assessmentRow();
    expect(row?.state).toBe('accepted');
  });
});
