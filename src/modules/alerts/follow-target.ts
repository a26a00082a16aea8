import { FACETS, type Facet } from '../search/index.ts';
import type { FollowKind } from './alert.table.ts';

/**
 * What a follow button sends and what is stored, in one canonical form, so that the page can
 * tell whether the reader already follows what it shows:
 *
 *   canonicalSearch('?country=de&q=  housing &theme=b&theme=a&page=2')
 *   // { q: 'housing', filters: { country: ['DE'], theme: ['a', 'b'], … }, target: '?q=housing&theme=a&theme=b&country=DE' }
 */
export const SEARCH_WORDS_MAX = 200;

export interface SavedSearch {
  q: string;
  filters: Record<Facet, string[]>;
  /** The query string, '' for every practice. */
  target: string;
}

export function canonicalSearch(query: string): SavedSearch {
  const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const q = (params.get('q') ?? '').trim().replace(/\s+/g, ' ').slice(0, SEARCH_WORDS_MAX);
  const filters = {} as Record<Facet, string[]>;
  const out = new URLSearchParams();
  if (q !== '') out.append('q', q);
  for (const facet of FACETS) {
    const values = params
      .getAll(facet)
      .map((v) => (facet === 'country' ? v.trim().toUpperCase() : v.trim()))
      .filter((v) => v !== '');
    filters[facet] = [...new Set(values)].sort();
    for (const v of filters[facet]) out.append(facet, v);
  }
  const text = out.toString();
  return { q, filters, target: text === '' ? '' : `?${text}` };
}

/** The canonical target of what a page shows (the same rules the service applies to input). */
export function canonicalTarget(kind: FollowKind, target: string): string {
  if (kind === 'search') return canonicalSearch(target).target;
  if (kind === 'country') return target.trim().toUpperCase();
  return target.trim();
}

export const followKey = (kind: string, target: string) => `${kind}\u0000${target}`;
