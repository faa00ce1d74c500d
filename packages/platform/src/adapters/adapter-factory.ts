import {
  ConnectorError,
  DomainError,
  type ConnectorDefinition,
  type PortName,
  type PortTypes,
  type SecretStorePort,
  type SqlClient,
} from '@bizosaas/domain';
import { instrumentAdapter, type PortMetrics } from './port-metrics.js';

/** The slice of a connection record the factory needs. */
export interface ActiveConnection {
  readonly id: string;
  readonly tenantId: string;
  readonly provider: string;
  readonly status: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly secretRef: string | null;
  readonly version: number;
}

export interface AdapterFactoryDeps {
  readonly connections: { getActive(tenantId: string, port: PortName): Promise<ActiveConnection | null> };
  readonly secrets: SecretStorePort;
  readonly connectors: readonly ConnectorDefinition[];
  readonly sql: SqlClient;
  readonly metrics: PortMetrics;
}

interface CacheEntry {
  readonly connectionId: string;
  readonly version: number;
  readonly adapter: Promise<unknown>;
}

/**
 * tenant -> active connection -> secret -> adapter, cached per tenant and port.
 *
 * Each `get` reads the tenant's active connection (one indexed row) and reuses the cached adapter while
 * the connection's id and version are unchanged; a new connection (connect, reconnect, status change)
 * rebuilds it on the next call, in every process, with no restart and no cross-process messaging.
 */
export class AdapterFactory {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly deps: AdapterFactoryDeps) {}

  /**
   * The tenant's adapter for `port`, instrumented. Raises `DomainError('invalid_state')` when the tenant
   * has no connection for the port, `ConnectorError('misconfigured')` when the connection needs
   * re-authorisation or its credentials are missing.
   */
  async get<P extends PortName>(tenantId: string, port: P): Promise<PortTypes[P]> {
    const connection = await this.deps.connections.getActive(tenantId, port);
    if (!connection) {
      throw new DomainError('invalid_state', 'PLATFORM.NOT_CONNECTED', `This tenant has no ${port} connection. Connect a provider for the ${port} port first.`);
    }
    if (connection.status === 'needs_reauth') {
      throw new ConnectorError('misconfigured', connection.provider, `The ${connection.provider} connection needs to be re-authorised: reconnect it to restore access.`);
    }
    const key = `${tenantId}\u0000${port}`;
    const cached = this.cache.get(key);
    if (cached && cached.connectionId === connection.id && cached.version === connection.version) {
      return cached.adapter as Promise<PortTypes[P]>;
    }
    const adapter = this.build(port, connection);
    this.cache.set(key, { connectionId: connection.id, version: connection.version, adapter });
    adapter.catch(() => {
      // A failed build is not cached: the next call tries again (the secret store may be back).
      if (this.cache.get(key)?.adapter === adapter) this.cache.delete(key);
    });
    return adapter;
  }

  /** Drops cached adapters of a tenant (all ports, or one). */
  invalidate(tenantId: string, port?: PortName): void {
    for (const key of this.cache.keys()) {
      const [cachedTenant, cachedPort] = key.split('\u0000');
      if (cachedTenant === tenantId && (port === undefined || cachedPort === port)) this.cache.delete(key);
    }
  }

  /** The connector registered for `provider` on `port`. Raises `DomainError('not_found')` when none is. */
  connector<P extends PortName>(port: P, provider: string): ConnectorDefinition<P> {
    const definition = this.deps.connectors.find((c) => c.manifest.port === port && c.manifest.id === provider);
    if (!definition) throw new DomainError('not_found', 'PLATFORM.CONNECTOR_NOT_FOUND', `No connector "${provider}" for the ${port} port`);
    return definition as ConnectorDefinition<P>;
  }

  private async build<P extends PortName>(port: P, connection: ActiveConnection): Promise<PortTypes[P]> {
    const definition = this.connector(port, connection.provider);
    const credentials = connection.secretRef ? await this.deps.secrets.get(connection.secretRef) : {};
    if (!credentials) {
      throw new ConnectorError('misconfigured', connection.provider, `The ${connection.provider} connection has no stored credentials: reconnect it.`);
    }
    const context = {
      tenantId: connection.tenantId,
      connectionId: connection.id,
      settings: definition.parseSettings(connection.settings),
      credentials: definition.parseCredentials(credentials),
      sql: this.deps.sql,
    };
    const adapter = definition.createAdapter(context);
    const labels = { tenantId: connection.tenantId, port, provider: connection.provider };
    return instrumentAdapter(adapter, this.deps.metrics, labels, { joinsUnitOfWork: definition.joinsUnitOfWork === true });
  }
}
