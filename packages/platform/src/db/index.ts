export { openDatabase, assertSchemaName, type Database, type OpenDatabaseOptions } from './database.js';
export { migrate, type MigrationSet, type AppliedMigration } from './migrate.js';
export { platformMigrations, platformMigrationSet } from './platform.migrations.js';
