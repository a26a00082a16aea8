import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { LOCALES } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import { ensureFoundingOrganisations, translateFoundingOrganisations } from '../directory/index.ts';
import { FOUNDING_EVENT_SLUG, FOUNDING_ORGANISATIONS } from '../events/index.ts';
import { prepareDatabase } from './setup.service.ts';

/**
 * Every reader of the six languages finds the founding content and the demo recommendations in
 * their language: the original where it is written in it, else a translation. The practices are
 * checked apart (demo-content.test.ts).
 */

const PRESS_SLUG = 'benefits-of-migration-to-be-showcased-by-leading-experts';
const RESOURCE_SLUGS = ['international-organization-for-migration', 'un-alliance-of-civilizations'];

type Texts = Record<string, string | number | null>;

/** The languages an item is readable in: its original's, and each translation with every field. */
function languagesOf(
  original: { language: string },
  translations: (Texts & { locale: string })[],
  fields: string[],
) {
  const filled = (t: Texts) =>
    fields.every((f) => {
      const value = t[f];
      return typeof value === 'string' && value.trim() !== '';
    });
  return [original.language, ...translations.filter(filled).map((t) => t.locale)].sort();
}

const SIX = [...LOCALES].sort();

describe.each(dialects)('founding content in six languages on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    db = database.db;
  });
  afterAll(async () => {
    await database.drop();
  });

  it('has the founding event title and description in every language', async () => {
    const event = await db
      .selectFrom('events')
      .selectAll()
      .where('slug', '=', FOUNDING_EVENT_SLUG)
      .executeTakeFirstOrThrow();
    const translations = await db
      .selectFrom('event_translations')
      .selectAll()
      .where('event_id', '=', event.id)
      .execute();
    expect(languagesOf(event, translations, ['title', 'description'])).toEqual(SIX);
  });

  it('has the press release title and body in every language, paragraph for paragraph', async () => {
    const item = await db
      .selectFrom('news_items')
      .selectAll()
      .where('slug', '=', PRESS_SLUG)
      .executeTakeFirstOrThrow();
    const translations = await db
      .selectFrom('news_translations')
      .selectAll()
      .where('news_id', '=', item.id)
      .execute();
    expect(languagesOf(item, translations, ['title', 'body'])).toEqual(SIX);
    const paragraphs = (text: string | null) => (text ?? '').split(/\n{2,}/).length;
    for (const t of translations) expect(paragraphs(t.body), t.locale).toBe(paragraphs(item.body));
  });

  it('has each founding resource title and abstract in every language', async () => {
    for (const slug of RESOURCE_SLUGS) {
      const resource = await db
        .selectFrom('resources')
        .selectAll()
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow();
      const translations = await db
        .selectFrom('resource_translations')
        .selectAll()
        .where('resource_id', '=', resource.id)
        .execute();
      expect(languagesOf(resource, translations, ['title', 'abstract']), slug).toEqual(SIX);
    }
  });

  it('describes each founding organisation in every language', async () => {
    for (const { name } of Object.values(FOUNDING_ORGANISATIONS)) {
      const rows = await db
        .selectFrom('organisation_translations')
        .innerJoin('organisations', 'organisations.id', 'organisation_translations.organisation_id')
        .select(['organisation_translations.locale', 'organisation_translations.description'])
        .where('organisations.name', '=', name)
        .execute();
      expect(
        rows
          .filter((r) => r.description.trim() !== '')
          .map((r) => r.locale)
          .sort(),
        name,
      ).toEqual(SIX);
    }
  });

  it('has each recommendation title and text in every language', async () => {
    const recommendations = await db.selectFrom('recommendations').selectAll().execute();
    expect(recommendations.length).toBeGreaterThan(0);
    for (const r of recommendations) {
      const translations = await db
        .selectFrom('recommendation_translations')
        .selectAll()
        .where('recommendation_id', '=', r.id)
        .execute();
      expect(languagesOf(r, translations, ['title', 'body']), r.slug).toEqual(SIX);
    }
  });

  it("has each taxonomy concept's label and description in every language", async () => {
    const concepts = await db.selectFrom('concepts').select(['scheme', 'id']).execute();
    const rows = await db.selectFrom('concept_translations').selectAll().execute();
    expect(concepts.length).toBeGreaterThan(0);
    for (const c of concepts) {
      const mine = rows.filter((r) => r.scheme === c.scheme && r.concept_id === c.id);
      const complete = mine.filter((r) => r.label.trim() !== '' && r.definition.trim() !== '');
      expect(complete.map((r) => r.locale).sort(), `${c.scheme}:${c.id}`).toEqual(SIX);
    }
  });

  it("translates the founding content of a site that loaded it in English only, keeping an editor's translation", async () => {
    const event = await db
      .selectFrom('events')
      .select('id')
      .where('slug', '=', FOUNDING_EVENT_SLUG)
      .executeTakeFirstOrThrow();
    await db
      .deleteFrom('event_translations')
      .where('event_id', '=', event.id)
      .where('locale', '!=', 'fr')
      .execute();
    await db
      .updateTable('event_translations')
      .set({ title: 'Titre revu par la rédaction' })
      .where('event_id', '=', event.id)
      .execute();
    await db.deleteFrom('settings').where('key', '=', 'founding_translations_loaded_at').execute();
    await prepareDatabase(db, { demo: true });
    const rows = await db
      .selectFrom('event_translations')
      .select(['locale', 'title', 'translated_on'])
      .where('event_id', '=', event.id)
      .orderBy('locale')
      .execute();
    expect(rows.map((r) => r.locale)).toEqual(['ar', 'es', 'fr', 'ru', 'zh']);
    expect(rows.find((r) => r.locale === 'fr')?.title).toBe('Titre revu par la rédaction');
    // Shipped translations carry the day they were made, not the day a site loaded them.
    expect(rows.filter((r) => r.locale !== 'fr').map((r) => r.translated_on)).toEqual(
      Array(4).fill('2026-12-07'),
    );
  });

  it('keeps a description an editor wrote when the shipped translations are added again', async () => {
    const name = FOUNDING_ORGANISATIONS.italy.name;
    const org = await db
      .selectFrom('organisations')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('organisation_translations')
      .set({ description: 'Texte revu par la rédaction.' })
      .where('organisation_id', '=', org.id)
      .where('locale', '=', 'fr')
      .execute();
    await ensureFoundingOrganisations(db);
    await translateFoundingOrganisations(db, { [name]: { fr: 'Autre texte.' } });
    const fr = await db
      .selectFrom('organisation_translations')
      .select('description')
      .where('organisation_id', '=', org.id)
      .where('locale', '=', 'fr')
      .executeTakeFirstOrThrow();
    expect(fr.description).toBe('Texte revu par la rédaction.');
  });
});

describe('the evidence scale page', () => {
  const catalogue = (locale: string) =>
    JSON.parse(
      readFileSync(new URL(`../../../locales/${locale}.json`, import.meta.url), 'utf8'),
    ) as Record<string, string>;
  const en = catalogue('en');
  const keys = Object.keys(en).filter((k) => k.startsWith('evidence.'));

  it('is written in every language, not left in English', () => {
    expect(keys.length).toBeGreaterThan(10);
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      const messages = catalogue(locale);
      const untranslated = keys.filter((k) => !messages[k] || messages[k] === en[k]);
      expect(untranslated, locale).toEqual([]);
    }
  });
});
