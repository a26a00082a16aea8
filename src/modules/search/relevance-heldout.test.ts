import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { importCorpus, mean, scoreQueries } from '../../../test/helpers/relevance.ts';

/**
 * Relevance on a held-out set (test/fixtures/relevance-heldout: 105 real practices in six
 * languages, 68 questions judged by meaning before any search was run on them). The judgements
 * are never changed to fit results. Misspelt questions are scored on the "did you mean"
 * suggestion, as a reader would follow it, like the existing relevance test.
 *
 * Set 2 (queries-set2.json: 40 more questions over the same practices, graded judgements) was
 * judged and committed before the cross-language tuning that followed set 1, and is reported on
 * its own without its individual misses, so that tuning cannot lean on it.
 *
 * Set 3 (queries-set3.json: 48 questions, 8 per language, 39 answered only in another language,
 * graded like set 2) was judged and committed before any search was run on it and before its
 * figures were first seen, to check the dictionary translation and place work against questions
 * nobody tuning has read. Like set 2 it is reported without its misses, and it is never changed
 * to fit results.
 */
interface JudgedQuery {
  id: string;
  query: string;
  language: string;
  kind: 'monolingual' | 'cross-lingual' | 'synonym' | 'typo' | 'place';
  relevant: string[];
  grades?: Record<string, number>;
}

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(
      new URL(`../../../test/fixtures/relevance-heldout/${name}`, import.meta.url),
      'utf8',
    ),
  );
const practices = fixture('practices.json') as { external_id: string; language: string }[];
const queries = fixture('queries.json') as JudgedQuery[];
const queriesSet2 = fixture('queries-set2.json') as JudgedQuery[];
const queriesSet3 = fixture('queries-set3.json') as JudgedQuery[];
const languageOf = new Map(practices.map((p) => [p.external_id, p.language]));
/** Questions whose every answer is written in a language other than the question's. */
const answeredElsewhere = (q: JudgedQuery) =>
  q.relevant.every((id) => languageOf.get(id) !== q.language);
const LANGUAGES = ['ar', 'en', 'es', 'fr', 'ru', 'zh'];

// Set 1's figures after the cross-language work (recall@10 0.795, nDCG@10 0.719, 0.779 on
// questions answered only in another language, 0.683 for Spanish questions, the weakest
// language, on SQLite; PostgreSQL within 0.01), rounded down to the next 0.05: a guard against
// regressions, not a target. The targets (recall@10 0.9 and nDCG@10 0.8 overall, recall@10
// 0.85 on questions answered in another language, no question language below 0.8) are not yet met.
// With the bilingual dictionary (issue 15, item 2): recall@10 0.804, nDCG@10 0.730, 0.795
// answered only in another language, 0.706 for Spanish on SQLite (PostgreSQL 0.809, 0.738).
// With places and Chinese words, the Spanish questions gave 0.797 in one SQLite run and 0.706 in
// another on the same code (practices tied on everything else swap places with the moment each
// was imported, which recency counts), so the weakest language's floor sits one step lower than
// a single run would put it.
// With two-character Chinese country names read as places and translations weighted by their most
// translated language (issue 15): recall@10 0.853, nDCG@10 0.779, 0.887 answered only in another
// language, 0.797 for Spanish, the weakest language, on SQLite (PostgreSQL 0.853, 0.785, 0.887,
// 0.797); since recency counts whole days, runs repeat. Floors a little under those figures.
const FLOORS = {
  recall: 0.83,
  ndcg: 0.75,
  recallAnsweredElsewhere: 0.85,
  recallWorstLanguage: 0.75,
};

// Set 2 measured once before the tuning (SQLite; PostgreSQL within 0.02): recall@10 0.550, graded
// nDCG@10 0.439, 0.525 answered only in another language, 0.381 for English questions; and once
// after it: 0.662, 0.548, 0.661, 0.512 (English). Floors just below the figures after.
// Measured once more after the bilingual dictionary: 0.707, 0.570, 0.716, 0.512 (English).
const FLOORS_SET2 = {
  recall: 0.7,
  ndcg: 0.55,
  recallAnsweredElsewhere: 0.7,
  recallWorstLanguage: 0.5,
};

// Set 3 as first measured, before the dictionary translation and place work: recall@10 0.673,
// graded nDCG@10 0.601, 0.643 answered only in another language, 0.331 for Chinese questions, the
// weakest language, on SQLite; 0.668, 0.608, 0.636, 0.331 on PostgreSQL. A second SQLite run gave
// 0.668, 0.600, 0.636, 0.331 (the Arabic questions rank differently from run to run), so nDCG's
// floor sits one step lower than the others. Floors just below the lower figures, rounded down to
// the next 0.05: a guard against regressions, not a target.
const FLOORS_SET3 = {
  recall: 0.65,
  ndcg: 0.55,
  recallAnsweredElsewhere: 0.6,
  recallWorstLanguage: 0.3,
};

