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
import { nowIso } from '../../core/text.ts';
import type { Db } from '../../db/connect.ts';
import { insertOrganisation } from '../directory/organisation.repository.ts';
import { insertMember } from '../directory/organisation-member.repository.ts';
import { importPractices } from '../practices/practice-interchange.service.ts';

function record(id: string, country: string, city: string, themes: string[]) {
  return {
    external_id: id,
    title: `Practice ${id}`,
    language: 'en',
    summary: `What ${city} does.`,
    country,
    city,
    themes,
    target_groups: ['refugees'],
    evidence_level: 'emerging',
    illustrative: false,
  };
}

const RECORDS = [
  record('lisbon-1', 'PT', 'Lisbon', ['housing', 'health']),
  record('porto-1', 'PT', 'Porto', ['housing']),
  record('berlin-1', 'DE', 'Berlin', ['housing', 'health']),
  record('amman-1', 'JO', 'Amman', ['health']),
];

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

/** An organisation placed in a city, with these people as members (joined in this order). */
async function organisationWith(
  db: Db,
  name: string,
  type: string,
  cityId: number,
  countryCode: string,
  members: number[],
): Promise<number> {
  const now = nowIso();
  const id = await insertOrganisation(db, {
    slug: name.toLowerCase().replace(/[^a-z]+/g, '-'),
    name,
    name_key: name.toLowerCase(),
    type,
    country_code: countryCode,
    city_id: cityId,
    website: null,
    created_at: now,
    updated_at: now,
    verified_at: null,
    verified_by: null,
  });
  for (const [i, userId] of members.entries())
    await insertMember(db, {
      organisation_id: id,
      user_id: userId,
      role: 'member',
      listed: 0,
      joined_at: `2026-01-0${i + 1}T00:00:00.000Z`,
    });
  return id;
}

const GOOD_PROFILE = {
  language: 'Portuguese',
  context: 'Lisboa acolhe pessoas de mais de 170 países.\n\nO município coordena a integração.',
  offers: 'Visitas de estudo ao centro de acolhimento.',
  looking_for: 'Parceiros para a habitação de transição.',
  languages: 'Portuguese, inglés, uk',
  contact_name_1: 'Migrant support unit',
  contact_role_1: 'Municipal service',
  contact_email_1: 'Integration@CM-Lisboa.pt',
  contact_url_1: 'https://www.lisboa.pt/migrantes',
};

