import type { Db } from '../../../db/connect.ts';

/**
 * One interface, two engines (SQLite FTS5, PostgreSQL tsvector + GIN). Both index the same
 * analysed tokens (see ../text-analysis.ts); each compiles the same expression to its own syntax.
 */
export type TextExpr =
  | { op: 'token'; token: string; prefix?: boolean }
  /** `prefix`: the last word may go on ("asylum seeker" finds "asylum seekers"). */
  | { op: 'phrase'; tokens: string[]; prefix?: boolean }
  | { op: 'or'; items: TextExpr[] }
  | { op: 'and'; items: TextExpr[] };

/**
 * What an index holds: practices, or the resources of the library. Each collection has its own
 * tables and the same text analysis, query syntax and ranking.
 */
export const COLLECTIONS = ['practices', 'resources'] as const;
export type Collection = (typeof COLLECTIONS)[number];

/** One language version of an item (a practice, a resource), with each field already analysed. */
export interface IndexedDocument {
  locale: string;
  isOriginal: boolean;
  title: string;
  summary: string;
  body: string;
}

export interface SearchIndex {
  /**
   * Replaces every indexed version of an item (none removes it from the index). `fresh`
   * says the item is not indexed yet (a rebuild after `clear`), so nothing is deleted.
   */
  replaceDocuments(
    db: Db,
    itemId: number,
    documents: IndexedDocument[],
    fresh?: boolean,
  ): Promise<void>;
  /**
   * Items whose text matches, by id, with a relevance score (higher is better; field-weighted).
   * With `scored: false` every match scores 1, which is much cheaper for broad expressions.
   * With `ids`, only among those items (an item's score is the same as without).
   */
  match(
    db: Db,
    expr: TextExpr,
    options?: { scored?: boolean; ids?: number[] },
  ): Promise<Map<number, number>>;
  /** Empties the index (before a full rebuild). */
  clear(db: Db): Promise<void>;
}

const TOKEN = /^[\p{L}\p{N}]+$/u;

/** Drops anything that is not a plain token: engine syntax never reaches an engine from a user. */
export function sanitize(expr: TextExpr): TextExpr | null {
  switch (expr.op) {
    case 'token':
      return TOKEN.test(expr.token) ? expr : null;
    case 'phrase': {
      const tokens = expr.tokens.filter((t) => TOKEN.test(t));
      if (tokens.length === 0) return null;
      const prefix = expr.prefix === true;
      if (tokens.length === 1) return { op: 'token', token: tokens[0] as string, prefix };
      return prefix ? { op: 'phrase', tokens, prefix } : { op: 'phrase', tokens };
    }
    default: {
      const items = expr.items.map(sanitize).filter((x): x is TextExpr => x !== null);
      if (items.length === 0) return null;
      return items.length === 1 ? (items[0] as TextExpr) : { op: expr.op, items };
    }
  }
}
