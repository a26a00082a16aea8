// The opendata module's public surface: the routes of exports, feeds, OAI-PMH, citations and
// bulk import, and the nightly dump job.
export { citationRoutes } from './citation.routes.ts';
export { DUMP_JOB } from './dump.service.ts';
export { exportsRoutes, registerDumpJob } from './exports.routes.ts';
export { feedsRoutes } from './feeds.routes.ts';
export { importPages } from './import.pages.tsx';
export { oaiRoutes } from './oai.routes.ts';
