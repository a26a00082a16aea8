import type { OrganisationPanel } from '../directory/index.ts';
import { listPracticesOfOrganisation } from './practice.service.ts';
import { OrganisationPractices } from './views/OrganisationPractices.tsx';

/** The published practices of an organisation, on its profile page (registered in app.ts). */
export const organisationPracticesPanel: OrganisationPanel = async ({
  db,
  request,
  ctx,
  organisation,
}) =>
  OrganisationPractices({
    ctx,
    practices: await listPracticesOfOrganisation(db, request.locale, organisation.id),
  });
