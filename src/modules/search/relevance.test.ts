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
 * Relevance on a labelled collection (test/fixtures/search-corpus.json, 72 practices in six
 * languages; search-queries.json, 48 queries judged by meaning). Misspelt queries are scored on
 * the "did you mean" suggestion, as a reader would follow it.
 */
interface LabelledQuery {
  id: string;
  query: string;
  language: string;
  kind: 'monolingual' | 'cross-lingual' | 'synonym' | 'typo' | 'place';
  relevant: string[];
  corrected?: string;
}

const corpus = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/search-corpus.json', import.meta.url), 'utf8'),
) as { external_id: string }[];
const queries = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/search-queries.json', import.meta.url), 'utf8'),
) as LabelledQuery[];

describe.each(dialects)('relevance on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  const scores: { query: LabelledQuery; recall: number; ndcg: number }[] = [];

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    const report = await importCorpus(database.db, corpus);
    expect(report.problems).toEqual([]);
    scores.push(...(await scoreQueries(database.db, queries)));
    const rows = (label: string, subset: typeof scores) =>
      `  ${label.padEnd(14)} ${String(subset.length).padStart(3)}   recall@10 ${mean(subset.map((s) => s.recall)).toFixed(3)}   nDCG@10 ${mean(subset.map((s) => s.ndcg)).toFixed(3)}`;
    const lines = [`relevance on ${dialect}:`, rows('all', scores)];
    for (const kind of ['cross-lingual', 'monolingual', 'synonym', 'typo', 'place'])
      lines.push(
        rows(
          kind,
          scores.filter((s) => s.query.kind === kind),
        ),
      );
    for (const language of ['ar', 'en', 'es', 'fr', 'ru', 'zh'])
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

  it('finds cross-lingual answers: recall@10 at least 0.95', () => {
    expect(
      mean(scores.filter((s) => s.query.kind === 'cross-lingual').map((s) => s.recall)),
    ).toBeGreaterThanOrEqual(0.95);
  });

  it('finds answers overall: recall@10 at least 0.95 and nDCG@10 at least 0.9', () => {
    expect(mean(scores.map((s) => s.recall))).toBeGreaterThanOrEqual(0.95);
    expect(mean(scores.map((s) => s.ndcg))).toBeGreaterThanOrEqual(0.9);
  });

  it('works in every language of the queries: recall@10 at least 0.9 each', () => {
    for (const language of ['ar', 'en', 'es', 'fr', 'ru', 'zh']) {
      expect(
        mean(scores.filter((s) => s.query.language === language).map((s) => s.recall)),
        language,
      ).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('corrects misspelt queries, shown at once or through "did you mean"', () => {
    expect(
      mean(scores.filter((s) => s.query.kind === 'typo').map((s) => s.recall)),
    ).toBeGreaterThanOrEqual(0.9);
  });
});
