export { openDatabase, assertSchemaName, type Database, type OpenDatabaseOptions } from './database.js';
export { migrate, type MigrationSet, type AppliedMigration } from './migrate.js';
export { platformMigrations, platformMigrationSet } from './platform.migrations.js';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded/embedded-postgres.server.js';
