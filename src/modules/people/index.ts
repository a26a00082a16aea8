// The people module's public surface: its routes, the account section and data section,
// listed people for contact and sitemaps, the languages a person declared, and the mover for an organisation merge.
export { peopleApi } from './people.api.ts';
export { peoplePages } from './people.pages.tsx';
// Reads and organisation merges with no rule of their own come straight from the repository.
export {
  listListedProfileIds,
  replaceOrganisation as moveProfilesToOrganisation,
} from './people.repository.ts';
export {
  declaredLanguagesOf,
  type Expertise,
  expertiseOf,
  getListedPerson,
  publicProfileDataSection,
} from './people.service.ts';
export { PeopleAccountSection } from './views/PeopleAccountSection.tsx';
