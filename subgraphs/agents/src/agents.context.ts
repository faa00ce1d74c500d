import type { AgentStorePort, EmailMarketingPort, MessagingPort } from '@bizosaas/domain';
import type { BaseContext, ContextClaims } from '@bizosaas/subgraph-kit';
import { AgentsService } from './agents.service.js';
import { CampaignService, MessageService } from './outreach.service.js';

/** What the agents subgraph needs from the outside; the composition root provides it. */
export interface AgentsSubgraphDeps {
  readonly agentStore: AgentStorePort;
  emailMarketingPortFor(tenantId: string): Promise<EmailMarketingPort>;
  messagingPortFor(tenantId: string): Promise<MessagingPort>;
}

export interface AgentsContext extends BaseContext {
  readonly agents: AgentsService;
  /** Built on first use: a tenant without email marketing can still use its agents. */
  campaigns(): Promise<CampaignService>;
  messages(): Promise<MessageService>;
}

export function createAgentsContext(deps: AgentsSubgraphDeps, identity: ContextClaims): AgentsContext {
  let campaigns: Promise<CampaignService> | undefined;
  let messages: Promise<MessageService> | undefined;
  return {
    identity,
    agents: new AgentsService(deps.agentStore, identity),
    campaigns: () => (campaigns ??= deps.emailMarketingPortFor(identity.tenantId).then((port) => new CampaignService(port, identity))),
    messages: () => (messages ??= deps.messagingPortFor(identity.tenantId).then((port) => new MessageService(port, identity))),
  };
}
