export * from './context-token.js';
export * from './scalars.js';
export * from './error-format.js';
export * from './error.plugin.js';
export * from './logger.js';
export * from './request-context.js';
export * from './subgraph-server.js';
export * from './connection.js';
