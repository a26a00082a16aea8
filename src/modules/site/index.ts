// The site module's public surface: its pages.
export { sitePages } from './site.pages.tsx';
