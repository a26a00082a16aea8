// The contact module's public surface: its routes, the practice page's notice when nobody can
// be written to, the account link and data section, and the mover for an organisation merge.
export { contactPages } from './contact.pages.tsx';
export { practiceContactPanel } from './contact.panels.ts';
// Reads and organisation merges with no rule of their own come straight from the repository.
export { moveOrganisationSetting as moveContactSettingToOrganisation } from './contact.repository.ts';
export { contactDataSection } from './contact.service.ts';
export { ContactAccountLink } from './views/ContactAccountLink.tsx';