describe.each(dialects)('a city profile kept by its municipality on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const city: Record<string, number> = {};
  const agents: Record<string, Agent> = {};

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    const report = await importPractices(database.db, values(RECORDS));
    expect(report.committed, JSON.stringify(report.problems)).toBe(true);
    for (const row of await database.db
      .selectFrom('practices')
      .select(['external_id', 'city_id'])
      .execute())
      city[row.external_id.replace(/-1$/, '')] = row.city_id as number;
    const ids: Record<string, number> = {};
    for (const [who, role] of [
      ['ana', 'member'],
      ['pedro', 'member'],
      ['plain', 'member'],
      ['editor', 'editor'],
      ['nora', 'member'],
      ['bruno', 'member'],
    ] as const)
      ids[who] = await createUser(database.db, `${who}@cities.test`, role);
    const db = database.db;
    // Ana belongs to an NGO in Berlin first, then to Lisbon's municipality: Lisbon is her city.
    await organisationWith(db, 'Berlin Refugee Law Clinic', 'ngo', city.berlin as number, 'DE', [
      ids.ana as number,
      ids.nora as number,
    ]);
    await organisationWith(
      db,
      'Câmara Municipal de Lisboa',
      'municipality',
      city.lisbon as number,
      'PT',
      [ids.ana as number],
    );
    await organisationWith(
      db,
      'Câmara Municipal do Porto',
      'municipality',
      city.porto as number,
      'PT',
      [ids.pedro as number],
    );
    app = await buildTestApp(database);
    for (const who of Object.keys(ids)) {
      agents[who] = new Agent(app);
      await signIn(agents[who] as Agent, `${who}@cities.test`);
    }
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const edit = () => `/cities/${city.lisbon}/edit`;
  const countProfiles = async () =>
    (await database.db.selectFrom('city_profiles').select('city_id').execute()).length;

  it('offers the editing page only to the municipality’s members and the editors', async () => {
    const anonymous = await app.inject({ method: 'GET', url: edit() });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain('/account/login');
    const anonymousPage = await app.inject({ method: 'GET', url: `/cities/${city.lisbon}` });
    expect(anonymousPage.body).not.toContain(`href="${edit()}"`);
    for (const who of ['pedro', 'plain', 'nora']) {
      const agent = agents[who] as Agent;
      expect((await agent.get(edit())).statusCode, who).toBe(403);
      expect((await agent.get(`/cities/${city.lisbon}`)).body, who).not.toContain(
        `href="${edit()}"`,
      );
      const csrf = await agent.csrfFrom('/account');
      const refused = await agent.post(edit(), GOOD_PROFILE, { csrf });
      expect(refused.statusCode, who).toBe(403);
      const fact = await agent.post(
        `${edit()}/facts`,
        {
          kind: 'population',
          value: '1',
          year: '2020',
          source_title: 'x',
          source_url: 'https://x.example/',
        },
        { csrf },
      );
      expect(fact.statusCode, who).toBe(403);
    }
    // Pedro keeps his own city.
    expect((await (agents.pedro as Agent).get(`/cities/${city.porto}/edit`)).statusCode).toBe(200);
    for (const who of ['ana', 'editor']) {
      const page = await (agents[who] as Agent).get(`/cities/${city.lisbon}`);
      expect(page.body, who).toContain(`href="${edit()}"`);
      expect(page.headers['cache-control'], who).toContain('no-store');
      expect((await (agents[who] as Agent).get(edit())).statusCode, who).toBe(200);
    }
    expect(await countProfiles()).toBe(0);
  });

  it('refuses a bad profile with a message naming each field, keeps what was typed, saves nothing', async () => {
    const ana = agents.ana as Agent;
    const long = 'x'.repeat(1501);
    const response = await ana.post(
      edit(),
      {
        ...GOOD_PROFILE,
        language: 'Klingon',
        context: long,
        languages: 'Portuguese, Elvish',
        contact_email_1: 'not an address',
        contact_name_2: '',
        contact_role_2: 'Mayor’s office',
      },
      { from: edit() },
    );
    expect(response.statusCode).toBe(400);
    const html = response.body;
    expect(html).toContain('There are 6 problems with this form');
    expect(html).toMatch(/id="field-language-error"[^>]*>“Klingon” is not a language we know/);
    expect(html).toMatch(/id="field-context-error"[^>]*>Use at most 1500 characters/);
    expect(html).toMatch(/id="field-languages-error"[^>]*>“Elvish” is not a language we know/);
    expect(html).toMatch(/id="field-contact_email_1-error"[^>]*>Enter an email address/);
    expect(html).toMatch(/id="field-contact_name_2-error"[^>]*>This is required/);
    // A contact point with neither an email nor a web address is no way to reach anyone.
    expect(html).toMatch(/id="field-contact_email_2-error"[^>]*>Give a public email address/);
    // The summary names the contact point of a field.
    expect(html).toContain('Name of the service or person (Contact point 2): This is required.');
    expect(html).toContain(long);
    expect(html).toContain('value="not an address"');
    expect(await countProfiles()).toBe(0);
  });

  it('refuses a form without its CSRF token, and saves nothing', async () => {
    const ana = agents.ana as Agent;
    for (const csrf of [false, 'forged'] as const) {
      const response = await ana.post(edit(), GOOD_PROFILE, { csrf });
      expect(response.statusCode, String(csrf)).toBe(403);
    }
    expect(await countProfiles()).toBe(0);
  });

  it('saves a member’s profile and shows it on the city page, with who keeps it and when', async () => {
    const ana = agents.ana as Agent;
    const saved = await ana.post(edit(), GOOD_PROFILE, { from: edit() });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe(`/cities/${city.lisbon}`);
    // The page is read as a visitor reads it (the cache was emptied by the change).
    const html = (await app.inject({ method: 'GET', url: `/cities/${city.lisbon}` })).body;
    expect(html).toContain('<h2 id="city-about">About the city</h2>');
    expect(html).toContain(
      '<p lang="pt" dir="auto" class="city-about__text">Lisboa acolhe pessoas de mais de 170 países.</p>',
    );
    expect(html).toContain('O município coordena a integração.');
    expect(html).toContain('Offers</h3>');
    expect(html).toContain('Visitas de estudo ao centro de acolhimento.');
    expect(html).toContain('Looking for</h3>');
    expect(html).toContain('Contact points</h3>');
    expect(html).toContain('href="mailto:integration@cm-lisboa.pt"');
    expect(html).toContain('href="https://www.lisboa.pt/migrantes"');
    expect(html).toContain('Languages</h3>');
    expect(html).toContain('Portuguese, English, and Ukrainian');
    expect(html).toContain('Maintained by');
    expect(html).toContain('href="/organisations/c-mara-municipal-de-lisboa"');
    expect(html).toContain('Last updated');
    // In French, the languages are named in French; the texts stay in Portuguese.
    const french = (await app.inject({ method: 'GET', url: `/fr/cities/${city.lisbon}` })).body;
    expect(french).toContain('portugais, anglais et ukrainien');
    expect(french).toContain('Lisboa acolhe pessoas');

    const api = (await app.inject({ method: 'GET', url: `/api/v1/cities/${city.lisbon}` })).json();
    expect(api.about).toMatchObject({
      language: 'pt',
      offers: GOOD_PROFILE.offers,
      languages: ['pt', 'en', 'uk'],
      contact_points: [{ name: 'Migrant support unit', email: 'integration@cm-lisboa.pt' }],
      maintained_by: [{ name: 'Câmara Municipal de Lisboa' }],
    });

    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_type', '=', 'city')
      .where('subject_id', '=', String(city.lisbon))
      .execute();
    expect(audit.map((a) => a.action)).toContain('city.profile_saved');
    // The audit keeps an outline, not the contact points themselves.
    expect(JSON.stringify(audit)).not.toContain('cm-lisboa.pt');

    // The form shows what was saved.
    const form = (await ana.get(edit())).body;
    expect(form).toContain('value="pt"');
    expect(form).toContain('value="pt, en, uk"');
    expect(form).toContain('value="integration@cm-lisboa.pt"');
  });

  it('lets the member enter the figures the editors enter, which size the city', async () => {
    const ana = agents.ana as Agent;
    const saved = await ana.post(
      `${edit()}/facts`,
      {
        kind: 'foreign_born_share',
        value: '16.4',
        year: '2023',
        source_title: 'Relatório de Imigração',
        source_url: 'https://sefstat.sef.pt/',
      },
      { from: edit() },
    );
    expect(saved.statusCode, saved.body).toBe(303);
    expect(
      (
        await ana.post(
          `${edit()}/networks`,
          { name: 'Intercultural Cities', url: 'https://www.coe.int/en/web/interculturalcities' },
          { from: edit() },
        )
      ).statusCode,
    ).toBe(303);
    const html = (await app.inject({ method: 'GET', url: `/cities/${city.lisbon}` })).body;
    expect(html).toContain('16.4% (2023)');
    expect(html).toContain('Intercultural Cities');
  });

  it('lets an editor change the profile', async () => {
    const editor = agents.editor as Agent;
    const saved = await editor.post(
      edit(),
      { ...GOOD_PROFILE, offers: 'Mentoring for new municipal staff.', language: 'en' },
      { from: edit() },
    );
    expect(saved.statusCode, saved.body).toBe(303);
    const html = (await app.inject({ method: 'GET', url: `/cities/${city.lisbon}` })).body;
    expect(html).toContain('Mentoring for new municipal staff.');
    expect(html).toContain('lang="en"');
  });

  it('puts the profiles a person saved last in the copy of their data', async () => {
    const ana = agents.ana as Agent;
    expect((await ana.post(edit(), GOOD_PROFILE, { from: edit() })).statusCode).toBe(303);
    const data = (await ana.get('/account/data')).json() as {
      city_profiles: {
        city: string;
        url_path: string;
        context: string;
        contact_points: { email: string }[];
      }[];
    };
    expect(data.city_profiles).toEqual([
      expect.objectContaining({
        city: 'Lisbon',
        url_path: `/cities/${city.lisbon}`,
        context: GOOD_PROFILE.context,
        languages: ['pt', 'en', 'uk'],
        contact_points: [expect.objectContaining({ email: 'integration@cm-lisboa.pt' })],
      }),
    ]);
    const plain = (await (agents.plain as Agent).get('/account/data')).json();
    expect(plain.city_profiles).toEqual([]);
  });

  const peersIn = (html: string) =>
    [...html.matchAll(/<h2 class="card__title"><a href="\/cities\/(\d+)"/g)].map((m) =>
      Number(m[1]),
    );

  it('starts cities like mine from the reader’s municipality, sized by its latest figure, and never lists it', async () => {
    const ana = agents.ana as Agent;
    const population = await ana.post(
      `${edit()}/facts`,
      {
        kind: 'population',
        value: '3 900 000',
        year: '2024',
        source_title: 'Estimate',
        source_url: 'https://www.ine.pt/',
      },
      { from: edit() },
    );
    expect(population.statusCode, population.body).toBe(303);
    const start = await ana.get('/cities/like-mine');
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('We started from your city, Lisbon');
    expect(start.body).toMatch(/value="metropolis"[^>]*selected/);
    expect(start.body).toMatch(/value="039"[^>]*selected/);
    expect(start.body).toMatch(/value="housing"[^>]*checked/);
    const peers = peersIn(start.body);
    expect(peers).toEqual(expect.arrayContaining([city.porto, city.berlin]));
    expect(peers).not.toContain(city.lisbon);
    // A search of one's own is never the reader's own city either, though a visitor's lists it.
    const query = '/cities/like-mine?size=&region=&themes=housing&themes=health';
    const visitor = peersIn((await app.inject({ method: 'GET', url: query })).body);
    expect(visitor).toContain(city.lisbon);
    const own = await ana.get(query);
    expect(own.body).not.toContain('We started from your city');
    expect(peersIn(own.body)).not.toContain(city.lisbon);
    expect(peersIn(own.body).length).toBe(visitor.length - 1);
  });

  it('starts from the city of another organisation when the reader is in no municipality', async () => {
    const nora = await (agents.nora as Agent).get('/cities/like-mine');
    expect(nora.body).toContain('We started from your city, Berlin');
    expect(peersIn(nora.body)).not.toContain(city.berlin);
    expect(peersIn(nora.body).length).toBeGreaterThan(0);
    const bruno = await (agents.bruno as Agent).get('/cities/like-mine');
    expect(bruno.body).not.toContain('We started from your city');
    expect(peersIn(bruno.body)).toEqual([]);
  });
});
