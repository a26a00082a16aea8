// The translations module's public surface: members' translations of practices, their routes,
// the practice page's offer to translate, the count the editors' dashboard shows, and one's
// translations in the copy of one's data and on the account page.

export { translationPages } from './translation.pages.tsx';
export { practiceTranslationPanel } from './translation.panels.ts';
export { countTranslationQueue, translationsDataSection } from './translation.service.ts';
export { TranslationsAccountLink } from './views/TranslationsAccountLink.tsx';
