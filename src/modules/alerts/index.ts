// The alerts module's public surface: its routes, the follow state and account link the app
// hands to views, the following data section, and the mover for an organisation merge.
export { alertPages } from './alert.pages.tsx';
// Reads and organisation merges with no rule of their own come straight from the repository.
export { moveOrganisationFollows as moveFollowsToOrganisation } from './alert.repository.ts';
export { followingDataSection } from './alert.service.ts';
export { DIGEST_JOB } from './digest.service.ts';
export { followStateOf } from './follow-state.ts';
export { AlertsAccountLink } from './views/AlertsAccountLink.tsx';