describe('set 3 judgements', () => {
  it('judge every question against practices of the set, each relevant practice graded', () => {
    expect(queriesSet3).toHaveLength(48);
    for (const query of queriesSet3) {
      expect(query.relevant.length, query.id).toBeGreaterThan(0);
      for (const id of query.relevant) {
        expect(languageOf.has(id), `${query.id} ${id}`).toBe(true);
        expect(query.grades?.[id], `${query.id} ${id}`).toBeGreaterThanOrEqual(1);
      }
      expect(Object.keys(query.grades ?? {}).sort(), query.id).toEqual([...query.relevant].sort());
    }
    expect(queriesSet3.filter(answeredElsewhere).length).toBeGreaterThanOrEqual(32);
  });
});

describe.each(dialects)('relevance on the held-out set on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let imported: Awaited<ReturnType<typeof importCorpus>>;
  const scores: { query: JudgedQuery; recall: number; ndcg: number }[] = [];
  const scoresSet2: typeof scores = [];
  const scoresSet3: typeof scores = [];
  const recallOf = (subset: typeof scores) => mean(subset.map((s) => s.recall));

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    imported = await importCorpus(database.db, practices);
    scores.push(...(await scoreQueries(database.db, queries)));
    scoresSet2.push(...(await scoreQueries(database.db, queriesSet2)));
    scoresSet3.push(...(await scoreQueries(database.db, queriesSet3)));
    const rows = (label: string, subset: typeof scores) =>
      `  ${label.padEnd(22)} ${String(subset.length).padStart(3)}   recall@10 ${recallOf(subset).toFixed(3)}   nDCG@10 ${mean(subset.map((s) => s.ndcg)).toFixed(3)}`;
    const lines = [`relevance on the held-out set on ${dialect}:`, rows('all', scores)];
    lines.push(
      rows(
        'answered elsewhere',
        scores.filter((s) => answeredElsewhere(s.query)),
      ),
    );
    for (const kind of ['cross-lingual', 'monolingual', 'synonym', 'typo', 'place'])
      lines.push(
        rows(
          kind,
          scores.filter((s) => s.query.kind === kind),
        ),
      );
    for (const language of LANGUAGES)
      lines.push(
        rows(
          `query in ${language}`,
          scores.filter((s) => s.query.language === language),
        ),
      );
    const misses = scores
      .filter((s) => s.recall < 0.5)
      .map((s) => `${s.query.id} "${s.query.query}" recall ${s.recall.toFixed(2)}`);
    if (misses.length > 0) lines.push(`  weakest: ${misses.join('; ')}`);
    for (const [name, set] of [
      ['set 2', scoresSet2],
      ['set 3', scoresSet3],
    ] as const) {
      lines.push(`${name} (graded nDCG) on ${dialect}:`, rows('all', set));
      lines.push(
        rows(
          'answered elsewhere',
          set.filter((s) => answeredElsewhere(s.query)),
        ),
      );
      for (const language of LANGUAGES)
        lines.push(
          rows(
            `query in ${language}`,
            set.filter((s) => s.query.language === language),
          ),
        );
    }
    console.log(lines.join('\n'));
  });
  afterAll(() => database.drop());

  it('imports every practice of the set', () => {
    expect(imported.problems).toEqual([]);
    expect(imported.created).toBe(practices.length);
  });

  it('keeps recall@10 and nDCG@10 overall at least at today’s figures', () => {
    expect(recallOf(scores)).toBeGreaterThanOrEqual(FLOORS.recall);
    expect(mean(scores.map((s) => s.ndcg))).toBeGreaterThanOrEqual(FLOORS.ndcg);
  });

  it('keeps recall@10 on questions answered only in another language at least at today’s figure', () => {
    expect(recallOf(scores.filter((s) => answeredElsewhere(s.query)))).toBeGreaterThanOrEqual(
      FLOORS.recallAnsweredElsewhere,
    );
  });

  it('keeps recall@10 of every question language at least at today’s weakest', () => {
    for (const language of LANGUAGES) {
      expect(
        recallOf(scores.filter((s) => s.query.language === language)),
        language,
      ).toBeGreaterThanOrEqual(FLOORS.recallWorstLanguage);
    }
  });

  const keepsFloors = (set: typeof scores, judged: JudgedQuery[], floors: typeof FLOORS) => {
    expect(set).toHaveLength(judged.length);
    expect(recallOf(set)).toBeGreaterThanOrEqual(floors.recall);
    expect(mean(set.map((s) => s.ndcg))).toBeGreaterThanOrEqual(floors.ndcg);
    expect(recallOf(set.filter((s) => answeredElsewhere(s.query)))).toBeGreaterThanOrEqual(
      floors.recallAnsweredElsewhere,
    );
    for (const language of LANGUAGES) {
      expect(
        recallOf(set.filter((s) => s.query.language === language)),
        language,
      ).toBeGreaterThanOrEqual(floors.recallWorstLanguage);
    }
  };

  it('keeps set 2 at least at its measured figures', () => {
    keepsFloors(scoresSet2, queriesSet2, FLOORS_SET2);
  });

  it('keeps set 3 at least at its first measured figures', () => {
    keepsFloors(scoresSet3, queriesSet3, FLOORS_SET3);
  });
});
