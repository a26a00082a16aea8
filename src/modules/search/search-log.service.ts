import type { Locale } from '../../core/i18n/locales.ts';
import { nowIso } from '../../core/text.ts';
import type { Db } from '../../db/connect.ts';
import { FACETS, type Facet } from './facet-store.ts';
import * as repository from './search.repository.ts';

type LogEntry = Parameters<typeof repository.insertSearchLogs>[1][number];

/**
 * Search log entries wait in memory for at most a second (or 200 entries) and are written in one
 * statement: a search answered from the page cache then costs no write of its own. Entries are
 * flushed when the app closes and before any report reads the log.
 */
class SearchLogBuffer {
  private entries: LogEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db) {}

  add(entry: LogEntry): void {
    this.entries.push(entry);
    if (this.entries.length >= 200) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), 1000);
      this.timer.unref();
    }
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.entries;
    this.entries = [];
    this.flushing = this.flushing
      .then(() => (batch.length > 0 ? repository.insertSearchLogs(this.db, batch) : undefined))
      .catch(() => undefined); // the log is analytics: a failed write must not fail a search
    return this.flushing;
  }
}

const logBuffers = new WeakMap<Db, SearchLogBuffer>();

/** Records a search: the words and filters, how many practices it found; nothing about who. */
export async function logSearch(
  db: Db,
  entry: {
    q: string;
    filters: Record<Facet, string[]>;
    total: number;
    locale: Locale;
    tookMs: number;
  },
): Promise<void> {
  const usedFilters = Object.fromEntries(
    FACETS.filter((f) => entry.filters[f].length > 0).map((f) => [f, entry.filters[f]]),
  );
  let buffer = logBuffers.get(db);
  if (!buffer) {
    buffer = new SearchLogBuffer(db);
    logBuffers.set(db, buffer);
  }
  buffer.add({
    query: entry.q
      .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
      .trim()
      .replace(/\s+/g, ' ')
      .slice(0, 500),
    filters: JSON.stringify(usedFilters),
    result_count: entry.total,
    locale: entry.locale,
    took_ms: entry.tookMs,
    created_at: nowIso(),
  });
}

/** Writes the searches still waiting in memory. */
export async function flushSearchLog(db: Db): Promise<void> {
  await logBuffers.get(db)?.flush();
}

export interface SearchReport {
  from: string;
  to: string;
  searches: number;
  zeroResults: number;
  top: { query: string; searches: number; zeroResults: number }[];
  zero: { query: string; searches: number }[];
}

export async function searchReport(
  db: Db,
  from: string,
  to: string,
  limit = 20,
): Promise<SearchReport> {
  await flushSearchLog(db);
  const [totals, top, zero] = await Promise.all([
    repository.countSearches(db, from, to),
    repository.listTopQueries(db, from, to, limit, false),
    repository.listTopQueries(db, from, to, limit, true),
  ]);
  return {
    from,
    to,
    ...totals,
    top: top.map((r) => ({ query: r.query, searches: r.searches, zeroResults: r.zeroResults })),
    zero: zero.map((r) => ({ query: r.query, searches: r.searches })),
  };
}

export interface FewResultsQuery {
  query: string;
  locale: string;
  /** The country filter the search had, comma-separated; empty without one. */
  country: string;
  /** How many practices the searches found: none, or one or two. */
  results: 'none' | 'few';
  searches: number;
}

/**
 * The most frequent searches that found nothing, then those that found one or two practices, in
 * a period: what users look for and do not find, by language and country filter.
 */
export async function listQueriesWithFewResults(
  db: Db,
  from: string,
  to: string,
  limit = 50,
): Promise<FewResultsQuery[]> {
  await flushSearchLog(db);
  const merged = new Map<string, FewResultsQuery>();
  for (const row of await repository.countSearchesWithFewResults(db, from, to)) {
    let country = '';
    try {
      const filters = JSON.parse(row.filters) as { country?: unknown };
      if (Array.isArray(filters.country)) country = filters.country.map(String).join(',');
    } catch {
      // an unreadable entry counts as one without a country filter
    }
    const results = row.band === 0 ? 'none' : 'few';
    const key = JSON.stringify([row.query, row.locale, country, results]);
    const entry = merged.get(key);
    if (entry) entry.searches += row.searches;
    else
      merged.set(key, {
        query: row.query,
        locale: row.locale,
        country,
        results,
        searches: row.searches,
      });
  }
  const byFrequency = (a: FewResultsQuery, b: FewResultsQuery) =>
    b.searches - a.searches || a.query.localeCompare(b.query) || a.locale.localeCompare(b.locale);
  const all = [...merged.values()];
  return [
    ...all
      .filter((q) => q.results === 'none')
      .sort(byFrequency)
      .slice(0, limit),
    ...all
      .filter((q) => q.results === 'few')
      .sort(byFrequency)
      .slice(0, limit),
  ];
}
