import type { Generated } from 'kysely';

export interface SearchDocumentTable {
  id: Generated<number>;
  practice_id: number;
  locale: string;
  is_original: number;
}

export interface SearchTermTable {
  term: string;
  documents: number;
}

export interface SearchLogTable {
  id: Generated<number>;
  query: string;
  /** The filters as JSON, e.g. {"theme":["housing"]}. */
  filters: string;
  result_count: number;
  locale: string;
  took_ms: number;
  created_at: string;
}

/** An item the index changed, for other processes to update their search state (a day long). */
export interface SearchChangeTable {
  id: Generated<number>;
  /** 'practices', 'resources', or 'all' after a rebuild of the whole index. */
  collection: string;
  item_id: number;
  changed_at: string;
}
