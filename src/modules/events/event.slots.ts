import type { FastifyRequest } from 'fastify';
import type { ViewContext } from '../../core/http/view-context.ts';
import type { Db } from '../../db/connect.ts';
import type { EventDetail } from './event.service.ts';

/**
 * Places on an event's page that other modules fill (the press items about the event): the page
 * declares them, a module exports a panel, and app.ts lists each slot's panels in order:
 *
 *   await app.register(eventPages, { slots: { afterArticle: [eventPressPanel] } });
 *
 * A panel with nothing to show renders ''.
 */
export interface EventPanelInput {
  /** The database the page reads from (the read replica when there is one). */
  db: Db;
  request: FastifyRequest;
  ctx: ViewContext;
  event: EventDetail;
}

export type EventPanel = (input: EventPanelInput) => Promise<JSX.Element>;

export interface EventPageSlots {
  /** Below the event itself, before the practices presented at it. */
  afterArticle?: EventPanel[];
}

export interface EventPagesOptions {
  slots?: EventPageSlots;
}
