import type { AgentBudgetPort, AgentStorePort, EmailMarketingPort, MessagingPort, OutboxPort, WorkflowAdminPort } from '@bizosaas/domain';
import { AgentRunControl } from './agent-run-control.service.js';
import type { AgentRunUpdates } from './runtime/agent-run-updates.js';
import type { AgentRunner } from './runtime/agent-runner.js';
import type { BaseContext, ContextClaims } from '@bizosaas/subgraph-kit';
import { AgentsService } from './agents.service.js';
import { CampaignService, MessageService } from './outreach.service.js';
import { WorkflowsService } from './workflows.service.js';

/** What the agents subgraph needs from the outside; the composition root provides it. */
export interface AgentsSubgraphDeps {
  readonly agentStore: AgentStorePort;
  emailMarketingPortFor(tenantId: string): Promise<EmailMarketingPort>;
  messagingPortFor(tenantId: string): Promise<MessagingPort>;
  /** Commits each outbound write with its events (the platform's transactional outbox). */
  readonly outbox: OutboxPort;
  /** The agent runtime: absent, runs stay QUEUED (a process without the runtime). */
  readonly runner?: AgentRunner;
  readonly agentBudget?: AgentBudgetPort;
  readonly runUpdates?: AgentRunUpdates;
  /** Durable workflows (templates, runs, approvals); absent, the workflow fields answer NOT_SUPPORTED. */
  readonly workflows?: WorkflowAdminPort;
}

export interface AgentsContext extends BaseContext {
  readonly agents: AgentsService;
  readonly runControl: AgentRunControl;
  readonly runUpdates: AgentRunUpdates | undefined;
  readonly workflows: WorkflowsService;
  /** Built on first use: a tenant without email marketing can still use its agents. */
  campaigns(): Promise<CampaignService>;
  messages(): Promise<MessageService>;
}

export function createAgentsContext(deps: AgentsSubgraphDeps, identity: ContextClaims): AgentsContext {
  let campaigns: Promise<CampaignService> | undefined;
  let messages: Promise<MessageService> | undefined;
  return {
    identity,
    agents: new AgentsService(deps.agentStore, identity, deps.runner),
    runControl: new AgentRunControl(deps.agentStore, deps.runner, deps.agentBudget, identity),
    runUpdates: deps.runUpdates,
    workflows: new WorkflowsService(deps.workflows, identity),
    campaigns: () => (campaigns ??= deps.emailMarketingPortFor(identity.tenantId).then((port) => new CampaignService(port, identity, deps.outbox))),
    messages: () => (messages ??= deps.messagingPortFor(identity.tenantId).then((port) => new MessageService(port, identity, deps.outbox))),
  };
}
