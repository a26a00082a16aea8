import { sql } from 'kysely';
import {
  type IndexedDocument,
  type SearchIndex,
  sanitize,
  type TextExpr,
} from '../../../modules/search/search-index.ts';
import type { Db } from '../../connect.ts';

/**
 * PostgreSQL: a weighted tsvector per document (A title, B summary, C body) built with the
 * `simple` configuration from text the application has already analysed, a GIN index, and
 * ts_rank with weights in the same proportion as SQLite's BM25 field weights.
 *
 *   compile({ op: 'phrase', tokens: ['social', 'housing'] }) // "('social' <-> 'housing')"
 */
export function compile(expr: TextExpr): string {
  switch (expr.op) {
    case 'token':
      return `'${expr.token}'${expr.prefix ? ':*' : ''}`;
    case 'phrase':
      return `(${expr.tokens.map((t) => `'${t}'`).join(' <-> ')})`;
    case 'or':
      return `(${expr.items.map(compile).join(' | ')})`;
    case 'and':
      return `(${expr.items.map(compile).join(' & ')})`;
  }
}

export const postgresSearchIndex: SearchIndex = {
  async replaceDocuments(db: Db, practiceId: number, documents: IndexedDocument[], fresh = false) {
    if (!fresh)
      await db.deleteFrom('search_documents').where('practice_id', '=', practiceId).execute();
    for (const doc of documents) {
      await sql`insert into search_documents (practice_id, locale, is_original, tsv) values (
        ${practiceId}, ${doc.locale}, ${doc.isOriginal ? 1 : 0},
        setweight(to_tsvector('simple', ${doc.title}), 'A') ||
        setweight(to_tsvector('simple', ${doc.summary}), 'B') ||
        setweight(to_tsvector('simple', ${doc.body}), 'C'))`.execute(db);
    }
  },

  async match(db: Db, expr: TextExpr, options: { scored?: boolean } = {}) {
    const safe = sanitize(expr);
    const scores = new Map<number, number>();
    if (!safe) return scores;
    if (options.scored === false) {
      // Membership only: the GIN index answers without reading each document's vector for a rank.
      const rows = await sql<{ practice_id: number }>`
        select distinct practice_id from search_documents where tsv @@ to_tsquery('simple', ${compile(safe)})`.execute(
        db,
      );
      for (const row of rows.rows) scores.set(row.practice_id, 1);
      return scores;
    }
    const rows = await sql<{ practice_id: number; score: number }>`
      select practice_id, max(ts_rank('{0.025, 0.1, 0.4, 1.0}', tsv, q)) as score
      from search_documents, to_tsquery('simple', ${compile(safe)}) q
      where tsv @@ q
      group by practice_id`.execute(db);
    for (const row of rows.rows) scores.set(row.practice_id, Number(row.score));
    return scores;
  },

  async clear(db: Db) {
    await db.deleteFrom('search_documents').execute();
  },
};
