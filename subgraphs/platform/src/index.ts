export { buildPlatformSchema, platformSchemaPath } from './platform.subgraph.js';
export { createPlatformContext, type PlatformContext } from './platform.context.js';
export type { PlatformSubgraphDeps, ConnectionView, ApiKeyView } from './platform.deps.js';
export { PlatformService } from './platform.service.js';
export { EVENT_SUBSCRIPTIONS, type EventSubscriptionRoute } from './platform.events.js';
