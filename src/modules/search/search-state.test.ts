import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { ANONYMOUS } from '../../core/actor.ts';
import { write } from '../../core/write.ts';
import { createDb, type Db } from '../../db/connect.ts';
import { importPractices, setPracticeArchived } from '../practices/practice-interchange.service.ts';
import { engineOf } from './engines/engine.ts';
import { FACETS } from './facet-store.ts';
import { getLanguageTools } from './language-tools.ts';
import { type SearchFilters, search } from './practice-search.service.ts';
import { listTerms } from './search.repository.ts';
import {
  getPracticeState,
  LABEL_WORD,
  loadState,
  type PracticeState,
  settleMatch,
} from './search-state.ts';

const NONE = Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as SearchFilters;

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

const practice = (externalId: string, title: string, extra: Record<string, unknown> = {}) => ({
  external_id: externalId,
  title,
  language: 'en',
  summary: 'Neighbours meet newcomers every week.',
  country: 'PT',
  themes: ['social-cohesion'],
  ...extra,
});

/** The listed practices' ids, newest first. */
const listedIds = (state: PracticeState) =>
  Array.from(state.store.newestFirst, (i) => state.store.ids[i] as number);

/**
 * What a state says about each listed practice, by id: comparable whatever the slots (an
 * updated store keeps the empty slots of archived practices) and the order of codes.
 */
function facetsById(state: PracticeState) {
  const { store } = state;
  const out = new Map<number, unknown>();
  for (const i of store.newestFirst)
    out.set(store.ids[i] as number, {
      values: Object.fromEntries(FACETS.map((f) => [f, store.values(i, f).sort()])),
      updatedAt: store.updatedAt[i],
      evidenceBoost: state.evidenceBoost[i],
      recency: state.recency[i],
    });
  return out;
}

