import type { Generated, Selectable } from 'kysely';

export interface ResourceTable {
  id: Generated<number>;
  slug: string;
  /** One of RESOURCE_TYPES (resource.ts). */
  type: string;
  title: string;
  abstract: string;
  /** Authors or publisher, as written on the resource. */
  authors: string;
  year: number | null;
  /** BCP-47 tag of the original. */
  language: string;
  link_url: string | null;
  file_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export type ResourceRow = Selectable<ResourceTable>;

export interface ResourceTranslationTable {
  resource_id: number;
  locale: string;
  title: string;
  abstract: string;
  /** YYYY-MM-DD the translation was last saved; null for those made before it was kept. */
  translated_on: string | null;
}

export interface ResourceThemeTable {
  resource_id: number;
  theme_id: string;
}

/** One row per resource per language version; the text itself lives in the engine's index. */
export interface ResourceSearchDocumentTable {
  id: Generated<number>;
  resource_id: number;
  locale: string;
  is_original: number;
}
