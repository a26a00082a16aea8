// The contact module's public surface: its routes, the account link and data section, and
// the mover for an organisation merge.
export { contactPages } from './contact.pages.tsx';
export { contactDataSection, moveContactSettingToOrganisation } from './contact.service.ts';
export { ContactAccountLink } from './views/ContactAccountLink.tsx';
