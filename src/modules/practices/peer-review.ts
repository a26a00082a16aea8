/** The peer review of a published practice, as cards, lists and search show it. */
export interface PeerReviewMark {
  /** Reviewers who completed a review without a conflict of interest (0: the editors' override). */
  reviewers: number;
  /** When the editors decided, ISO 8601. */
  decidedAt: string;
}

/**
 * The mark of a practice's row: null for a practice that never went through review here
 * (imported, or published before peer review began).
 *
 *   peerReviewOf({ peer_reviewers: 2, peer_reviewed_at: '2026-12-01T10:00:00Z' })
 *   // { reviewers: 2, decidedAt: '2026-12-01T10:00:00Z' }
 */
export function peerReviewOf(row: {
  peer_reviewers: number | null;
  peer_reviewed_at: string | null;
}): PeerReviewMark | null {
  return row.peer_reviewed_at === null
    ? null
    : { reviewers: row.peer_reviewers ?? 0, decidedAt: row.peer_reviewed_at };
}

/** Peer reviewed: at least one completed review; an editors' override without one is not. */
export function isPeerReviewed(mark: PeerReviewMark | null): boolean {
  return mark !== null && mark.reviewers > 0;
}
