import { DateTimeScalar, JsonScalar } from '@bizosaas/subgraph-kit';
import { AgentEventTypes, CommerceEventTypes, ContentEventTypes, CrmEventTypes, WorkflowEventTypes } from '@bizosaas/domain';
import type { Resolvers } from './__generated__/resolvers-types.js';
import { typedEvent, type TypedEventView } from './platform.events.js';
import { messageEvent } from './platform.message-events.js';
import { peopleResolvers } from './people.resolvers.js';

/** One value of a typed event's payload (an object: typedEvent checked its entity id). */
function payloadValue(view: TypedEventView, key: string): unknown {
  const payload = view.logged.event.payload;
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[key] : undefined;
}

const optionalString = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The envelope fields every typed event shares. */
const eventFields = {
  cursor: (view: TypedEventView) => view.logged.cursor,
  id: (view: TypedEventView) => view.logged.event.id,
  occurredAt: (view: TypedEventView) => view.logged.event.occurredAt,
};

/** Thin resolvers; the rules (roles, tenant scoping) live in PlatformService and ConnectionService. */
export const platformResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JsonScalar,
  Port: { CMS: 'cms', CRM: 'crm', COMMERCE: 'commerce', ANALYTICS: 'analytics', BILLING: 'billing', EMAIL_MARKETING: 'emailMarketing', MESSAGING: 'messaging', LLM: 'llm' },
  ConnectionStatus: { ACTIVE: 'active', ERROR: 'error', NEEDS_REAUTH: 'needs_reauth', DISCONNECTED: 'disconnected' },
  AuthKind: { NONE: 'none', API_KEY: 'api_key', BASIC: 'basic', OAUTH2: 'oauth2' },
  UserStatus: { ACTIVE: 'active', DEACTIVATED: 'deactivated' },
  ExternalWriteState: { PENDING: 'pending', NEEDS_REVIEW: 'needs_review', COMPLETED: 'completed', NO_EFFECT: 'no_effect' },
  ExternalWriteOutcome: { TOOK_EFFECT: 'completed', NO_EFFECT: 'no_effect' },
  Query: {
    event: (_root, { cursor }, ctx) => ctx.platform.event(cursor),
    eventLog: async (_root, { since, types, first, after }, ctx) => {
      const page = await ctx.platform.eventLog({ since: since ?? null, types: types ?? null, first, after: after ?? null });
      return { events: [...page.events], endCursor: page.endCursor, hasNextPage: page.hasNextPage };
    },
    dealStageChangedEvent: async (_root, { cursor }, ctx) => typedEvent(await ctx.platform.event(cursor), CrmEventTypes.DealStageChanged),
    dealCreatedEvent: async (_root, { cursor }, ctx) => typedEvent(await ctx.platform.event(cursor), CrmEventTypes.DealCreated),
    contactCreatedEvent: async (_root, { cursor }, ctx) => typedEvent(await ctx.platform.event(cursor), CrmEventTypes.ContactCreated),
    contentPublishedEvent: async (_root, { cursor }, ctx) => typedEvent(await ctx.platform.event(cursor), ContentEventTypes.ContentPublished),
    orderCreatedEvent: async (_root, { cursor }, ctx) => typedEvent(await ctx.platform.event(cursor), CommerceEventTypes.OrderCreated),
    messageEvent: async (_root, { cursor }, ctx) => messageEvent(await ctx.platform.event(cursor)),
    agentRunUpdatedEvent: async (_root, { cursor }, ctx) => typedEvent(await ctx.platform.event(cursor), AgentEventTypes.RunUpdated),
    workflowRunUpdatedEvent: async (_root, { cursor }, ctx) => typedEvent(await ctx.platform.event(cursor), WorkflowEventTypes.RunUpdated),
    viewer: (_root, _args, ctx) => ctx.platform.viewer(),
    connections: async (_root, _args, ctx) => [...(await ctx.platform.connections())],
    connectors: (_root, { port }, ctx) => [...ctx.platform.connectors(port)],
    externalWrites: (_root, { state, first, after }, ctx) => ctx.platform.externalWrites(state ?? 'needs_review', first ?? 50, after ?? null),
    ...peopleResolvers.Query,
  },
  Mutation: {
    connect: (_root, { port, provider, settings, credentials }, ctx) => ctx.platform.connect(port, provider, settings, credentials),
    beginOAuthConnect: (_root, { port, provider, settings, clientId, clientSecret }, ctx) => ctx.platform.beginOAuthConnect(port, provider, settings, clientId, clientSecret),
    disconnect: (_root, { port }, ctx) => ctx.platform.disconnect(port),
    settleExternalWrite: (_root, { id, outcome, note }, ctx) => ctx.platform.settleExternalWrite(id, outcome, note ?? null),
    ...peopleResolvers.Mutation,
  },
  User: peopleResolvers.User,
  AuditEntry: peopleResolvers.AuditEntry,
  ApiKey: peopleResolvers.ApiKey,
  DomainEvent: {
    cursor: (logged) => logged.cursor,
    id: (logged) => logged.event.id,
    type: (logged) => logged.event.type,
    occurredAt: (logged) => logged.event.occurredAt,
    source: (logged) => logged.event.source,
    correlationId: (logged) => logged.event.correlationId,
    payload: (logged) => logged.event.payload,
  },
  DealStageChangedEvent: {
    ...eventFields,
    fromStageId: (view) => view.fromStageId ?? '',
    toStageId: (view) => view.toStageId ?? '',
    deal: (view) => ({ id: view.entityId }),
  },
  DealCreatedEvent: { ...eventFields, deal: (view) => ({ id: view.entityId }) },
  ContactCreatedEvent: { ...eventFields, contact: (view) => ({ id: view.entityId }) },
  ContentPublishedEvent: { ...eventFields, content: (view) => ({ id: view.entityId }) },
  OrderCreatedEvent: { ...eventFields, order: (view) => ({ id: view.entityId }) },
  MessageEventKind: { DELIVERED: 'delivered', FAILED: 'failed', RECEIVED: 'received' },
  MessageEvent: {
    cursor: (view) => view.logged.cursor,
    id: (view) => view.logged.event.id,
    occurredAt: (view) => view.logged.event.occurredAt,
    message: (view) => ({ id: view.messageId }),
  },
  AgentRunUpdatedEvent: {
    ...eventFields,
    run: (view) => ({ id: view.entityId }),
    kind: (view) => String(payloadValue(view, 'kind') ?? '').toUpperCase(),
    status: (view) => { const status = payloadValue(view, 'status'); return typeof status === 'string' ? status.toUpperCase() : null; },
    step: (view) => payloadValue(view, 'step') ?? null,
    delta: (view) => { const delta = payloadValue(view, 'delta'); return typeof delta === 'string' ? delta : null; },
  },
  WorkflowRunUpdatedEvent: {
    ...eventFields,
    run: (view) => ({ id: view.entityId }),
    kind: (view) => String(payloadValue(view, 'kind') ?? '').toUpperCase(),
    workflow: (view) => String(payloadValue(view, 'workflow') ?? ''),
    status: (view) => String(payloadValue(view, 'status') ?? ''),
    stepId: (view) => optionalString(payloadValue(view, 'stepId')),
    stepKind: (view) => optionalString(payloadValue(view, 'stepKind')),
    attempts: (view) => { const attempts = payloadValue(view, 'attempts'); return typeof attempts === 'number' ? attempts : null; },
    error: (view) => optionalString(payloadValue(view, 'error')),
  },
  ExternalWrite: {
    settledBy: (write) => write.reviewedBy,
    note: (write) => write.reviewNote,
  },
  Connector: {
    provider: (manifest) => manifest.id,
    capabilities: (manifest) => [...manifest.capabilities],
    settingsFields: (manifest) => [...manifest.settingsFields],
    credentialFields: (manifest) => [...manifest.credentialFields],
  },
};
