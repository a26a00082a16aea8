import type { FastifyRequest } from 'fastify';
import type { ViewContext } from '../../core/http/view-context.ts';
import type { Db } from '../../db/connect.ts';
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

/** An event or a document of the library that a recommendation may come from. */
export interface SourceChoice {
  id: number;
  slug: string;
  title: string;
}

/**
 * The events and documents recommendations may come from. Events and the library sit beside
 * recommendations, so app.ts gives their lists to the recommendation pages and API:
 *
 *   const sources = { events: listEventChoices, resources: listResourceChoices };
 *   await app.register(recommendationApi, { sources });
 */
export interface RecommendationSources {
  events(db: Db): Promise<SourceChoice[]>;
  resources(db: Db): Promise<SourceChoice[]>;
}

export interface RecommendationApiOptions {
  sources: RecommendationSources;
}

export interface RecommendationPagesOptions extends RecommendationApiOptions {
  slots?: RecommendationPageSlots;
}
