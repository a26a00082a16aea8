import type { Generated, Selectable } from 'kysely';
import type { SectionKey } from '../practices/index.ts';

export const OFFER_STATES = ['draft', 'submitted', 'returned', 'published'] as const;
export type OfferState = (typeof OFFER_STATES)[number];

type SectionColumns = { [K in SectionKey]: string | null };

/** A member's translation of a practice into one language, from draft to publication. */
export interface TranslationOfferTable extends SectionColumns {
  id: Generated<number>;
  practice_id: number;
  translator_id: number;
  locale: string;
  state: OfferState;
  title: string | null;
  summary: string | null;
  /** 1 when the translator began from the machine translation. */
  machine_assisted: Generated<number>;
  /** Why the editors sent it back, shown to the translator. */
  editor_message: string | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  decided_at: string | null;
  decided_by: number | null;
}

export type TranslationOfferRow = Selectable<TranslationOfferTable>;