describe.each(dialects)('search state on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  const find = (db: Db, q: string) =>
    search(db, {
      q,
      filters: NONE,
      page: 1,
      perPage: 20,
      sort: 'relevance',
      locale: 'en',
      log: false,
    });

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    await importPractices(
      database.db,
      values([
        practice('state-edit', 'Ocelotville reading circles'),
        practice('state-archive', 'Pangolinham language cafe', { themes: ['education'] }),
      ]),
    );
  });
  afterAll(() => database.drop());

  it('follows an edit, a publication and an archiving practice by practice, as a full load would', async () => {
    const { db } = database;
    // Words and concepts matched before the changes, kept in memory with the state.
    // A misspelt word loads the vocabulary for "did you mean".
    for (const q of [
      'ocelotville',
      'pangolinham',
      'housing refugees',
      'reading',
      'cafe',
      'ocelotvile',
    ])
      await find(db, q);
    const before = await getPracticeState(db);
    expect(before.clauses.size).toBeGreaterThan(3);

    await importPractices(
      db,
      values([
        practice('state-edit', 'Wombatford reading circles', { themes: ['housing'] }),
        practice('state-new', 'Ocelotville housing cafe', { country: 'CL' }),
      ]),
    );
    const archived = (await find(db, 'pangolinham')).hits[0]?.card.id as number;
    expect(archived).toBeGreaterThan(0);
    await write(db, ANONYMOUS, ({ trx }) => setPracticeArchived(trx, archived, true), {
      contentChanged: true,
    });

    expect((await find(db, 'wombatford')).total).toBe(1);
    expect((await find(db, 'ocelotville')).hits.map((h) => h.card.title)).toEqual([
      'Ocelotville housing cafe',
    ]);
    expect((await find(db, 'pangolinham')).total).toBe(0);

    const after = await getPracticeState(db);
    // Updated, not loaded again.
    expect(after).not.toBe(before);
    expect(after.loadedAt).toBe(before.loadedAt);
    const full = await loadState(db);
    expect(after.loadedAt).not.toBe(full.loadedAt);
    expect(listedIds(after)).toEqual(listedIds(full));
    expect(after.store.count).toBe(full.store.count);
    expect(facetsById(after)).toEqual(facetsById(full));
    const counts = (s: PracticeState) => s.store.filterAndCount(null, {}).counts;
    expect(counts(after)).toEqual(counts(full));
    // The vocabulary knows the new words, counted as a full load counts them.
    const vocabulary = new Map((await listTerms(db)).map((t) => [t.term, t.documents]));
    for (const word of (await getLanguageTools(db)).labelWords)
      vocabulary.set(word, (vocabulary.get(word) ?? 0) + LABEL_WORD);
    expect(after.vocabulary?.get('wombatford')).toBe(1);
    expect(after.vocabulary).toEqual(vocabulary);
    // Each kept clause matches the practices a fresh match finds, once the changed practices
    // are scored (as a search using the clause does first).
    expect([...after.clauses.values()].some((m) => (m.pending?.length ?? 0) > 0)).toBe(true);
    for (const match of after.clauses.values()) {
      await settleMatch(db, after, match);
      const fresh = await engineOf(db).match(db, match.expr, { scored: match.scored });
      const matched = [...after.store.ids].filter((_, i) => (match.scores[i] as number) > 0);
      const expected = [...fresh.keys()].filter((id) => full.store.indexOf(id) !== undefined);
      expect(matched.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
      expect(match.count).toBe(expected.length);
    }
  });

  it('moves an edited practice between facet counts, drops an archived one, counts a new one', async () => {
    const { db } = database;
    const inCountry = (q: string, country: string[]) =>
      search(db, {
        q,
        filters: { ...NONE, country },
        page: 1,
        perPage: 20,
        sort: 'relevance',
        locale: 'en',
        log: false,
      });
    const countries = async (q: string) =>
      Object.fromEntries((await find(db, q)).facets.country.map((v) => [v.id, v.count]));
    const titles = async (q: string, country: string[]) =>
      (await inCountry(q, country)).hits.map((h) => h.card.title).sort();
    await importPractices(
      db,
      values([
        practice('move-a', 'Quokkaton gardens'),
        practice('move-b', 'Quokkaton kitchens', { themes: ['housing'] }),
      ]),
    );
    // Searched before the changes: the words, the filters and the tags are kept in memory.
    expect(await countries('quokkaton')).toEqual({ PT: 2 });
    expect(await titles('quokkaton', ['PT'])).toEqual(['Quokkaton gardens', 'Quokkaton kitchens']);
    expect((await inCountry('', ['CL'])).total).toBeGreaterThan(0);
    const chileBefore = (await inCountry('', ['CL'])).total;
    // Browsing without a filter counts every practice at once (kept as it changes).
    const browse = async () => {
      const { PT = 0, CL = 0 } = await countries('');
      return { PT, CL };
    };
    const all = await browse();
    const before = await getPracticeState(db);

    await importPractices(db, values([practice('move-a', 'Quokkaton gardens', { country: 'CL' })]));
    expect(await countries('quokkaton')).toEqual({ PT: 1, CL: 1 });
    expect(await titles('quokkaton', ['CL'])).toEqual(['Quokkaton gardens']);
    expect(await titles('quokkaton', ['PT'])).toEqual(['Quokkaton kitchens']);
    expect((await inCountry('', ['CL'])).total).toBe(chileBefore + 1);
    expect(await browse()).toEqual({ PT: all.PT - 1, CL: all.CL + 1 });

    const kitchens = (await find(db, 'quokkaton kitchens')).hits[0]?.card.id as number;
    await write(db, ANONYMOUS, ({ trx }) => setPracticeArchived(trx, kitchens, true), {
      contentChanged: true,
    });
    expect(await countries('quokkaton')).toEqual({ CL: 1 });
    expect((await find(db, 'kitchens')).hits.map((h) => h.card.id)).not.toContain(kitchens);
    expect(await titles('quokkaton', ['PT'])).toEqual([]);
    expect((await find(db, 'quokkaton')).facets.theme.map((v) => v.id)).not.toContain('housing');
    expect(await browse()).toEqual({ PT: all.PT - 2, CL: all.CL + 1 });

    await importPractices(db, values([practice('move-c', 'Quokkaton orchards')]));
    expect(await countries('quokkaton')).toEqual({ PT: 1, CL: 1 });
    expect(await titles('quokkaton', ['PT'])).toEqual(['Quokkaton orchards']);
    expect(await browse()).toEqual({ PT: all.PT - 1, CL: all.CL + 1 });
    expect((await find(db, 'orchards')).hits.map((h) => h.card.title)).toContain(
      'Quokkaton orchards',
    );

    // Back from the archive, in the counts again.
    await write(db, ANONYMOUS, ({ trx }) => setPracticeArchived(trx, kitchens, false), {
      contentChanged: true,
    });
    expect(await countries('quokkaton')).toEqual({ PT: 2, CL: 1 });
    expect(await titles('quokkaton', ['PT'])).toEqual(['Quokkaton kitchens', 'Quokkaton orchards']);
    // All of it updated in place, never built anew.
    expect((await getPracticeState(db)).loadedAt).toBe(before.loadedAt);
  });

  it('follows changes made by another process, without loading every practice again', async () => {
    // A second connection has a state of its own, as another process would.
    const other = createDb(database.config);
    try {
      expect((await find(other, 'capybarton')).total).toBe(0);
      const before = await getPracticeState(other);
      await importPractices(database.db, values([practice('state-other', 'Capybarton choirs')]));
      expect((await find(other, 'capybarton')).total).toBe(1);
      const after = await getPracticeState(other);
      expect(after.loadedAt).toBe(before.loadedAt);
      expect(facetsById(after)).toEqual(facetsById(await loadState(other)));
    } finally {
      await other.destroy();
    }
  });
});
