import type { FastifyRequest } from 'fastify';
import type { ViewContext } from '../../core/http/view-context.ts';
import type { Db } from '../../db/connect.ts';
import type { CityProfile } from './city.service.ts';

/**
 * A place on the city page that a module above cities fills (the city's self-assessment
 * results): app.ts lists the panels when it registers the pages.
 *
 *   await app.register(cityPages, { slots: { afterFacts: [cityAssessmentPanel] } });
 *
 * A panel with nothing to show renders ''. A panel that shows something private to the reader
 * sets `private`, so the page is not kept by a shared cache.
 */
export interface CityPanelInput {
  db: Db;
  request: FastifyRequest;
  ctx: ViewContext;
  city: CityProfile;
}

export type CityPanel = (input: CityPanelInput) => Promise<{ html: JSX.Element; private: boolean }>;

export interface CityPagesOptions {
  slots?: {
    /** After the key facts, before the practices. */
    afterFacts?: CityPanel[];
  };
}
