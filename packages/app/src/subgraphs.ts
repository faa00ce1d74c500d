import type { Platform } from '@bizosaas/platform';
import { buildAgentsSchema, createAgentsContext } from '@bizosaas/subgraph-agents';
import { buildAnalyticsSchema, createAnalyticsContext } from '@bizosaas/subgraph-analytics';
import { buildCommerceSchema, createCommerceContext } from '@bizosaas/subgraph-commerce';
import { buildContentSchema, createContentContext } from '@bizosaas/subgraph-content';
import { buildCrmSchema, createCrmContext } from '@bizosaas/subgraph-crm';
import { buildPlatformSchema, createPlatformContext } from '@bizosaas/subgraph-platform';
import { startSubgraphServer, type BaseContext, type ContextClaims, type RunningServer } from '@bizosaas/subgraph-kit';
import { runWithDeadline } from '@bizosaas/connector-kit';
import type { GraphQLSchema } from 'graphql';
import { agentRuntimeDeps } from './agents/agent-runtime.js';
import { closeGraphWorkflows, workflowAdminFor } from './workflows/workflow-graph.js';

/** One subgraph as the composition root sees it: its schema and how its context meets the platform. */
export interface SubgraphEntry {
  readonly name: string;
  /** Its default port is SUBGRAPH_BASE_PORT + this (SUBGRAPH_PORTS overrides it by name); fixed per subgraph, never a list position. */
  readonly portOffset: number;
  readonly schema: () => GraphQLSchema;
  readonly context: (platform: Platform, identity: ContextClaims) => Promise<BaseContext>;
  /** Releases what the subgraph's contexts opened (after its server stopped). */
  readonly close?: (platform: Platform) => Promise<void>;
}

/**
 * The composition root's one list of subgraphs: the only place where subgraphs meet concrete adapters
 * (through the platform's adapter factory). Names match supergraph.yaml; each declares its own port offset,
 * so adding, removing or reordering entries moves no other subgraph's port.
 */
export const SUBGRAPHS: readonly SubgraphEntry[] = [
  {
    name: 'crm',
    portOffset: 0,
    schema: buildCrmSchema,
    context: async (platform, identity) => createCrmContext({ crmPortFor: (tenantId) => platform.adapters.get(tenantId, 'crm'), outbox: platform.outbox }, identity),
  },
  {
    name: 'content',
    portOffset: 1,
    schema: buildContentSchema,
    context: async (platform, identity) => createContentContext({ cmsPortFor: (tenantId) => platform.adapters.get(tenantId, 'cms'), outbox: platform.outbox }, identity),
  },
  {
    name: 'analytics',
    portOffset: 2,
    schema: buildAnalyticsSchema,
    context: async (platform, identity) => createAnalyticsContext({ analyticsPortFor: (tenantId) => platform.adapters.get(tenantId, 'analytics'), now: () => new Date() }, identity),
  },
  {
    name: 'commerce',
    portOffset: 3,
    schema: buildCommerceSchema,
    context: async (platform, identity) =>
      createCommerceContext(
        {
          commercePortFor: (tenantId) => platform.adapters.get(tenantId, 'commerce'),
          billingPortFor: (tenantId) => platform.adapters.get(tenantId, 'billing'),
          outbox: platform.outbox,
        },
        identity,
      ),
  },
  {
    name: 'agents',
    portOffset: 4,
    schema: buildAgentsSchema,
    context: async (platform, identity) =>
      createAgentsContext(
        {
          agentStore: platform.agents,
          emailMarketingPortFor: (tenantId) => platform.adapters.get(tenantId, 'emailMarketing'),
          messagingPortFor: (tenantId) => platform.adapters.get(tenantId, 'messaging'),
          outbox: platform.outbox,
          ...agentRuntimeDeps(platform),
          workflows: workflowAdminFor(platform),
        },
        identity,
      ),
    close: closeGraphWorkflows,
  },
  {
    name: 'platform',
    portOffset: 5,
    schema: buildPlatformSchema,
    context: async (platform, identity) =>
      createPlatformContext({ tenants: platform.tenants, connections: platform.connectionService, oauth: platform.oauthConnect, apiKeys: platform.apiKeys, events: platform.events, people: platform.people, externalWrites: platform.intentReview }, identity),
  },
];

/** Starts one subgraph's HTTP server, verifying the gateway's signature on every request. */
export async function startSubgraph(entry: SubgraphEntry, platform: Platform, port: number): Promise<RunningServer> {
  const server = await startSubgraphServer({
    name: entry.name,
    schema: entry.schema(),
    host: platform.config.host,
    port,
    signingKey: platform.contextSigningKey,
    logger: platform.logger,
    createContext: (identity) => entry.context(platform, identity),
    // Connector calls give up in time for the gateway to get the provider's error rather than its own timeout.
    aroundRequest: (handle) => runWithDeadline(Date.now() + connectorBudgetMs(platform.config.subgraphs.fetchTimeoutMs), handle),
  });
  const { close } = entry;
  if (!close) return server;
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await close(platform);
    },
  };
}

/** What a subgraph request leaves its connector calls: the gateway's timeout less a margin for the answer. */
export function connectorBudgetMs(subgraphTimeoutMs: number): number {
  return Math.max(subgraphTimeoutMs - Math.min(500, subgraphTimeoutMs / 5), subgraphTimeoutMs / 2);
}
