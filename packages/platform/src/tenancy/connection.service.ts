import {
  ConnectorError,
  NotFoundError,
  PORT_NAMES,
  ValidationError,
  Violations,
  isPortName,
  type ConnectorContext,
  type ConnectorDefinition,
  type ConnectorManifest,
  type PortName,
  type SecretStorePort,
  type SqlClient,
} from '@bizosaas/domain';
import type { ConnectionRecord, ConnectionRepository, ConnectionStatus } from './connection.repository.js';
import { newConnectionId } from './connection.repository.js';

/** A connection as a tenant may see it: never its credentials, never where they are stored. */
export interface ConnectionView {
  readonly id: string;
  readonly port: PortName;
  readonly provider: string;
  readonly status: ConnectionStatus;
  readonly lastError: string | null;
  /** The validated, non-secret settings. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly connectedAt: Date;
  readonly updatedAt: Date;
}

export interface ConnectInput {
  readonly port: string;
  readonly provider: string;
  readonly settings: unknown;
  readonly credentials: unknown;
}

export interface ConnectionServiceDeps {
  readonly sql: SqlClient;
  readonly connections: ConnectionRepository;
  readonly secrets: SecretStorePort;
  /** Only `invalidate` is used: the factory also rebuilds on its own when the connection id changes. */
  readonly adapters: { invalidate(tenantId: string, port?: PortName): void };
  readonly connectors: readonly ConnectorDefinition[];
  readonly logger?: { warn(obj: Record<string, unknown>, msg: string): void };
}

// What a failed credential test may raise that is the tenant's to fix; anything else (the provider is
// down, rate limits) propagates unchanged so the client can retry instead of re-typing a good key.
const TENANT_FIXABLE: readonly string[] = ['unauthorized', 'misconfigured'];
// A connection test sends no user data, so a request the provider refuses or a path it does not know
// means the settings point at the wrong place (site URL, layout id, API version).
const SETTINGS_FIXABLE: readonly string[] = ['invalid_request', 'rejected', 'not_found'];

/**
 * Connects and disconnects a tenant's providers (the platform subgraph's `connect` / `disconnect`).
 * Validates everything, proves the credentials against the provider, and only then writes: the new
 * secret, then the connection switch, then the clean-up of what was replaced.
 */
export class ConnectionService {
  constructor(private readonly deps: ConnectionServiceDeps) {}

  /** Every registered connector's manifest, in registration order. */
  catalogue(): ConnectorManifest[] {
    return this.deps.connectors.map((c) => c.manifest);
  }

  /** The tenant's live connections (or, with `includeDisconnected`, its whole history), newest first. */
  async list(tenantId: string, options: { readonly includeDisconnected?: boolean } = {}): Promise<ConnectionView[]> {
    const records = await this.deps.connections.listByTenant(tenantId);
    return records.filter((r) => options.includeDisconnected === true || r.status !== 'disconnected').map(toConnectionView);
  }

  /**
   * Tests the credentials, prepares the provider, stores the credentials and switches the tenant's `port`
   * to the new connection (replacing the live one, whose secret is removed afterwards). Returns the new
   * connection. Raises `ValidationError` naming `port`, `provider`, `settings.*` / `credentials.*` (all
   * together), or `credentials` with code `PLATFORM.CONNECTION_TEST_FAILED` when the provider rejects
   * them; nothing is stored then. Other errors of the test, `prepare`, the secret store and the database
   * propagate; a failed activation removes the secret it had just stored.
   */
  async connect(tenantId: string, input: ConnectInput): Promise<ConnectionView> {
    const connector = this.connectorFor(input.port, input.provider);
    const port = connector.manifest.port;
    const provider = connector.manifest.id;
    const violations = new Violations();
    const settings = violations.collect(() => connector.parseSettings(input.settings));
    const credentials = violations.collect(() => connector.parseCredentials(input.credentials));
    violations.throwIfAny();
    if (settings === undefined || credentials === undefined) throw new Error('unreachable: violations were thrown');

    const id = newConnectionId();
    const context: ConnectorContext = { tenantId, connectionId: id, settings, credentials, sql: this.deps.sql };
    await testCredentials(connector, context);
    await connector.prepare?.(context);

    // Read before the switch: `activate` does not say what it replaced.
    const replaced = await this.deps.connections.getActive(tenantId, port);
    // A per-connection path: the connection being replaced keeps its secret until the switch commits.
    const secretRef = Object.keys(credentials).length > 0 ? `tenants/${tenantId}/${port}/${provider}/${id}` : null;
    if (secretRef !== null) await this.deps.secrets.put(secretRef, credentials);
    let record: ConnectionRecord;
    try {
      record = await this.deps.connections.activate({ id, tenantId, port, provider, settings, secretRef });
    } catch (error) {
      if (secretRef !== null) await this.deleteSecretQuietly(secretRef, { tenantId, port, connectionId: id }, 'could not remove the secret of a connection that failed to activate');
      throw error;
    }
    this.deps.adapters.invalidate(tenantId, port);
    if (replaced?.secretRef != null && replaced.secretRef !== secretRef) {
      await this.deleteSecretQuietly(replaced.secretRef, { tenantId, port, connectionId: replaced.id }, 'could not remove the secret of a replaced connection');
    }
    return toConnectionView(record);
  }

