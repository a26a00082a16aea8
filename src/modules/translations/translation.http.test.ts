import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { startSmtpServer, type TestSmtp } from '../../../test/helpers/smtp.ts';
import { createUser, signIn } from '../../../test/helpers/users.ts';
import { importPractices } from '../practices/practice-interchange.service.ts';

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

const PEOPLE = {
  translator: 'member',
  other: 'member',
  silent: 'member',
  editor: 'editor',
  secondeditor: 'editor',
} as const;
type Person = keyof typeof PEOPLE;

describe.each(dialects)('translations of practices on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let smtp: TestSmtp;
  let slug: string;
  let practiceId: number;
  const agents = {} as Record<Person, Agent>;
  const ids = {} as Record<Person, number>;
  const email = (p: Person) => `${p}@translate.test`;
  const formPath = (lang: string) => `/practices/${slug}/translate/${lang}`;
  const offerOf = (translator: Person, locale: string) =>
    database.db
      .selectFrom('translation_offers')
      .selectAll()
      .where('translator_id', '=', ids[translator])
      .where('locale', '=', locale)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  const declare = async (person: Person, languages: string[]) => {
    const now = new Date().toISOString();
    await database.db
      .insertInto('people_profiles')
      .values({
        user_id: ids[person],
        listed: 0,
        headline: '',
        organisation_id: null,
        organisation_name: null,
        bio: '',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await database.db
      .insertInto('people_profile_languages')
      .values(languages.map((language, position) => ({ user_id: ids[person], language, position })))
      .execute();
  };
  const auditOf = (offerId: number) =>
    database.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'action'])
      .where('subject_type', '=', 'translation')
      .where('subject_id', '=', String(offerId))
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    smtp = await startSmtpServer();
    app = await buildTestApp(database, {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 100_000,
      loginDelayMs: 1,
    });
    const report = await importPractices(
      database.db,
      values([
        {
          external_id: 'translate-1',
          title: 'Welcome desk for newcomers',
          language: 'en',
          summary: 'One place for every service a newcomer needs.',
          sections: { context: 'Newcomers were sent from office to office.' },
          country: 'PT',
          city: 'Lisbon',
          themes: ['housing'],
          organisations: [{ name: 'City of Lisbon', role: 'lead' }],
          evidence_level: 'promising',
        },
      ]),
    );
    expect(report.problems).toEqual([]);
    const row = await database.db
      .selectFrom('practices')
      .select(['id', 'slug'])
      .executeTakeFirstOrThrow();
    slug = row.slug;
    practiceId = row.id;
    for (const [person, role] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
      ids[person] = await createUser(database.db, email(person), role, `Person ${person}`);
      agents[person] = new Agent(app);
      await signIn(agents[person], email(person));
    }
    // The translator reads email in French: what they are told comes in French.
    await database.db
      .updateTable('users')
      .set({ locale: 'fr' })
      .where('id', '=', ids.translator)
      .execute();
    await database.db
      .updateTable('users')
      .set({ locale: 'es' })
      .where('id', '=', ids.secondeditor)
      .execute();
    await declare('translator', ['fr', 'es']);
    await declare('other', ['fr']);
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await database.drop();
  });

  it('offers a member the languages they declared that the practice lacks', async () => {
    const page = await agents.translator.get(`/practices/${slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Translate this practice into French');
    expect(page.body).toContain(`href="${formPath('fr')}"`);
    expect(page.body).toContain('Translate this practice into Spanish');
  });

  it('invites a member who declared no language to add one, and refuses their form', async () => {
    const page = await agents.silent.get(`/practices/${slug}`);
    expect(page.body).toContain('add the languages you write in to your profile');
    expect(page.body).toContain('href="/account/people-profile"');
    expect(page.body).not.toContain('/translate/');
    expect((await agents.silent.get(formPath('fr'))).statusCode).toBe(403);
  });

  it('offers anonymous readers nothing and sends them to sign in', async () => {
    const page = await app.inject({ method: 'GET', url: `/practices/${slug}` });
    expect(page.body).not.toContain('Translate this practice');
    const form = await app.inject({ method: 'GET', url: formPath('fr') });
    expect(form.statusCode).toBe(303);
    expect(String(form.headers.location)).toContain('/account/login');
    const post = await app.inject({
      method: 'POST',
      url: formPath('fr'),
      payload: 'title=Sneaky&intent=save',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([303, 401, 403]).toContain(post.statusCode);
    expect(await offerOf('translator', 'fr')).toBeUndefined();
  });

  it('shows the original beside the fields, in each one’s language and direction', async () => {
    const form = await agents.translator.get(formPath('fr'));
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/lang="en" dir="ltr"[^>]*>Welcome desk for newcomers/);
    expect(form.body).toContain('Newcomers were sent from office to office.');
    expect(form.body).toMatch(
      /<input id="field-title" name="title" type="text" value="" lang="fr" dir="auto"/,
    );
    expect(form.body).toMatch(
      /<textarea id="field-context" name="context"[^>]*lang="fr" dir="auto"/,
    );
    // Only the sections the original has.
    expect(form.body).not.toContain('name="budget"');
    // Without TRANSLATE_URL there is no machine translation at all.
    expect(form.body).not.toContain('value="machine"');
    const arabic = await declare('editor', ['ar']).then(() => agents.editor.get(formPath('ar')));
    expect(arabic.body).toMatch(/<input id="field-title"[^>]*lang="ar" dir="auto"/);
  });

  it('refuses a post without its CSRF token', async () => {
    const response = await agents.translator.post(
      formPath('fr'),
      { title: 'Guichet', intent: 'save' },
      { csrf: false },
    );
    expect(response.statusCode).toBe(403);
    expect(await offerOf('translator', 'fr')).toBeUndefined();
  });

  it('keeps a draft private to its translator', async () => {
    const saved = await agents.translator.post(formPath('fr'), {
      title: 'Guichet d’accueil des nouveaux arrivants',
      summary: '',
      intent: 'save',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${formPath('fr')}?done=saved`);
    const again = await agents.translator.get(String(saved.headers.location));
    expect(again.body).toContain('Your draft is saved. Only you can see it.');
    expect(again.body).toContain('Guichet d’accueil des nouveaux arrivants');
    const offer = await offerOf('translator', 'fr');
    expect(offer?.state).toBe('draft');
    // Another member translating into the same language starts from nothing.
    const other = await agents.other.get(formPath('fr'));
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain('Guichet');
    // The editors see nothing of a draft.
    const queue = await agents.editor.get('/editor/translations');
    expect(queue.body).not.toContain(`/editor/translations/${offer?.id}`);
    expect((await agents.editor.get(`/editor/translations/${offer?.id}`)).statusCode).toBe(404);
    // And the practice has no French text yet.
    const published = await app.inject({ method: 'GET', url: `/api/v1/practices/${slug}?lang=fr` });
    expect((published.json() as { display_language: string }).display_language).toBe('en');
  });

  it('tells what is wrong, naming the field and keeping what was typed', async () => {
    const missing = await agents.translator.post(formPath('fr'), {
      title: 'Guichet gardé',
      summary: ' ',
      intent: 'submit',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('id="field-summary-error"');
    expect(missing.body).toContain('Guichet gardé');
    const long = await agents.translator.post(formPath('fr'), {
      title: 'x'.repeat(301),
      intent: 'save',
    });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('id="field-title-error"');
    const undeclared = await agents.translator.post(
      formPath('de'),
      { title: 'Hallo', intent: 'save' },
      { from: formPath('fr') },
    );
    expect(undeclared.statusCode).toBe(403);
    expect((await offerOf('translator', 'fr'))?.title).toBe(
      'Guichet d’accueil des nouveaux arrivants',
    );
  });

  let offerId: number;

  it('sends the translation to the editors, counted on their dashboard', async () => {
    const sent = await agents.translator.post(formPath('fr'), {
      title: 'Guichet d’accueil des nouveaux arrivants',
      summary: 'Un seul lieu pour tous les services dont un nouvel arrivant a besoin.',
      context: 'Les nouveaux arrivants allaient de bureau en bureau.',
      intent: 'submit',
    });
    expect(sent.statusCode).toBe(303);
    const offer = await offerOf('translator', 'fr');
    expect(offer?.state).toBe('submitted');
    offerId = offer?.id ?? 0;
    const dashboard = await agents.editor.get('/editor');
    expect(dashboard.body).toContain('1 translation to publish');
    const queue = await agents.editor.get('/editor/translations');
    expect(queue.body).toContain(`/editor/translations/${offerId}`);
    expect(queue.body).toContain('Person translator');
    // While the editors have it, the translator cannot change it.
    const locked = await agents.translator.get(formPath('fr'));
    expect(locked.body).not.toContain('name="intent"');
    expect(locked.body).toContain('The editors are reading your translation');
  });

  it('tells every editor by email, in their own language, that a translation waits', async () => {
    await app.jobs.runDue(100);
    const mail = await smtp.next(email('editor'));
    expect(mail.subject).toBe(
      'A translation of “Welcome desk for newcomers” waits for the editors',
    );
    expect(mail.text).toContain(
      'Person translator has sent the editors a translation of “Welcome desk for newcomers” into French.',
    );
    expect(mail.text).toContain(`/editor/translations/${offerId}`);
    const spanish = await smtp.next(email('secondeditor'));
    expect(spanish.subject).toBe(
      'Una traducción de «Welcome desk for newcomers» espera al equipo editorial',
    );
    expect(spanish.text).toContain('al francés');
    // Members who do not publish translations are not told.
    expect(smtp.messages.filter((m) => m.to === email('other'))).toEqual([]);
    expect(smtp.messages.filter((m) => m.to === email('translator'))).toEqual([]);
  });

  it('lets only editors review and decide', async () => {
    expect((await agents.other.get('/editor/translations')).statusCode).toBe(403);
    expect((await agents.other.get(`/editor/translations/${offerId}`)).statusCode).toBe(403);
    const csrf = await agents.other.csrfFrom(formPath('fr'));
    const publish = await agents.other.post(
      `/editor/translations/${offerId}/publish`,
      {},
      { csrf },
    );
    expect(publish.statusCode).toBe(403);
    expect((await offerOf('translator', 'fr'))?.state).toBe('submitted');
  });

  it('sends a translation back with a message, told by email in the translator’s language', async () => {
    const review = await agents.editor.get(`/editor/translations/${offerId}`);
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain('Welcome desk for newcomers');
    expect(review.body).toMatch(/lang="fr" dir="auto"[^>]*>Guichet d’accueil/);
    const empty = await agents.editor.post(`/editor/translations/${offerId}/return`, {
      message: ' ',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="field-message-error"');
    const returned = await agents.editor.post(`/editor/translations/${offerId}/return`, {
      message: 'Please use « primo-arrivants », the term our French readers know.',
    });
    expect(returned.statusCode).toBe(303);
    const offer = await offerOf('translator', 'fr');
    expect(offer?.state).toBe('returned');
    await app.jobs.runDue(100);
    const mail = await smtp.next(email('translator'));
    expect(mail.subject).toBe(
      'Votre traduction de « Welcome desk for newcomers » vous est renvoyée',
    );
    expect(mail.text).toContain('primo-arrivants');
    const form = await agents.translator.get(formPath('fr'));
    expect(form.body).toContain('primo-arrivants');
    expect(form.body).toContain('name="intent"');
    expect(await auditOf(offerId)).toEqual([
      { actor_user_id: ids.translator, action: 'translation.submitted' },
      { actor_user_id: ids.editor, action: 'translation.returned' },
    ]); // The translator's copy of their data holds the translation and the editors' message.
    const data = (await agents.translator.get('/account/data')).json() as {
      translations: { language: string; state: string; editor_message: string }[];
    };
    const account = await agents.translator.get('/account');
    expect(account.body).toContain('href="/account/translations"');
    const own = await agents.translator.get('/account/translations');
    expect(own.body).toContain('“Welcome desk for newcomers” into French');
    expect(own.body).toContain('sent back by the editors');
    expect(data.translations).toMatchObject([
      { language: 'fr', state: 'returned', editor_message: expect.stringContaining('primo') },
    ]);
  });

  it('publishes a translation: the page and the API show it, dated', async () => {
    await agents.translator.post(formPath('fr'), {
      title: 'Guichet d’accueil des primo-arrivants',
      summary: 'Un seul lieu pour tous les services dont un primo-arrivant a besoin.',
      context: 'Les primo-arrivants allaient de bureau en bureau.',
      intent: 'submit',
    });
    const published = await agents.editor.post(
      `/editor/translations/${offerId}/publish`,
      {},
      {
        from: `/editor/translations/${offerId}`,
      },
    );
    expect(published.statusCode).toBe(303);
    expect(published.headers.location).toBe(`/practices/${slug}?lang=fr`);
    const page = await app.inject({ method: 'GET', url: `/practices/${slug}?lang=fr` });
    expect(page.body).toContain('Guichet d’accueil des primo-arrivants');
    expect(page.body).toMatch(/Translated into French on [^;]+; original in English\./);
    expect(page.body).not.toContain('Machine translation reviewed');
    const api = (
      await app.inject({ method: 'GET', url: `/api/v1/practices/${slug}?lang=fr` })
    ).json() as Record<string, unknown>;
    expect(api.title).toBe('Guichet d’accueil des primo-arrivants');
    expect(api.translation_status).toBe('translated');
    expect(Date.parse(String(api.translated_at))).not.toBeNaN();
    expect(api.available_languages).toEqual(['en', 'fr']);
    await app.jobs.runDue(100);
    const mail = await smtp.next(email('translator'));
    expect(mail.subject).toBe('Votre traduction de « Welcome desk for newcomers » est publiée');
    expect((await auditOf(offerId)).map((a) => a.action)).toEqual([
      'translation.submitted',
      'translation.returned',
      'translation.submitted',
      'translation.published',
    ]);
    expect((await agents.editor.get('/editor')).body).toContain('No translations to publish');
    // French exists now: only Spanish is offered.
    const offered = await agents.translator.get(`/practices/${slug}`);
    expect(offered.body).not.toContain('Translate this practice into French');
    expect(offered.body).toContain('Translate this practice into Spanish');
  });

  it('replaces a published translation with a newer one', async () => {
    const form = await agents.other.get(formPath('fr'));
    expect(form.body).toContain('yours will replace it');
    expect(form.body).toContain('Guichet d’accueil des primo-arrivants');
    await agents.other.post(formPath('fr'), {
      title: 'Guichet unique pour les primo-arrivants',
      summary: 'Un lieu unique pour tous les services.',
      intent: 'submit',
    });
    const offer = await offerOf('other', 'fr');
    const published = await agents.editor.post(
      `/editor/translations/${offer?.id}/publish`,
      {},
      {
        from: `/editor/translations/${offer?.id}`,
      },
    );
    expect(published.statusCode).toBe(303);
    const rows = await database.db
      .selectFrom('practice_translations')
      .selectAll()
      .where('practice_id', '=', practiceId)
      .execute();
    expect(rows.map((r) => [r.locale, r.title])).toEqual([
      ['fr', 'Guichet unique pour les primo-arrivants'],
    ]);
  });
});

describe.each(dialects)('machine pre-fill of translations on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let service: Server;
  let serviceDown = false;
  let slug: string;
  let agent: Agent;
  let editor: Agent;

  beforeAll(async () => {
    // A LibreTranslate stand-in on loopback (its documented API).
    service = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        if (serviceDown) {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: 'Service overloaded' }));
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ translatedText: `MT(${body.target}): ${body.q}` }));
      });
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    database = await createPreparedDatabase(dialect);
    app = await buildTestApp(database, {
      translate: {
        url: `http://127.0.0.1:${(service.address() as AddressInfo).port}`,
        apiKey: 'secret-key',
      },
      authRateLimitPerMinute: 100_000,
      loginDelayMs: 1,
    });
    await importPractices(
      database.db,
      values([
        {
          external_id: 'machine-1',
          title: 'Language cafés',
          language: 'en',
          summary: 'Volunteers and newcomers meet to talk.',
          country: 'PT',
          themes: ['housing'],
          organisations: [{ name: 'City of Porto', role: 'lead' }],
          evidence_level: 'promising',
        },
      ]),
    );
    slug = (await database.db.selectFrom('practices').select('slug').executeTakeFirstOrThrow())
      .slug;
    const translatorId = await createUser(database.db, 'mt@translate.test', 'member', 'Maria');
    await createUser(database.db, 'ed@translate.test', 'editor', 'Edith');
    const now = new Date().toISOString();
    await database.db
      .insertInto('people_profiles')
      .values({
        user_id: translatorId,
        listed: 0,
        headline: '',
        organisation_id: null,
        organisation_name: null,
        bio: '',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await database.db
      .insertInto('people_profile_languages')
      .values({ user_id: translatorId, language: 'es', position: 0 })
      .execute();
    agent = new Agent(app);
    editor = new Agent(app);
    await signIn(agent, 'mt@translate.test');
    await signIn(editor, 'ed@translate.test');
  });
  afterAll(async () => {
    await app.close();
    await new Promise<void>((resolve) => service.close(() => resolve()));
    await database.drop();
  });

  const formPath = () => `/practices/${slug}/translate/es`;
  const offer = () => database.db.selectFrom('translation_offers').selectAll().executeTakeFirst();

  it('keeps what was typed and says so clearly when the service fails', async () => {
    serviceDown = true;
    const failed = await agent.post(formPath(), { title: 'Cafés de idiomas', intent: 'machine' });
    expect(failed.statusCode).toBe(400);
    expect(failed.body).toContain('The machine translation service refused the text.');
    expect(failed.body).toContain('Cafés de idiomas');
    expect(await offer()).toBeUndefined();
    serviceDown = false;
  });

  it('pre-fills the empty fields, labelled as machine translation, and keeps them a draft', async () => {
    const form = await agent.get(formPath());
    expect(form.body).toContain('Pre-fill with machine translation');
    const filled = await agent.post(formPath(), { title: 'Cafés de idiomas', intent: 'machine' });
    expect(filled.statusCode).toBe(200);
    // What the translator typed stays; the rest is the machine's, labelled.
    expect(filled.body).toContain('value="Cafés de idiomas"');
    expect(filled.body).toContain('MT(es): Volunteers and newcomers meet to talk.');
    expect(filled.body).toContain('id="field-summary-machine"');
    expect(filled.body).not.toContain('id="field-title-machine"');
    const saved = await offer();
    expect(saved?.state).toBe('draft');
    expect(saved?.machine_assisted).toBe(1);
    // Nothing is published by the machine.
    const api = (
      await app.inject({ method: 'GET', url: `/api/v1/practices/${slug}?lang=es` })
    ).json() as Record<string, unknown>;
    expect(api.display_language).toBe('en');
  });

  it('shows "machine translation reviewed" once an editor publishes it', async () => {
    await agent.post(formPath(), {
      title: 'Cafés de idiomas',
      summary: 'Personas voluntarias y recién llegadas se reúnen para conversar.',
      intent: 'submit',
    });
    const id = (await offer())?.id;
    const review = await editor.get(`/editor/translations/${id}`);
    expect(review.body).toContain('began from machine translation');
    const published = await editor.post(
      `/editor/translations/${id}/publish`,
      {},
      {
        from: `/editor/translations/${id}`,
      },
    );
    expect(published.statusCode).toBe(303);
    const api = (
      await app.inject({ method: 'GET', url: `/api/v1/practices/${slug}?lang=es` })
    ).json() as Record<string, unknown>;
    expect(api.translation_status).toBe('machine_translation_reviewed');
    const versions = api.translations as { language: string; status: string }[];
    expect(versions.find((v) => v.language === 'es')?.status).toBe('machine_translation_reviewed');
    expect(versions[0]?.status).toBe('original');
    const page = await app.inject({ method: 'GET', url: `/practices/${slug}?lang=es` });
    expect(page.body).toContain('Machine translation reviewed by the editors.');
  });
});
