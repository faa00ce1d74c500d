import { DateTimeScalar, JsonScalar, toConnection } from '@bizosaas/subgraph-kit';
import type { Resolvers } from './__generated__/resolvers-types.js';
import { workflowsResolvers } from './workflows.resolvers.js';

/** Thin resolvers; the rules live in AgentsService, CampaignService and MessageService. */
export const agentsResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JsonScalar,
  AgentRunStatus: { QUEUED: 'queued', RUNNING: 'running', WAITING_FOR_APPROVAL: 'waiting_for_approval', SUCCEEDED: 'succeeded', FAILED: 'failed', CANCELLED: 'cancelled' },
  AgentRunStepKind: { PLAN: 'plan', TOOL_CALL: 'tool_call', TOOL_RESULT: 'tool_result', MESSAGE: 'message' },
  CampaignStatus: { DRAFT: 'draft', SCHEDULED: 'scheduled', SENDING: 'sending', SENT: 'sent' },
  MessageChannel: { SMS: 'sms', WHATSAPP: 'whatsapp' },
  MessageDirection: { OUTBOUND: 'outbound', INBOUND: 'inbound' },
  MessageStatus: { QUEUED: 'queued', SENT: 'sent', DELIVERED: 'delivered', FAILED: 'failed', RECEIVED: 'received' },
  Query: {
    agents: async (_root, { first, after }, ctx) => toConnection(await ctx.agents.listAgents(first, after)),
    agent: (_root, { id }, ctx) => ctx.agents.agent(id),
    agentRuns: async (_root, { first, after }, ctx) => toConnection(await ctx.agents.listRuns(first, after)),
    agentRun: (_root, { id }, ctx) => ctx.agents.run(id),
    campaigns: async (_root, { first, after }, ctx) => toConnection(await (await ctx.campaigns()).list(first, after)),
    campaign: async (_root, { id }, ctx) => (await ctx.campaigns()).campaign(id),
    messages: async (_root, { first, after }, ctx) => toConnection(await (await ctx.messages()).list(first, after)),
    message: async (_root, { id }, ctx) => (await ctx.messages()).message(id),
    ...workflowsResolvers.Query,
  },
  Mutation: {
    createAgent: (_root, { input }, ctx) => ctx.agents.createAgent({ ...input, approvalRequiredFor: input.approvalRequiredFor ?? [] }),
    startAgentRun: (_root, { agentId, input }, ctx) => ctx.agents.startRun(agentId, input),
    approveAgentAction: async (_root, { runId, actionId, argsHash }, ctx) => {
      await ctx.runControl.decide(await ctx.agents.run(runId), actionId, { approved: true, argsHash: argsHash ?? null });
      return ctx.agents.reloadRun(runId);
    },
    rejectAgentAction: async (_root, { runId, actionId, reason }, ctx) => {
      await ctx.runControl.decide(await ctx.agents.run(runId), actionId, { approved: false, reason: reason ?? null });
      return ctx.agents.reloadRun(runId);
    },
    cancelAgentRun: async (_root, { id }, ctx) => ctx.runControl.cancel(await ctx.agents.run(id)),
    createCampaign: async (_root, { input }, ctx) => (await ctx.campaigns()).create(input),
    sendCampaign: async (_root, { id }, ctx) => (await ctx.campaigns()).send(id),
    tagAudienceMembers: async (_root, { input }, ctx) => (await ctx.campaigns()).tag(input.audienceId, input.tag, input.members),
    sendMessage: async (_root, { input, idempotencyKey }, ctx) => (await ctx.messages()).send(input, idempotencyKey),
    ...workflowsResolvers.Mutation,
  },
  WorkflowTemplate: workflowsResolvers.WorkflowTemplate,
  WorkflowRun: workflowsResolvers.WorkflowRun,
  WorkflowStep: workflowsResolvers.WorkflowStep,
  WorkflowApproval: workflowsResolvers.WorkflowApproval,
  Agent: {
    __resolveReference: (ref, ctx) => ctx.agents.findAgent(ref.id),
    tools: (agent) => [...agent.tools],
    approvalRequiredFor: (agent) => [...agent.approvalRequiredFor],
    runs: async (agent, { first, after }, ctx) => toConnection(await ctx.agents.listRuns(first, after, agent.id)),
  },
  AgentRun: {
    __resolveReference: (ref, ctx) => ctx.agents.findRun(ref.id),
    agent: (run, _args, ctx) => ctx.agents.agent(run.agentId),
    steps: (run) => [...run.steps],
    pendingApproval: (run, _args, ctx) => ctx.runControl.pending(run),
    usage: async (run, _args, ctx) => {
      const usage = await ctx.runControl.usage(run);
      return { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, modelCalls: usage.modelCalls, costUsd: (usage.costMicros / 1_000_000).toFixed(6) };
    },
  },
  Campaign: {
    __resolveReference: async (ref, ctx) => (await ctx.campaigns()).find(ref.id),
  },
  Message: {
    __resolveReference: async (ref, ctx) => (await ctx.messages()).find(ref.id),
  },
};
