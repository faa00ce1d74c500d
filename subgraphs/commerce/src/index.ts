export { buildCommerceSchema, commerceSchemaPath } from './commerce.subgraph.js';
export { createCommerceContext, type CommerceContext, type CommerceSubgraphDeps } from './commerce.context.js';
export { CommerceService } from './commerce.service.js';
export { BillingService } from './billing.service.js';
export { createBillingIntentResolvers, BillingIntents } from './billing.intents.js';
export { CommerceIntents, createCommerceIntentResolvers } from './commerce.intents.js';
