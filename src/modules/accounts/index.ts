// The accounts module's public surface: its routes, sessions and API tokens for the app, the
// account page's slots and data-export port, and what the directory reads of accounts.

export { accountPages } from './account.pages.tsx';
export type { AccountDataSection, AccountSlots, OrganisationLookup } from './account.ports.ts';
// Reads and organisation merges with no rule of their own come straight from the repository.
export { replaceOrganisationOfUsers as moveAccountsToOrganisation } from './account.repository.ts';
export { checkEmail, newToken, sha256 } from './account-checks.ts';
export { type DeletionKeeper, provideDeletionKeepers } from './account-deletion.ts';
export { adminPages } from './admin.pages.tsx';
export { authenticateToken } from './api-token.service.ts';
export { authPages } from './auth.pages.tsx';
export {
  findAccountByEmail,
  recipientOf,
} from './profile.service.ts';
export { authenticateSession, SESSION_ABSOLUTE_MS } from './session.service.ts';
export { createAdmin } from './user-admin.service.ts';
