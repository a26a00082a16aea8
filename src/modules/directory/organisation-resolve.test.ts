import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { resolveOrganisation } from './organisation.service.ts';

const agency = { type: 'international-organisation', cityId: null };

describe.each(dialects)('organisations named by practices on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('keeps one international organisation across countries, languages and acronyms', async () => {
    const db = database.db;
    const first = await resolveOrganisation(db, {
      ...agency,
      name: 'International Organization for Migration (IOM)',
      website: 'https://www.iom.int',
      countryCode: 'GH',
    });
    const same = [
      { name: 'International Organization for Migration (IOM)', website: null, countryCode: 'BR' },
      { name: 'International Organization for Migration', website: null, countryCode: 'TR' },
      {
        name: 'Organisation internationale pour les migrations (OIM)',
        website: 'https://iom.int/fr',
        countryCode: 'NE',
      },
    ];
    for (const ref of same)
      expect(await resolveOrganisation(db, { ...agency, ...ref })).toBe(first);
  });

  it('keeps apart national bodies of the same name and a city’s departments on one host', async () => {
    const db = database.db;
    const national = { type: 'national-government', website: null, cityId: null };
    const france = await resolveOrganisation(db, {
      ...national,
      name: 'Ministry of the Interior',
      countryCode: 'FR',
    });
    const spain = await resolveOrganisation(db, {
      ...national,
      name: 'Ministry of the Interior',
      countryCode: 'ES',
    });
    expect(spain).not.toBe(france);
    const city = { type: 'municipality', countryCode: 'US', cityId: null };
    const immigrants = await resolveOrganisation(db, {
      ...city,
      name: "Mayor's Office of Immigrant Affairs",
      website: 'https://www.nyc.gov/immigrants',
    });
    const housing = await resolveOrganisation(db, {
      ...city,
      name: 'Department of Housing Preservation',
      website: 'https://www.nyc.gov/hpd',
    });
    expect(housing).not.toBe(immigrants);
  });
});
