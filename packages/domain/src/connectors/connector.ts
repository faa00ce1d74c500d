import type { SqlClient } from '../infra/sql-client.port.js';
import type { PortName, PortTypes } from '../ports.js';

/** A field a tenant fills in when connecting a provider. */
export interface ConnectorField {
  readonly name: string;
  readonly label: string;
  readonly description?: string;
  readonly required: boolean;
  /** Secret fields go to the secret store, never to the connection record, and are never read back. */
  readonly secret: boolean;
}

/** What a connector declares up front (DESIGN.md, "Connectors"). */
export interface ConnectorManifest {
  /** Provider id, e.g. `hubspot`; also the folder name under packages/connectors/src. */
  readonly id: string;
  readonly displayName: string;
  readonly port: PortName;
  /** Port methods this provider supports; the rest raise `ConnectorError('not_supported')`. */
  readonly capabilities: readonly string[];
  readonly authKind: 'none' | 'api_key' | 'basic' | 'oauth2';
  /** Non-secret settings (site URL, region, dataset). */
  readonly settingsFields: readonly ConnectorField[];
  /** Credentials, stored in the secret store. */
  readonly credentialFields: readonly ConnectorField[];
  /** Hosts the connector may call; empty for connectors that call nothing. */
  readonly allowedHosts: readonly string[];
  readonly docsUrl: string;
}

/** What the platform hands a connector when it builds an adapter for one connection. */
export interface ConnectorContext {
  readonly tenantId: string;
  readonly connectionId: string;
  /** Validated by `parseSettings`. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Validated by `parseCredentials`; read from the secret store. */
  readonly credentials: Readonly<Record<string, string>>;
  /** The platform database, for connectors that keep state in it (sandbox connectors). */
  readonly sql: SqlClient;
}

/** A connector: manifest, input validation, a credential test and the adapter it builds. */
export interface ConnectorDefinition<P extends PortName = PortName> {
  readonly manifest: ConnectorManifest & { readonly port: P };
  /** Validates settings; raises `ValidationError` naming `settings.<field>` and the reason. */
  parseSettings(raw: unknown): Readonly<Record<string, unknown>>;
  /** Validates credentials; raises `ValidationError` naming `credentials.<field>` (never echoing values). */
  parseCredentials(raw: unknown): Readonly<Record<string, string>>;
  /**
   * Proves the credentials work against the provider (one cheap authenticated call).
   * Raises `ConnectorError('unauthorized')` when they do not.
   */
  testConnection(context: ConnectorContext): Promise<void>;
  /**
   * Sets up provider-side state a new connection needs, after `testConnection` passed and before the
   * connection is activated (the sandbox seeds its dataset; a real provider may register webhooks).
   * Optional. Must be idempotent: connecting again repeats it.
   */
  prepare?(context: ConnectorContext): Promise<void>;
  /** Builds the adapter. Cheap: no I/O until a port method is called. */
  createAdapter(context: ConnectorContext): PortTypes[P];
  /** Present when the provider sends webhooks to `POST /webhooks/<connectionId>`. */
  readonly webhook?: ConnectorWebhook;
  /**
   * Present when a tenant can connect the provider through OAuth2's authorization-code flow (the
   * platform's `beginOAuthConnect` and `GET /oauth/callback`) instead of pasting credentials.
   */
  readonly oauth?: ConnectorOAuth;
  /** SQL migrations for connector-owned tables, applied with the platform's, in order. */
  readonly migrations?: readonly SqlMigration[];
  /**
   * True when the adapters write only to the platform database through `ConnectorContext.sql` (the sandbox
   * connectors): their writes join the outbox's transaction, so the adapter factory marks them
   * (`JOINS_UNIT_OF_WORK`) and no write through them records an intent.
   */
  readonly joinsUnitOfWork?: boolean;
}

/**
 * The two provider-specific steps of the OAuth2 authorization-code connect flow. The platform owns the
 * rest: the `state` (random, single use, short-lived), the pending authorization, and connecting with the
 * credentials `exchangeCode` returns through the usual test / prepare / store / activate path.
 */
export interface ConnectorOAuth {
  /**
   * The provider's consent page for this connection, carrying `state` and `redirectUri` unchanged.
   * `settings` were validated by `parseSettings` (they pick the data centre or API host). No I/O.
   */
  authorizationUrl(input: {
    readonly settings: Readonly<Record<string, unknown>>;
    readonly clientId: string;
    readonly redirectUri: string;
    readonly state: string;
  }): string;
  /**
   * Exchanges the authorization code at the provider's token endpoint and returns the credentials to
   * connect with, in the shape `parseCredentials` accepts (e.g. `{ refreshToken, clientId, clientSecret }`).
   * Raises `ConnectorError('unauthorized')` when the provider rejects the code, client or redirect URI,
   * `ConnectorError('upstream_unavailable')` when it cannot be reached and `ConnectorError('invalid_response')`
   * for an answer it cannot read. Messages never contain the code, tokens or the client secret.
   */
  exchangeCode(input: {
    readonly settings: Readonly<Record<string, unknown>>;
    readonly clientId: string;
    readonly clientSecret: string;
    readonly code: string;
    readonly redirectUri: string;
  }): Promise<Readonly<Record<string, string>>>;
}

/** An inbound webhook request as received, before anything trusts it. */
export interface WebhookRequest {
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The exact bytes received: signatures are computed over them. */
  readonly rawBody: Buffer;
  /** The full URL the provider called (some signatures cover it). */
  readonly url: string;
  readonly method: string;
}

/** A verified delivery mapped to domain events (the platform adds tenant, ids and publishes them). */
export interface WebhookDelivery {
  /** The provider's delivery id: a repeated delivery with the same id publishes nothing. */
  readonly deliveryId: string;
  /**
   * Set by schemes whose signature does not cover the delivery id (Shopify, WooCommerce, Twilio): a digest of what
   * the signature does cover. The platform records it beside the delivery id and a delivery repeating
   * either publishes nothing, so signed bytes captured once cannot be re-sent under a new delivery id.
   */
  readonly replayKey?: string;
  readonly events: readonly { readonly type: string; readonly payload: unknown; readonly occurredAt?: Date }[];
}

/** How a connector receives its provider's webhooks. */
export interface ConnectorWebhook {
  /**
   * Verifies the provider's signature and maps the payload. Raises `ConnectorError('unauthorized')` for a
   * missing or bad signature (nothing is published) and `ValidationError` for a payload it cannot read.
   */
  receive(context: ConnectorContext, request: WebhookRequest): Promise<WebhookDelivery>;
}

/** One forward-only migration. `id` is unique within its set and sorts in apply order. */
export interface SqlMigration {
  readonly id: string;
  readonly sql: string;
}
