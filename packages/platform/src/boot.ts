/**
 * `@bizosaas/platform/boot`: what `main.ts` needs before anything else loads (configuration, the logger, the
 * embedded PostgreSQL). Importing the package's index costs ~0.3 s of module loading; this subset ~0.1 s, so
 * the database and the query planner thread start that much earlier and boot while the rest loads.
 */
export { loadConfig, type Config } from './config/config.js';
export { ConfigError } from './config/config-error.js';
export { createLogger, type Logger } from './logging/logger.js';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded/embedded-postgres.server.js';
