// The people module's public surface: its routes, the account section and data section,
// listed people for contact and sitemaps, and the mover for an organisation merge.
export { peopleApi } from './people.api.ts';
export { peoplePages } from './people.pages.tsx';
export {
  type Expertise,
  expertiseOf,
  getListedPerson,
  listListedProfileIds,
  moveProfilesToOrganisation,
  publicProfileDataSection,
} from './people.service.ts';
export { PeopleAccountSection } from './views/PeopleAccountSection.tsx';
