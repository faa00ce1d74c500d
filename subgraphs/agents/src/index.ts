export { buildAgentsSchema, agentsSchemaPath } from './agents.subgraph.js';
export { createAgentsContext, type AgentsContext, type AgentsSubgraphDeps } from './agents.context.js';
export { AgentsService } from './agents.service.js';
export { CampaignService, MessageService } from './outreach.service.js';
