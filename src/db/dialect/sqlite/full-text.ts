import { sql } from 'kysely';
import {
  type IndexedDocument,
  type SearchIndex,
  sanitize,
  type TextExpr,
} from '../../../modules/search/search-index.ts';
import type { Db } from '../../connect.ts';

/**
 * SQLite FTS5: a contentless table (the text lives in `practices`), columns t (title),
 * s (summary) and b (body), ranked by BM25 with field weights 10, 4 and 1.
 *
 *   compile({ op: 'or', items: [{ op: 'token', token: 'housing' }, { op: 'phrase', tokens: ['social', 'housing'] }] })
 *   // '("housing" OR "social housing")'
 */
export function compile(expr: TextExpr): string {
  switch (expr.op) {
    case 'token':
      return `"${expr.token}"${expr.prefix ? '*' : ''}`;
    case 'phrase':
      return `"${expr.tokens.join(' ')}"`;
    case 'or':
      return `(${expr.items.map(compile).join(' OR ')})`;
    case 'and':
      return `(${expr.items.map(compile).join(' AND ')})`;
  }
}

/**
 * FTS5 rowids carry the practice: rowid = practice id × 64 + version number, so matching needs no
 * join (and bm25() may only be called directly on the FTS table).
 */
const VERSIONS_PER_PRACTICE = 64;

export const sqliteSearchIndex: SearchIndex = {
  async replaceDocuments(db: Db, practiceId: number, documents: IndexedDocument[], fresh = false) {
    const first = practiceId * VERSIONS_PER_PRACTICE;
    if (!fresh) {
      // Delete the rows known to exist, one by one: a rowid range makes FTS5 scan.
      const old = await db
        .selectFrom('search_documents')
        .select('id')
        .where('practice_id', '=', practiceId)
        .execute();
      for (const { id } of old) await sql`delete from practice_fts where rowid = ${id}`.execute(db);
      await db.deleteFrom('search_documents').where('practice_id', '=', practiceId).execute();
    }
    for (const [n, doc] of documents.slice(0, VERSIONS_PER_PRACTICE).entries()) {
      const id = first + n;
      await db
        .insertInto('search_documents')
        .values({
          id,
          practice_id: practiceId,
          locale: doc.locale,
          is_original: doc.isOriginal ? 1 : 0,
        })
        .execute();
      await sql`insert into practice_fts (rowid, t, s, b) values (${id}, ${doc.title}, ${doc.summary}, ${doc.body})`.execute(
        db,
      );
    }
  },
  async match(db: Db, expr: TextExpr, options: { scored?: boolean } = {}) {
    const safe = sanitize(expr);
    const scores = new Map<number, number>();
    if (!safe) return scores;
    const rows =
      options.scored === false
        ? await sql<{
            rowid: number;
            score: number;
          }>`select rowid, 1 as score from practice_fts where practice_fts match ${compile(safe)}`.execute(
            db,
          )
        : await sql<{ rowid: number; score: number }>`
      select rowid, -bm25(practice_fts, 10.0, 4.0, 1.0) as score from practice_fts where practice_fts match ${compile(safe)}`.execute(
            db,
          );
    for (const row of rows.rows) {
      const practiceId = Math.floor(row.rowid / VERSIONS_PER_PRACTICE);
      if ((scores.get(practiceId) ?? Number.NEGATIVE_INFINITY) < row.score)
        scores.set(practiceId, row.score);
    }
    return scores;
  },

  async clear(db: Db) {
    await sql`delete from practice_fts`.execute(db);
    await db.deleteFrom('search_documents').execute();
  },
};
