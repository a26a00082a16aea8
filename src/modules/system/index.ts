// The system module's public surface: preparing the database, the wiring of modules, health
// and operations routes, backup and restore.
export { backupDatabase, restoreDatabase } from './backup.service.ts';
export { healthRoutes } from './health.routes.ts';
export { registerOperations } from './ops.plugins.ts';
export { prepareDatabase } from './setup.service.ts';
export { wireModules } from './wiring.ts';
