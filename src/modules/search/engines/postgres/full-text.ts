import { sql } from 'kysely';
import type { Db } from '../../../../db/connect.ts';
import {
  type Collection,
  type IndexedDocument,
  type SearchIndex,
  sanitize,
  type TextExpr,
} from '../search-index.ts';

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
      return `(${expr.tokens.map((t, i) => `'${t}'${expr.prefix && i === expr.tokens.length - 1 ? ':*' : ''}`).join(' <-> ')})`;
    case 'or':
      return `(${expr.items.map(compile).join(' | ')})`;
    case 'and':
      return `(${expr.items.map(compile).join(' & ')})`;
  }
}

/** Each collection's table of weighted vectors, one row per language version. */
const TABLES = {
  practices: { documents: 'search_documents', owner: 'practice_id' },
  resources: { documents: 'resource_search_documents', owner: 'resource_id' },
} as const satisfies Record<Collection, { documents: string; owner: string }>;

function postgresIndexOf(collection: Collection): SearchIndex {
  const documentsTable = sql.table(TABLES[collection].documents);
  const owner = sql.ref(TABLES[collection].owner);
  return {
    async replaceDocuments(db: Db, itemId: number, documents: IndexedDocument[], fresh = false) {
      if (!fresh) await sql`delete from ${documentsTable} where ${owner} = ${itemId}`.execute(db);
      for (const doc of documents) {
        await sql`insert into ${documentsTable} (${owner}, locale, is_original, tsv) values (
        ${itemId}, ${doc.locale}, ${doc.isOriginal ? 1 : 0},
        setweight(to_tsvector('simple', ${doc.title}), 'A') ||
        setweight(to_tsvector('simple', ${doc.summary}), 'B') ||
        setweight(to_tsvector('simple', ${doc.body}), 'C'))`.execute(db);
      }
    },

    async match(db: Db, expr: TextExpr, options: { scored?: boolean; ids?: number[] } = {}) {
      const safe = sanitize(expr);
      const scores = new Map<number, number>();
      if (!safe || options.ids?.length === 0) return scores;
      const among = options.ids ? sql`and ${owner} = any(${options.ids})` : sql``;
      if (options.scored === false) {
        // Membership only: the GIN index answers without reading each document's vector for a rank.
        const rows = await sql<{ item_id: number }>`
        select distinct ${owner} as item_id from ${documentsTable} where tsv @@ to_tsquery('simple', ${compile(safe)}) ${among}`.execute(
          db,
        );
        for (const row of rows.rows) scores.set(row.item_id, 1);
        return scores;
      }
      const rows = await sql<{ item_id: number; score: number }>`
      select ${owner} as item_id, max(ts_rank('{0.025, 0.1, 0.4, 1.0}', tsv, q)) as score
      from ${documentsTable}, to_tsquery('simple', ${compile(safe)}) q
      where tsv @@ q ${among}
      group by ${owner}`.execute(db);
      for (const row of rows.rows) scores.set(row.item_id, Number(row.score));
      return scores;
    },

    async clear(db: Db) {
      await sql`delete from ${documentsTable}`.execute(db);
    },
  };
}

const INDEXES: Record<Collection, SearchIndex> = {
  practices: postgresIndexOf('practices'),
  resources: postgresIndexOf('resources'),
};

/** The PostgreSQL index of a collection. */
export function postgresSearchIndex(collection: Collection = 'practices'): SearchIndex {
  return INDEXES[collection];
}
