export { buildCrmSchema, crmSchemaPath } from './crm.subgraph.js';
export { createCrmContext, type CrmContext, type CrmSubgraphDeps } from './crm.context.js';
export { CrmService } from './crm.service.js';
export { createCrmIntentResolvers, CrmIntents } from './crm.intents.js';
