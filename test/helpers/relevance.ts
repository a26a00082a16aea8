import type { Db } from '../../src/db/connect.ts';
import { importPractices } from '../../src/modules/practices/practice-interchange.service.ts';
import { FACETS } from '../../src/modules/search/facet-store.ts';
import { type SearchFilters, search } from '../../src/modules/search/practice-search.service.ts';

/** The measures and the run shared by the relevance tests (the labelled and the held-out set). */
export interface Judged {
  query: string;
  kind: string;
  relevant: string[];
  /** Graded judgements (3 the answer, 2 clearly relevant, 1 partly): nDCG then uses them as gains. */
  grades?: Record<string, number>;
}

export function recallAt(ranked: string[], relevant: string[], k: number): number {
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / Math.min(relevant.length, k);
}

export function ndcgAt(
  ranked: string[],
  relevant: string[],
  k: number,
  grades?: Record<string, number>,
): number {
  // Binary gains unless graded judgements are given; graded gains follow 2^grade - 1.
  const gain = (id: string) =>
    grades ? 2 ** (grades[id] ?? 0) - 1 : relevant.includes(id) ? 1 : 0;
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    dcg += gain(id) / Math.log2(i + 2);
  });
  const best = relevant.map(gain).sort((a, b) => b - a);
  let ideal = 0;
  for (let i = 0; i < Math.min(best.length, k); i++)
    ideal += (best[i] as number) / Math.log2(i + 2);
  return dcg / ideal;
}

export const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export function importCorpus(db: Db, records: unknown[]) {
  return importPractices(
    db,
    (async function* () {
      let number = 0;
      for (const value of records) yield { number: ++number, value };
    })(),
  );
}

const NONE = Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as SearchFilters;

/**
 * Each query's recall@10 and nDCG@10 against its judgements. A misspelt query is scored on the
 * "did you mean" suggestion, as a reader would follow it.
 */
export async function scoreQueries<Q extends Judged>(
  db: Db,
  queries: Q[],
): Promise<{ query: Q; recall: number; ndcg: number }[]> {
  const externalIds = new Map(
    (await db.selectFrom('practices').select(['id', 'external_id']).execute()).map((r) => [
      r.id,
      r.external_id,
    ]),
  );
  const run = (q: string) =>
    search(db, {
      q,
      filters: NONE,
      page: 1,
      perPage: 10,
      sort: 'relevance',
      locale: 'en',
      log: false,
    });
  const scores: { query: Q; recall: number; ndcg: number }[] = [];
  for (const query of queries) {
    let result = await run(query.query);
    if (query.kind === 'typo' && result.didYouMean) result = await run(result.didYouMean);
    const ranked = result.hits.map((h) => externalIds.get(h.card.id) as string);
    scores.push({
      query,
      recall: recallAt(ranked, query.relevant, 10),
      ndcg: ndcgAt(ranked, query.relevant, 10, query.grades),
    });
  }
  return scores;
}
