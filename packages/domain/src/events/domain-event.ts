/**
 * The envelope every domain event travels in, on every bus (DESIGN.md, "Domain").
 * `type` is past tense and versioned: `crm.deal.stage_changed.v1`.
 */
export interface DomainEvent<TType extends string = string, TPayload = unknown> {
  /** Unique per event; consumers deduplicate on it. */
  readonly id: string;
  readonly type: TType;
  readonly tenantId: string;
  /** ISO 8601 timestamp. */
  readonly occurredAt: string;
  /** Who caused it: a subgraph service (`crm`) or a connector webhook (`webhook:hubspot`). */
  readonly source: string;
  /** Ties the event to the request that caused it (the gateway's request id). */
  readonly correlationId: string | null;
  readonly payload: TPayload;
}

export interface EventMeta {
  readonly tenantId: string;
  readonly source: string;
  readonly correlationId?: string | null;
  /** Defaults to now. */
  readonly occurredAt?: Date;
}

/** Builds an envelope with a fresh id. */
export function createEvent<TType extends string, TPayload>(type: TType, payload: TPayload, meta: EventMeta): DomainEvent<TType, TPayload> {
  return {
    id: globalThis.crypto.randomUUID(),
    type,
    tenantId: meta.tenantId,
    occurredAt: (meta.occurredAt ?? new Date()).toISOString(),
    source: meta.source,
    correlationId: meta.correlationId ?? null,
    payload,
  };
}
