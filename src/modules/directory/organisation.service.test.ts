import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { ensureFoundingOrganisations } from './founding-organisations.ts';
import { getOrganisation, resolveOrganisation } from './organisation.service.ts';

describe.each(dialects)('the founding organisations on %s', (dialect: DialectName) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
  });
  afterAll(async () => {
    await database.drop();
  });

  const count = async () =>
    Number(
      (
        await database.db
          .selectFrom('organisations')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('loads the four organisations once, with type, website, description and the verified mark', async () => {
    // An importer got there first with less information: the loader completes that row.
    const early = await resolveOrganisation(database.db, {
      name: 'INTERNATIONAL ORGANIZATION FOR MIGRATION',
      type: null,
      website: null,
      countryCode: null,
      cityId: null,
    });
    const before = await count();
    expect(await ensureFoundingOrganisations(database.db)).toEqual({ changed: true });
    expect(await count()).toBe(before + 3);
    expect(await ensureFoundingOrganisations(database.db)).toEqual({ changed: false });
    expect(await count()).toBe(before + 3);

    const rows = await database.db
      .selectFrom('organisations')
      .select(['id', 'slug', 'name', 'type', 'website', 'country_code', 'verified_at'])
      .orderBy('id')
      .execute();
    const byName = new Map(rows.map((r) => [r.name, r]));
    const iom = byName.get('INTERNATIONAL ORGANIZATION FOR MIGRATION');
    expect(iom).toMatchObject({
      id: early,
      type: 'international-organisation',
      website: 'https://www.iom.int',
      country_code: null,
    });
    expect(iom?.verified_at).not.toBeNull();
    expect(byName.get('United Nations Alliance of Civilizations')).toMatchObject({
      type: 'international-organisation',
      website: 'https://www.unaoc.org',
      country_code: null,
    });
    expect(byName.get('United Nations Alliance of Civilizations')?.verified_at).not.toBeNull();
    for (const [name, country] of [
      ['Permanent Mission of Italy to the United Nations', 'IT'],
      ['Permanent Mission of Canada to the United Nations', 'CA'],
    ] as const) {
      expect(byName.get(name)).toMatchObject({
        type: 'national-government',
        country_code: country,
        verified_at: null,
      });
    }

    const unaoc = await getOrganisation(
      database.db,
      'fr',
      byName.get('United Nations Alliance of Civilizations')?.slug ?? '',
    );
    expect(unaoc.descriptionLocale).toBe('en');
    expect(unaoc.description).toContain('reduce tensions across cultural divides');
    const italy = await getOrganisation(
      database.db,
      'en',
      byName.get('Permanent Mission of Italy to the United Nations')?.slug ?? '',
    );
    expect(italy.description).toContain('co-sponsored the 2009 roundtable');
    expect(italy.typeLabel).toBe('National government');
  });

  it('resolves the same rows for other modules, and keeps descriptions edited since', async () => {
    const id = await resolveOrganisation(database.db, {
      name: 'Permanent Mission of Canada to the United Nations',
      type: 'national-government',
      website: null,
      countryCode: 'CA',
      cityId: null,
    });
    await database.db
      .updateTable('organisation_translations')
      .set({ description: 'Edited by an editor.' })
      .where('organisation_id', '=', id)
      .where('locale', '=', 'en')
      .execute();
    const before = await count();
    await ensureFoundingOrganisations(database.db);
    expect(await count()).toBe(before);
    const row = await database.db
      .selectFrom('organisation_translations')
      .select('description')
      .where('organisation_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.description).toBe('Edited by an editor.');
  });
});
