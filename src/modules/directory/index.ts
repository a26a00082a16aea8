// The directory module's public surface: its routes, organisation lookups for other modules,
// memberships, the organisation page's panel type, and the founding organisations.
export {
  ensureFoundingOrganisations,
  translateFoundingOrganisations,
} from './founding-organisations.ts';
export { organisationApi } from './organisation.api.ts';
export { organisationPages } from './organisation.pages.tsx';
export {
  countOrganisations,
  findOrganisationByReference,
  findOrganisationsByIds,
  getOrganisation,
  listOrganisationAdminIds,
  listOrganisationSitemapEntries,
  listOrganisationsInCity,
  organisationsAnsweringFor,
  profileOrganisations,
  resolveOrganisation,
} from './organisation.service.ts';
export type { OrganisationPanel } from './organisation.slots.ts';
export { countPendingChanges } from './organisation-change.service.ts';
export {
  findOwnOrganisation,
  listMemberships,
  membershipsDataSection,
} from './organisation-member.service.ts';
export { provideOrganisationMovers } from './organisation-merge.ts';
