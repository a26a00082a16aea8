import type { Generated, Selectable } from 'kysely';

export interface NewsItemTable {
  id: Generated<number>;
  slug: string;
  /** press-release | news */
  kind: string;
  title: string;
  /** The dateline place, e.g. "New York". */
  dateline: string | null;
  /** A calendar date, YYYY-MM-DD, as printed. */
  published_on: string;
  /** Plain text; paragraphs separated by blank lines. */
  body: string;
  language: string;
  speakers_available: number;
  speakers_note: string | null;
  event_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface NewsTranslationTable {
  news_id: number;
  locale: string;
  title: string | null;
  dateline: string | null;
  body: string | null;
  speakers_note: string | null;
  /** YYYY-MM-DD the translation was last saved; null for those made before it was kept. */
  translated_on: string | null;
}

export interface NewsContactTable {
  news_id: number;
  position: number;
  name: string;
  role: string | null;
  organisation: string | null;
  phone: string | null;
  email: string | null;
}

export interface NewsOrganisationTable {
  news_id: number;
  organisation_id: number;
  position: number;
}

export type NewsItemRow = Selectable<NewsItemTable>;