  /**
   * Disconnects the tenant's live connection for `port` and removes its secret. Returns the disconnected
   * connection. Raises `ValidationError` naming `port` for an unknown port and
   * `NotFoundError('Connection', port, 'PLATFORM')` when nothing is connected to it.
   */
  async disconnect(tenantId: string, port: string): Promise<ConnectionView> {
    if (!isPortName(port)) throw new ValidationError([{ field: 'port', reason: unknownPortReason() }]);
    const record = await this.deps.connections.disconnect(tenantId, port);
    if (record === null) throw new NotFoundError('Connection', port, 'PLATFORM');
    this.deps.adapters.invalidate(tenantId, port);
    // The connection is already disconnected and can never be used again; failing here would only make a
    // retry answer "not found". The warning names the path so an operator can remove it.
    if (record.secretRef !== null) {
      await this.deleteSecretQuietly(record.secretRef, { tenantId, port, connectionId: record.id }, 'could not remove the secret of a disconnected connection');
    }
    return toConnectionView(record);
  }

  /** The connector for `port`/`provider`; raises `ValidationError` naming the unknown one. */
  private connectorFor(port: string, provider: string): ConnectorDefinition {
    return findConnector(this.deps.connectors, port, provider);
  }

  private async deleteSecretQuietly(secretRef: string, where: Record<string, unknown>, message: string): Promise<void> {
    try {
      await this.deps.secrets.delete(secretRef);
    } catch (error) {
      this.deps.logger?.warn({ ...where, secretRef, err: { message: error instanceof Error ? error.message : String(error) } }, message);
    }
  }
}

/** Runs the connector's credential test, turning a rejection the tenant can fix into a `ValidationError`. */
async function testCredentials(connector: ConnectorDefinition, context: ConnectorContext): Promise<void> {
  try {
    await connector.testConnection(context);
  } catch (error) {
    if (error instanceof ConnectorError && TENANT_FIXABLE.includes(error.code)) {
      // The connector's message says what to fix and, by the ConnectorError contract, holds no secret. A
      // reason is a clause after the field's name ("credentials were refused: ..."), as every violation reads.
      throw new ValidationError([{ field: 'credentials', reason: `were refused by the provider: ${error.message}` }], 'PLATFORM.CONNECTION_TEST_FAILED');
    }
    if (error instanceof ConnectorError && SETTINGS_FIXABLE.includes(error.code)) {
      throw new ValidationError([{ field: 'settings', reason: `were refused by the provider: ${error.message}` }], 'PLATFORM.CONNECTION_TEST_FAILED');
    }
    throw error;
  }
}

/** The connector for `port`/`provider`; raises `ValidationError` naming `port` or `provider` when unknown. */
export function findConnector(connectors: readonly ConnectorDefinition[], port: string, provider: string): ConnectorDefinition {
  if (!isPortName(port)) throw new ValidationError([{ field: 'port', reason: unknownPortReason() }]);
  const forPort = connectors.filter((c) => c.manifest.port === port);
  const connector = forPort.find((c) => c.manifest.id === provider);
  if (connector !== undefined) return connector;
  const available = forPort.map((c) => c.manifest.id);
  const reason =
    available.length === 0
      ? `no provider is available for the ${port} port`
      : `is not a provider for the ${port} port; available: ${available.join(', ')}`;
  throw new ValidationError([{ field: 'provider', reason }]);
}

function unknownPortReason(): string {
  return `is not a known port; use one of ${PORT_NAMES.join(', ')}`;
}

/** The one mapping to the public view; fields copied one by one so `secretRef` can never leak through. */
export function toConnectionView(record: ConnectionRecord): ConnectionView {
  return {
    id: record.id,
    port: record.port,
    provider: record.provider,
    status: record.status,
    lastError: record.lastError,
    settings: record.settings,
    connectedAt: record.connectedAt,
    updatedAt: record.updatedAt,
  };
}
