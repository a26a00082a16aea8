import type { Locale } from '../../core/i18n/locales.ts';

/** Concept schemes. Themes hang under policy areas; the rest are flat lists. */
export const SCHEMES = [
  'policy-area',
  'theme',
  'target-group',
  'actor-type',
  'gcm-objective',
  'sdg-target',
] as const;
export type Scheme = (typeof SCHEMES)[number];

export interface TaxonomyFileConcept {
  scheme: Scheme;
  id: string;
  parent: string | null;
  labels: Record<Locale, string>;
  synonyms: Record<Locale, string[]>;
  definitions: Record<Locale, string>;
}

export interface TaxonomyFile {
  version: number;
  concepts: TaxonomyFileConcept[];
}

export interface Concept {
  scheme: Scheme;
  id: string;
  parentId: string | null;
  position: number;
  label: string;
  definition: string;
  synonyms: string[];
}
