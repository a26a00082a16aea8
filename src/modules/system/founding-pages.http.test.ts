import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { FOUNDING_EVENT_SLUG } from '../events/index.ts';
import type { DemoRecommendation } from '../recommendations/index.ts';
import { DEMO_RECOMMENDATIONS_FILE } from './setup.service.ts';

/** The founding content read in the site's languages: each translation says it is one, and when. */

const RECOMMENDATIONS = JSON.parse(
  readFileSync(DEMO_RECOMMENDATIONS_FILE, 'utf8'),
) as DemoRecommendation[];
const PRESS = '/press/benefits-of-migration-to-be-showcased-by-leading-experts';
// The shipped translations carry the day they were made (content/founding-translations.json).
const TRANSLATION_NOTE = 'Traduit en français le 7 décembre 2026\u00a0; original en anglais.';

describe.each(dialects)('the founding content in six languages on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('shows the founding event translated, labelled as a translation with its date', async () => {
    const page = await app.inject(`/fr/events/${FOUNDING_EVENT_SLUG}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('La ville interethnique : gestion et politiques');
    expect(page.body).toContain(TRANSLATION_NOTE);
    const original = await app.inject(`/events/${FOUNDING_EVENT_SLUG}`);
    expect(original.body).not.toContain('Translated into');
  });

  it("shows the roundtable's outcome on its page in each language, citing the press release", async () => {
    for (const [prefix, heading] of [
      ['', 'Outcome'],
      ['/ar', 'النتائج'],
      ['/es', 'Resultados'],
      ['/fr', 'Résultats'],
      ['/ru', 'Итоги'],
      ['/zh', '成果'],
    ] as const) {
      const page = await app.inject(`${prefix}/events/${FOUNDING_EVENT_SLUG}`);
      const outcome = page.body.slice(page.body.indexOf('id="outcome"'));
      expect(outcome, prefix).toContain(`>${heading}</h2>`);
      expect(outcome, prefix).toContain(`href="${prefix}${PRESS}"`);
    }
    const about = await app.inject('/about');
    expect(about.body).toContain(`href="/events/${FOUNDING_EVENT_SLUG}#outcome"`);
  });

  it('shows no outcome section on other events', async () => {
    const list = (await app.inject('/api/v1/events?per_page=50')).json() as {
      results: { slug: string }[];
    };
    for (const { slug } of list.results.filter((e) => e.slug !== FOUNDING_EVENT_SLUG)) {
      const page = await app.inject(`/events/${slug}`);
      expect(page.body, slug).not.toContain('id="outcome"');
    }
  });

  it('shows the press release and the library entries translated, with the same label', async () => {
    const press = await app.inject(`/fr${PRESS}`);
    expect(press.body).toContain('Des experts de premier plan présenteront les avantages');
    expect(press.body).toContain(TRANSLATION_NOTE);
    const resource = await app.inject('/fr/resources/international-organization-for-migration');
    expect(resource.body).toContain('Organisation internationale pour les migrations (OIM)');
    // A year is a year, not a quantity: no thousands separator in any language.
    expect(resource.body).toContain('<dd>1951</dd>');
    expect(resource.body).toContain(TRANSLATION_NOTE);
  });

  it('shows organisation descriptions and recommendations in the reader’s language', async () => {
    const org = await app.inject('/zh/organisations/international-organization-for-migration');
    expect(org.body).toContain('国际移民组织成立于1951年');
    const recommendations = (await app.inject('/api/v1/recommendations?per_page=50')).json() as {
      results: { slug: string }[];
    };
    const titles = RECOMMENDATIONS.map((r) => r.translations?.ru?.title ?? '');
    for (const { slug } of recommendations.results) {
      const page = await app.inject(`/ru/recommendations/${slug}`);
      expect(
        titles.some((title) => page.body.includes(`>${title}</h1>`)),
        slug,
      ).toBe(true);
    }
  });
});
