// The shortlist module's public surface: its pages.
export { shortlistPages } from './shortlist.pages.tsx';
