import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';

/**
 * What the library asks of a search engine, in its own terms. Search (a module above the library)
 * answers it: system/wiring.ts gives it `searchResources` with `provideResourceSearch`, so the
 * library never imports search, and search reads the library through its service.
 */

/** The facets of the library: what a resource is, its themes, the language it is written in. */
export const RESOURCE_FACETS = ['type', 'theme', 'language'] as const;
export type ResourceFacet = (typeof RESOURCE_FACETS)[number];

/** A run of a snippet's text; `mark` where it matched the query. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

/** A concept the query named (a theme, a country), labelled in the reader's language. */
export interface NamedConcept {
  kind: string;
  id: string;
  label: string;
  /** The words of the query that named it. */
  matched: string;
}

export interface ResourceSearchInput {
  q: string;
  /** Values already checked by the caller; repeat for OR within a facet. */
  filters: Record<ResourceFacet, string[]>;
  /** Publication years, both ends included; a resource without a year is left out by either. */
  yearFrom: number | null;
  yearTo: number | null;
  page: number;
  perPage: number;
  locale: Locale;
}

export interface ResourceHit {
  id: number;
  /** The language version the snippet comes from: the reader's when translated, else the original. */
  displayLanguage: string;
  snippet: SnippetPart[];
  score: number;
}

export interface ResourceSearchResult {
  q: string;
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
  hits: ResourceHit[];
  /** Counts per value, each facet counted with the other selected filters applied. */
  facets: Record<ResourceFacet, { id: string; count: number; selected: boolean }[]>;
  concepts: NamedConcept[];
  relaxed: boolean;
}

export type ResourceSearch = (db: Db, input: ResourceSearchInput) => Promise<ResourceSearchResult>;

let provided: ResourceSearch | undefined;

export function provideResourceSearch(search: ResourceSearch): void {
  provided = search;
}

export function searchResources(db: Db, input: ResourceSearchInput): Promise<ResourceSearchResult> {
  if (!provided) throw new Error('no resource search: call wireModules() (system/wiring.ts) first');
  return provided(db, input);
}
