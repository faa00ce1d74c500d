export { buildAnalyticsSchema, analyticsSchemaPath } from './analytics.subgraph.js';
export { createAnalyticsContext, type AnalyticsContext, type AnalyticsSubgraphDeps } from './analytics.context.js';
export { AnalyticsService } from './analytics.service.js';
