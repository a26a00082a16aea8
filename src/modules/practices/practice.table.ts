import type { Generated, Selectable } from 'kysely';

export const SECTION_KEYS = [
  'context',
  'objectives',
  'activities',
  'results',
  'evaluation',
  'lessons',
  'transferability',
  'budget',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

type SectionColumns = { [K in SectionKey]: string | null };

export interface PracticeTable extends SectionColumns {
  id: Generated<number>;
  slug: string;
  external_id: string;
  title: string;
  summary: string;
  type: string | null;
  /** BCP-47 tag of the original text. */
  language: string;
  status: string | null;
  start_year: number | null;
  end_year: number | null;
  level: string | null;
  country_code: string;
  city_id: number | null;
  /** The city exactly as the source wrote it (kept even when matched to the gazetteer). */
  city_name: string | null;
  evidence_level: string;
  illustrative: number;
  source_url: string | null;
  /** Why the editor set this evidence level (empty for imported practices). */
  evidence_justification: string | null;
  /** Reviewers who completed a review of the published version; null when it was not reviewed. */
  peer_reviewers: number | null;
  /** When the editors decided on those reviews; null for imported or legacy practices. */
  peer_reviewed_at: string | null;
  /** The editors' reason for publishing with fewer than two completed reviews. */
  review_override: string | null;
  /** Set when an editor archives the practice: still readable, no longer listed or found. */
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PracticeTranslationTable extends SectionColumns {
  practice_id: number;
  locale: string;
  title: string | null;
  summary: string | null;
  translated_at: string | null;
  /** 1 when it began as machine translation and an editor read it before publishing it. */
  machine_reviewed: Generated<number>;
}

export interface PracticeConceptTable {
  practice_id: number;
  scheme: string;
  concept_id: string;
  position: number;
}

export interface PracticeOrganisationTable {
  practice_id: number;
  organisation_id: number;
  role: string;
  position: number;
}

export interface PracticeSourceTable {
  practice_id: number;
  position: number;
  title: string | null;
  url: string;
}

export interface PracticeVersionTable {
  id: Generated<number>;
  practice_id: number;
  version: number;
  /** JSON: the practice as an interchange record. */
  data: string;
  submission_id: number | null;
  published_by: number | null;
  published_at: string;
}

export interface PracticeFileTable {
  practice_id: number;
  file_id: number;
  position: number;
}

export type PracticeRow = Selectable<PracticeTable>;
export type PracticeTranslationRow = Selectable<PracticeTranslationTable>;
