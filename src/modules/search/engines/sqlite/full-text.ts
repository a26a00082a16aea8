import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../../../db/connect.ts';
import {
  type Collection,
  type IndexedDocument,
  type SearchIndex,
  sanitize,
  type TextExpr,
} from '../search-index.ts';

/**
 * SQLite FTS5: a contentless table per collection (the text lives in `practices` or
 * `resources`), columns t (title), s (summary) and b (body), ranked by BM25 with field weights
 * 10, 4 and 1.
 *
 *   compile({ op: 'or', items: [{ op: 'token', token: 'housing' }, { op: 'phrase', tokens: ['social', 'housing'] }] })
 *   // '("housing" OR "social housing")'
 */
export function compile(expr: TextExpr): string {
  switch (expr.op) {
    case 'token':
      return `"${expr.token}"${expr.prefix ? '*' : ''}`;
    case 'phrase':
      return `"${expr.tokens.join(' ')}"${expr.prefix ? '*' : ''}`;
    case 'or':
      return `(${expr.items.map(compile).join(' OR ')})`;
    case 'and':
      return `(${expr.items.map(compile).join(' AND ')})`;
  }
}

/**
 * FTS5 rowids carry the item: rowid = item id × 64 + version number, so matching needs no
 * join (and bm25() may only be called directly on the FTS table).
 */
const VERSIONS_PER_ITEM = 64;

/** Each collection's tables: a contentless FTS5 table and the row per language version. */
const TABLES = {
  practices: { fts: 'practice_fts', documents: 'search_documents', owner: 'practice_id' },
  resources: { fts: 'resource_fts', documents: 'resource_search_documents', owner: 'resource_id' },
} as const satisfies Record<Collection, { fts: string; documents: string; owner: string }>;

function sqliteIndexOf(collection: Collection): SearchIndex {
  const names = TABLES[collection];
  const fts = sql.table(names.fts);
  const documentsTable = sql.table(names.documents);
  const owner = sql.ref(names.owner);
  return {
    async replaceDocuments(db: Db, itemId: number, documents: IndexedDocument[], fresh = false) {
      const first = itemId * VERSIONS_PER_ITEM;
      if (!fresh) {
        // Delete the rows known to exist, one by one: a rowid range makes FTS5 scan.
        const old = await sql<{
          id: number;
        }>`select id from ${documentsTable} where ${owner} = ${itemId}`.execute(db);
        for (const { id } of old.rows)
          await sql`delete from ${fts} where rowid = ${id}`.execute(db);
        await sql`delete from ${documentsTable} where ${owner} = ${itemId}`.execute(db);
      }
      for (const [n, doc] of documents.slice(0, VERSIONS_PER_ITEM).entries()) {
        const id = first + n;
        await sql`insert into ${documentsTable} (id, ${owner}, locale, is_original) values (${id}, ${itemId}, ${doc.locale}, ${doc.isOriginal ? 1 : 0})`.execute(
          db,
        );
        await sql`insert into ${fts} (rowid, t, s, b) values (${id}, ${doc.title}, ${doc.summary}, ${doc.body})`.execute(
          db,
        );
      }
    },

    async match(db: Db, expr: TextExpr, options: { scored?: boolean; ids?: number[] } = {}) {
      const safe = sanitize(expr);
      const scores = new Map<number, number>();
      if (!safe || options.ids?.length === 0) return scores;
      const run = (among: RawBuilder<unknown>) =>
        options.scored === false
          ? sql<{
              rowid: number;
              score: number;
            }>`select rowid, 1 as score from ${fts} where ${fts} match ${compile(safe)} ${among}`.execute(
              db,
            )
          : sql<{ rowid: number; score: number }>`
      select rowid, -bm25(${fts}, 10.0, 4.0, 1.0) as score from ${fts} where ${fts} match ${compile(safe)} ${among}`.execute(
              db,
            );
      // A few items: one range of rowids each, which FTS5 reads directly (BM25 keeps the whole
      // table's statistics, so each score is the one an unrestricted match gives).
      const results = options.ids
        ? await Promise.all(
            options.ids.map((id) =>
              run(
                sql`and rowid >= ${id * VERSIONS_PER_ITEM} and rowid < ${(id + 1) * VERSIONS_PER_ITEM}`,
              ),
            ),
          )
        : [await run(sql``)];
      for (const row of results.flatMap((r) => r.rows)) {
        const itemId = Math.floor(row.rowid / VERSIONS_PER_ITEM);
        if ((scores.get(itemId) ?? Number.NEGATIVE_INFINITY) < row.score)
          scores.set(itemId, row.score);
      }
      return scores;
    },

    async clear(db: Db) {
      await sql`delete from ${fts}`.execute(db);
      await sql`delete from ${documentsTable}`.execute(db);
    },
  };
}

const INDEXES: Record<Collection, SearchIndex> = {
  practices: sqliteIndexOf('practices'),
  resources: sqliteIndexOf('resources'),
};

/** The SQLite index of a collection. */
export function sqliteSearchIndex(collection: Collection = 'practices'): SearchIndex {
  return INDEXES[collection];
}
