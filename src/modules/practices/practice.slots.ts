import type { FastifyRequest } from 'fastify';
import type { ViewContext } from '../../core/http/view-context.ts';
import type { Db } from '../../db/connect.ts';
import type { PracticeDetail } from './practice-detail.service.ts';

/**
 * Places on the practice page that modules above practices fill (the recommendations it
 * supports, its discussion): the page declares them, each module exports a panel, and app.ts
 * lists each slot's panels in order:
 *
 *   await app.register(practicePages, {
 *     slots: { afterArticle: [supportedRecommendationsPanel], end: [practiceDiscussionPanel] },
 *   });
 *
 * A panel with nothing to show renders ''.
 */
export interface PracticePanelInput {
  /** The database the page reads from (the read replica when there is one). */
  db: Db;
  request: FastifyRequest;
  ctx: ViewContext;
  practice: PracticeDetail;
}

export type PracticePanel = (input: PracticePanelInput) => Promise<JSX.Element>;

export interface PracticePageSlots {
  /** Below the practice itself, before the tools (shortlist, brief, contact). */
  afterArticle?: PracticePanel[];
  /** At the end of the page. */
  end?: PracticePanel[];
}

export interface PracticePagesOptions {
  slots?: PracticePageSlots;
}
