import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/connect.ts';
import type { ViewContext } from '../../views/context.ts';
import type { RecommendationDetail } from './recommendation.service.ts';

/**
 * Places on a recommendation's page that modules above recommendations fill (its discussion):
 * the page declares them, a module exports a panel, and app.ts lists each slot's panels in order:
 *
 *   await app.register(recommendationPages, { slots: { end: [recommendationDiscussionPanel] } });
 *
 * A panel with nothing to show renders ''.
 */
export interface RecommendationPanelInput {
  /** The database the page reads from (the read replica when there is one). */
  db: Db;
  request: FastifyRequest;
  ctx: ViewContext;
  recommendation: RecommendationDetail;
}

export type RecommendationPanel = (input: RecommendationPanelInput) => Promise<JSX.Element>;

export interface RecommendationPageSlots {
  /** At the end of the page. */
  end?: RecommendationPanel[];
}

export interface RecommendationPagesOptions {
  slots?: RecommendationPageSlots;
}
