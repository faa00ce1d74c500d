export { buildAgentsSchema, agentsSchemaPath } from './agents.subgraph.js';
export { createAgentsContext, type AgentsContext, type AgentsSubgraphDeps } from './agents.context.js';
export { AgentsService } from './agents.service.js';
export { CampaignService, MessageService } from './outreach.service.js';
export * from './runtime/index.js';
export { buildToolCatalogue, type AgentTool, type ToolCatalogue } from './tools/tool-catalogue.js';
export { loadSdkToolCatalogue, SDK_DIR } from './tools/sdk-operations.js';
export { validateToolArguments } from './tools/tool-arguments.js';
export { createOutreachIntentResolvers, OutreachIntents } from './outreach.intents.js';
