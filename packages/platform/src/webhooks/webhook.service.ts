import { ConnectorError, createEvent, ValidationError, type ConnectorDefinition, type OutboxPort, type SecretStorePort, type SqlClient, type WebhookRequest } from '@bizosaas/domain';
import { createHash } from 'node:crypto';
import type { ConnectionRepository } from '../tenancy/connection.repository.js';

/** What the gateway answers the provider. */
export interface WebhookOutcome {
  readonly status: 200 | 202 | 400 | 401 | 404 | 503;
  readonly body: { readonly received?: number; readonly duplicate?: boolean; readonly error?: string };
}

export interface WebhookServiceDeps {
  /** Must join the outbox's unit of work (the platform's ambient client), so the delivery and its events commit together. */
  readonly sql: SqlClient;
  readonly connections: ConnectionRepository;
  readonly secrets: SecretStorePort;
  readonly connectors: readonly ConnectorDefinition[];
  readonly outbox: OutboxPort;
  readonly logger: { warn(obj: Record<string, unknown>, msg: string): void; error(obj: Record<string, unknown>, msg: string): void };
}

/**
 * Inbound provider webhooks: `POST /webhooks/<connectionId>`. The connection's connector verifies the
 * signature and maps the payload; the events go out for the connection's tenant like any other, through
 * the outbox. The delivery id and the events are committed in one transaction, so a provider's retry of
 * the same delivery records nothing twice, and a failed commit leaves nothing behind for the retry. Where
 * the signature does not cover the delivery id, the delivery's replay key (a digest of the signed bytes) is
 * recorded in the same row, so the same signed bytes under a new delivery id publish nothing either.
 */
export class WebhookService {
  constructor(private readonly deps: WebhookServiceDeps) {}

  async receive(connectionId: string, request: WebhookRequest): Promise<WebhookOutcome> {
    const connection = /^con_[a-z2-7]{1,40}$/.test(connectionId) ? await this.deps.connections.getById(connectionId) : null;
    const connector = connection ? this.deps.connectors.find((c) => c.manifest.port === connection.port && c.manifest.id === connection.provider) : undefined;
    // One answer for unknown, disconnected and webhook-less connections: nothing to learn by probing ids.
    if (!connection || connection.status === 'disconnected' || !connector?.webhook) return { status: 404, body: { error: 'No webhook endpoint here' } };

    const credentials = connection.secretRef ? ((await this.deps.secrets.get(connection.secretRef)) ?? {}) : {};
    const context = { tenantId: connection.tenantId, connectionId: connection.id, settings: connector.parseSettings(connection.settings), credentials, sql: this.deps.sql };
    let delivery;
    try {
      delivery = await connector.webhook.receive(context, request);
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'unauthorized') {
        // The connector's message says why (bad signature, another shop, a stale timestamp); it never holds a secret.
        this.deps.logger.warn({ connectionId, provider: connection.provider, reason: error.message }, 'webhook refused');
        return { status: 401, body: { error: error.message } };
      }
      if (error instanceof ValidationError) return { status: 400, body: { error: error.message } };
      throw error;
    }

    let fresh: boolean;
    try {
      fresh = await this.deps.outbox.commit(async (record) => {
        // Either key may conflict: the delivery id, or the replay key (a digest of the signed bytes) that
        // schemes not signing their delivery id hand over; a repeat of either records and publishes nothing.
        const recorded = await this.deps.sql.query(
          'INSERT INTO webhook_deliveries (connection_id, delivery_id, events, replay_key) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [connection.id, delivery.deliveryId, delivery.events.length, delivery.replayKey ?? null],
        );
        if (recorded.rowCount === 0) return false;
        for (const [index, item] of delivery.events.entries()) {
          const event = createEvent(item.type, item.payload, {
            tenantId: connection.tenantId,
            source: `webhook:${connection.provider}`,
            correlationId: delivery.deliveryId,
            ...(item.occurredAt ? { occurredAt: item.occurredAt } : {}),
          });
          // A stable id per (connection, delivery, position): the same delivery always maps to the same
          // events, and consumers deduplicate on the id.
          record({ ...event, id: stableEventId(connection.id, delivery.deliveryId, index) });
        }
        return true;
      });
    } catch (error) {
      this.deps.logger.error({ connectionId, err: { message: error instanceof Error ? error.message : String(error) } }, 'webhook delivery could not be recorded');
      return { status: 503, body: { error: 'Try again later' } };
    }
    if (!fresh) return { status: 200, body: { received: 0, duplicate: true } };
    return { status: 202, body: { received: delivery.events.length } };
  }
}

function stableEventId(connectionId: string, deliveryId: string, index: number): string {
  const hex = createHash('sha256').update(`${connectionId}\u0000${deliveryId}\u0000${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
