import type { Generated, Selectable } from 'kysely';

export interface RecommendationTable {
  id: Generated<number>;
  slug: string;
  title: string;
  /** Paragraphs separated by blank lines, shown escaped. */
  body: string;
  /** BCP-47 tag of the original title and body. */
  language: string;
  source_event_id: number | null;
  source_resource_id: number | null;
  /** 1 for the demo content: written to show how recommendations work, not anyone's advice. */
  illustrative: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** A field left null falls back to the original, each field on its own. */
export interface RecommendationTranslationTable {
  recommendation_id: number;
  locale: string;
  title: string | null;
  body: string | null;
}

export interface RecommendationAudienceTable {
  recommendation_id: number;
  audience: string;
}

export interface RecommendationThemeTable {
  recommendation_id: number;
  theme_id: string;
  position: number;
}

export interface RecommendationPracticeTable {
  recommendation_id: number;
  practice_id: number;
  /** How the practice supports the recommendation. */
  note: string;
  position: number;
}

export type RecommendationRow = Selectable<RecommendationTable>;
