// The directory module's public surface: its routes, organisation lookups for other modules,
// memberships, the organisation page's panel type, and the founding organisations.
export {
  ensureFoundingOrganisations,
  translateFoundingOrganisations,
} from './founding-organisations.ts';
export { organisationApi } from './organisation.api.ts';
export { organisationPages } from './organisation.pages.tsx';
// Reads and organisation merges with no rule of their own come straight from the repository.
export {
  countOrganisations,
  listOrganisationSitemapEntries,
  listOrganisationsInCity,
} from './organisation.repository.ts';
export {
  findOrganisationByReference,
  findOrganisationsByIds,
  getOrganisation,
  listOrganisationAdminIds,
  organisationsAnsweringFor,
  profileOrganisations,
  resolveOrganisation,
} from './organisation.service.ts';
export type { OrganisationPanel } from './organisation.slots.ts';
// Reads and organisation merges with no rule of their own come straight from the repository.
export { countChanges as countPendingChanges } from './organisation-change.repository.ts';
export { countPendingClaims } from './organisation-claim.repository.ts';
export {
  listMembershipCities,
  listMunicipalityCityIds,
} from './organisation-member.repository.ts';
export {
  findOwnOrganisation,
  listMemberships,
  membershipsDataSection,
} from './organisation-member.service.ts';
export { provideOrganisationMovers } from './organisation-merge.ts';
