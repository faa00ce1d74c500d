export { buildContentSchema, contentSchemaPath } from './content.subgraph.js';
export { createContentContext, type ContentContext, type ContentSubgraphDeps } from './content.context.js';
export { ContentService } from './content.service.js';
export { ContentIntents, createContentIntentResolvers } from './content.intents.js';
