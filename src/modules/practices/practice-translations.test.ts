import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { listTranslationsOfPractices, replacePracticeTranslations } from './practice.repository.ts';

const EMPTY_SECTIONS = {
  context: null,
  objectives: null,
  activities: null,
  results: null,
  evaluation: null,
  lessons: null,
  transferability: null,
  budget: null,
};

describe.each(dialects)('the dates of practice translations on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let practiceId: number;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    const row = await database.db
      .selectFrom('practices')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    practiceId = row.id;
  });
  afterAll(() => database.drop());

  const french = (summary: string) => ({
    locale: 'fr',
    title: 'Titre',
    summary,
    ...EMPTY_SECTIONS,
  });
  const dateOf = async (locale: string) =>
    (await listTranslationsOfPractices(database.db, [practiceId], locale))[0]?.translated_at;

  it('dates a new translation, keeps the date while its text is unchanged, and redates a change', async () => {
    await replacePracticeTranslations(
      database.db,
      practiceId,
      [french('Un')],
      '2026-01-01T00:00:00.000Z',
    );
    expect(await dateOf('fr')).toBe('2026-01-01T00:00:00.000Z');

    await replacePracticeTranslations(
      database.db,
      practiceId,
      [french('Un')],
      '2026-02-01T00:00:00.000Z',
    );
    expect(await dateOf('fr')).toBe('2026-01-01T00:00:00.000Z');

    await replacePracticeTranslations(
      database.db,
      practiceId,
      [french('Deux')],
      '2026-03-01T00:00:00.000Z',
    );
    expect(await dateOf('fr')).toBe('2026-03-01T00:00:00.000Z');
  });

  it('dates each language on its own', async () => {
    await replacePracticeTranslations(
      database.db,
      practiceId,
      [french('Deux'), { ...french('Dos'), locale: 'es' }],
      '2026-04-01T00:00:00.000Z',
    );
    expect(await dateOf('fr')).toBe('2026-03-01T00:00:00.000Z');
    expect(await dateOf('es')).toBe('2026-04-01T00:00:00.000Z');
  });
});
