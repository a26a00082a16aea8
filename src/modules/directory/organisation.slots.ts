import type { FastifyRequest } from 'fastify';
import type { ViewContext } from '../../core/http/view-context.ts';
import type { Db } from '../../db/connect.ts';
import type { OrganisationProfile, PracticeCounter } from './organisation.service.ts';

/**
 * What the directory shows that modules above it own: the practices and events of an
 * organisation on its profile page, and the number of practices in the list and the API. The
 * directory declares these slots, the modules export a panel or a counter, and app.ts wires them:
 *
 *   await app.register(organisationPages, {
 *     countPractices: countPracticesOfOrganisations,
 *     slots: { end: [organisationPracticesPanel, organisationEventsPanel] },
 *   });
 *
 * A panel with nothing to show renders ''.
 */
export interface OrganisationPanelInput {
  /** The database the page reads from (the read replica when there is one). */
  db: Db;
  request: FastifyRequest;
  ctx: ViewContext;
  organisation: OrganisationProfile;
}

export type OrganisationPanel = (input: OrganisationPanelInput) => Promise<JSX.Element>;

export interface OrganisationPageSlots {
  /** At the end of the profile page. */
  end?: OrganisationPanel[];
}

export interface OrganisationApiOptions {
  countPractices: PracticeCounter;
}

export interface OrganisationPagesOptions extends OrganisationApiOptions {
  slots?: OrganisationPageSlots;
}
