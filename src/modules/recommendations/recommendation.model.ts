/** Who a recommendation speaks to; the labels are the practice levels' (level.<id>). */
export const AUDIENCES = ['local', 'national', 'international'] as const;
export type Audience = (typeof AUDIENCES)[number];

export function isAudience(value: unknown): value is Audience {
  return typeof value === 'string' && (AUDIENCES as readonly string[]).includes(value);
}

/** A cell of the matrix with fewer supporting practices than this is marked as thin evidence. */
export const THIN_EVIDENCE_BELOW = 2;

export const RECOMMENDATIONS_PER_PAGE = 20;
export const MAX_RECOMMENDATIONS_PER_PAGE = 100;

/** Paths the slug of a recommendation must not take: they are pages of their own. */
export const RESERVED_SLUGS = ['matrix'];

export const TITLE_MAX = 300;
export const BODY_MAX = 20_000;
export const NOTE_MAX = 1_000;
