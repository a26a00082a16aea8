import type { OrganisationPanel } from '../directory/index.ts';
import { listEventsForOrganisation } from './event.service.ts';
import { OrganisationEvents } from './views/OrganisationEvents.tsx';

/** The events an organisation took part in, on its profile page (registered in app.ts). */
export const organisationEventsPanel: OrganisationPanel = async ({
  db,
  request,
  ctx,
  organisation,
}) =>
  OrganisationEvents({
    ctx,
    events: await listEventsForOrganisation(db, organisation.id, request.locale),
  });
