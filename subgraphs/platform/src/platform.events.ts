import { MESSAGE_EVENT_TYPES } from './platform.message-events.js';
import { AgentEventTypes, CommerceEventTypes, ContentEventTypes, CrmEventTypes, WorkflowEventTypes, type LoggedEvent } from '@bizosaas/domain';

/**
 * How each Subscription field is served: the event types it carries and the Query field that resolves
 * one event's payload by cursor. The gateway turns a subscription into that query per event, so the
 * payload's entity is resolved by the supergraph with fields from any subgraph.
 */
export interface EventSubscriptionRoute {
  /** Subscription field, e.g. dealStageChanged. */
  readonly field: string;
  /** Query field taking `cursor: String!`, e.g. dealStageChangedEvent. */
  readonly queryField: string;
  /** Event types delivered; null = every type (narrowed by the field's `types` argument). */
  readonly eventTypes: readonly string[] | null;
  /** Field arguments that select events by a payload value: argument name -> payload key. */
  readonly payloadFilters?: Readonly<Record<string, string>>;
}

export const EVENT_SUBSCRIPTIONS: readonly EventSubscriptionRoute[] = [
  { field: 'events', queryField: 'event', eventTypes: null },
  { field: 'dealStageChanged', queryField: 'dealStageChangedEvent', eventTypes: [CrmEventTypes.DealStageChanged] },
  { field: 'dealCreated', queryField: 'dealCreatedEvent', eventTypes: [CrmEventTypes.DealCreated] },
  { field: 'contactCreated', queryField: 'contactCreatedEvent', eventTypes: [CrmEventTypes.ContactCreated] },
  { field: 'contentPublished', queryField: 'contentPublishedEvent', eventTypes: [ContentEventTypes.ContentPublished] },
  { field: 'orderCreated', queryField: 'orderCreatedEvent', eventTypes: [CommerceEventTypes.OrderCreated] },
  { field: 'messageEvents', queryField: 'messageEvent', eventTypes: MESSAGE_EVENT_TYPES },
  { field: 'agentRunUpdated', queryField: 'agentRunUpdatedEvent', eventTypes: [AgentEventTypes.RunUpdated], payloadFilters: { runId: 'runId' } },
  { field: 'workflowRunUpdated', queryField: 'workflowRunUpdatedEvent', eventTypes: [WorkflowEventTypes.RunUpdated], payloadFilters: { runId: 'runId' } },
  { field: 'workflowRunsUpdated', queryField: 'workflowRunUpdatedEvent', eventTypes: [WorkflowEventTypes.RunUpdated] },
];

/** A typed event as the platform subgraph answers it: the logged event plus the entity reference. */
export interface TypedEventView {
  readonly logged: LoggedEvent;
  /** The id of the event's entity (deal, contact, content, order). */
  readonly entityId: string;
  readonly fromStageId?: string;
  readonly toStageId?: string;
}

const ENTITY_ID_FIELD: Readonly<Record<string, string>> = {
  [CrmEventTypes.DealStageChanged]: 'dealId',
  [CrmEventTypes.DealCreated]: 'dealId',
  [CrmEventTypes.ContactCreated]: 'contactId',
  [ContentEventTypes.ContentPublished]: 'contentId',
  [CommerceEventTypes.OrderCreated]: 'orderId',
  [AgentEventTypes.RunUpdated]: 'runId',
  [WorkflowEventTypes.RunUpdated]: 'runId',
};

/** The typed view of `logged`, or null when it is of another type or its payload lacks the entity id. */
export function typedEvent(logged: LoggedEvent | null, type: string): TypedEventView | null {
  if (!logged || logged.event.type !== type) return null;
  const payload = logged.event.payload;
  const idField = ENTITY_ID_FIELD[type];
  const entityId = idField ? stringAt(payload, idField) : undefined;
  if (!entityId) return null;
  const fromStageId = stringAt(payload, 'fromStageId');
  const toStageId = stringAt(payload, 'toStageId');
  return { logged, entityId, ...(fromStageId ? { fromStageId } : {}), ...(toStageId ? { toStageId } : {}) };
}

function stringAt(payload: unknown, key: string): string | undefined {
  if (typeof payload !== 'object' || payload === null || !(key in payload)) return undefined;
  const value: unknown = (payload as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}
