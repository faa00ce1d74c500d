import { ConnectorError, createEvent, ValidationError, type ConnectorDefinition, type EventBusPort, type SecretStorePort, type SqlClient, type WebhookRequest } from '@bizosaas/domain';
import { createHash } from 'node:crypto';
import type { ConnectionRepository } from '../tenancy/connection.repository.js';

/** What the gateway answers the provider. */
export interface WebhookOutcome {
  readonly status: 200 | 202 | 400 | 401 | 404 | 503;
  readonly body: { readonly received?: number; readonly duplicate?: boolean; readonly error?: string };
}

export interface WebhookServiceDeps {
  readonly sql: SqlClient;
  readonly connections: ConnectionRepository;
  readonly secrets: SecretStorePort;
  readonly connectors: readonly ConnectorDefinition[];
  readonly events: EventBusPort;
  readonly logger: { warn(obj: Record<string, unknown>, msg: string): void; error(obj: Record<string, unknown>, msg: string): void };
}

/**
 * Inbound provider webhooks: `POST /webhooks/<connectionId>`. The connection's connector verifies the
 * signature and maps the payload; the events are published for the connection's tenant like any other.
 * A delivery id is recorded before publishing, so a provider's retry of the same delivery publishes
 * nothing twice; if publishing fails the record is removed so the provider's retry succeeds later.
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
        this.deps.logger.warn({ connectionId, provider: connection.provider }, 'webhook refused: bad signature');
        return { status: 401, body: { error: 'Invalid signature' } };
      }
      if (error instanceof ValidationError) return { status: 400, body: { error: error.message } };
      throw error;
    }

    const recorded = await this.deps.sql.query(
      'INSERT INTO webhook_deliveries (connection_id, delivery_id, events) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [connection.id, delivery.deliveryId, delivery.events.length],
    );
    if (recorded.rowCount === 0) return { status: 200, body: { received: 0, duplicate: true } };
    try {
      for (const [index, item] of delivery.events.entries()) {
        const event = createEvent(item.type, item.payload, {
          tenantId: connection.tenantId,
          source: `webhook:${connection.provider}`,
          correlationId: delivery.deliveryId,
          ...(item.occurredAt ? { occurredAt: item.occurredAt } : {}),
        });
        // A stable id per (connection, delivery, position): if a partial failure makes the provider retry,
        // events that did go out come again with the same id, and consumers deduplicate on it.
        await this.deps.events.publish({ ...event, id: stableEventId(connection.id, delivery.deliveryId, index) });
      }
    } catch (error) {
      await this.deps.sql.query('DELETE FROM webhook_deliveries WHERE connection_id = $1 AND delivery_id = $2', [connection.id, delivery.deliveryId]);
      this.deps.logger.error({ connectionId, err: { message: error instanceof Error ? error.message : String(error) } }, 'webhook events could not be published');
      return { status: 503, body: { error: 'Try again later' } };
    }
    return { status: 202, body: { received: delivery.events.length } };
  }
}

function stableEventId(connectionId: string, deliveryId: string, index: number): string {
  const hex = createHash('sha256').update(`${connectionId}\u0000${deliveryId}\u0000${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
