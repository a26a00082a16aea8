import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { importPractices } from '../practices/practice-interchange.service.ts';
import { FACETS } from './facet-store.ts';
import { type SearchFilters, search } from './practice-search.service.ts';

/**
 * Relevance on a held-out set (test/fixtures/relevance-heldout: 105 real practices in six
 * languages, 68 questions judged by meaning before any search was run on them). The judgements
 * are never changed to fit results. Misspelt questions are scored on the "did you mean"
 * suggestion, as a reader would follow it, like the existing relevance test.
 */
interface JudgedQuery {
  id: string;
  query: string;
  language: string;
  kind: 'monolingual' | 'cross-lingual' | 'synonym' | 'typo' | 'place';
  relevant: string[];
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
const languageOf = new Map(practices.map((p) => [p.external_id, p.language]));
/** Questions whose every answer is written in a language other than the question's. */
const answeredElsewhere = (q: JudgedQuery) =>
  q.relevant.every((id) => languageOf.get(id) !== q.language);
const NONE = Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as SearchFilters;
const LANGUAGES = ['ar', 'en', 'es', 'fr', 'ru', 'zh'];

function recallAt(ranked: string[], relevant: string[], k: number): number {
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / Math.min(relevant.length, k);
}

function ndcgAt(ranked: string[], relevant: string[], k: number): number {
  const wanted = new Set(relevant);
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    if (wanted.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(relevant.length, k); i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

// Today's figures on the held-out set (recall@10 0.699, nDCG@10 0.614, 0.630 on questions
// answered only in another language, 0.539 for Spanish questions, the weakest language, on both
// databases), rounded down to the next 0.05: a guard against regressions, not a target. The
// issue's targets (recall@10 0.9 and nDCG@10 0.8 overall, recall@10 0.85 on questions answered
// in another language, no question language below 0.8) are not yet met.
const FLOORS = {
  recall: 0.65,
  ndcg: 0.6,
  recallAnsweredElsewhere: 0.6,
  recallWorstLanguage: 0.5,
};

describe.each(dialects)('relevance on the held-out set on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let imported: Awaited<ReturnType<typeof importPractices>>;
  const scores: { query: JudgedQuery; recall: number; ndcg: number }[] = [];
  const recallOf = (subset: typeof scores) => mean(subset.map((s) => s.recall));

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    imported = await importPractices(
      database.db,
      (async function* () {
        let number = 0;
        for (const value of practices) yield { number: ++number, value };
      })(),
    );
    const externalIds = new Map(
      (await database.db.selectFrom('practices').select(['id', 'external_id']).execute()).map(
        (r) => [r.id, r.external_id],
      ),
    );
    for (const query of queries) {
      const run = (q: string) =>
        search(database.db, {
          q,
          filters: NONE,
          page: 1,
          perPage: 10,
          sort: 'relevance',
          locale: 'en',
          log: false,
        });
      let result = await run(query.query);
      if (query.kind === 'typo' && result.didYouMean) result = await run(result.didYouMean);
      const ranked = result.hits.map((h) => externalIds.get(h.card.id) as string);
      scores.push({
        query,
        recall: recallAt(ranked, query.relevant, 10),
        ndcg: ndcgAt(ranked, query.relevant, 10),
      });
    }
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
});
