// The translations module's public surface: members' translations of practices, their routes,
// the practice page's offer to translate, and the count the editors' dashboard shows.

export { translationPages } from './translation.pages.tsx';
export { practiceTranslationPanel } from './translation.panels.ts';
export { countTranslationQueue } from './translation.service.ts';
