import { NotFoundError, type ConnectorManifest, type LoggedEvent, type PortName } from '@bizosaas/domain';
import { ADMIN_ROLES, requireRole, type ContextClaims } from '@bizosaas/subgraph-kit';
import type { ConnectionView, ExternalWriteState, ExternalWriteView, PlatformSubgraphDeps } from './platform.deps.js';
import { readEventLog, type EventLogPageView, type EventLogQuery } from './platform.event-log.js';

/**
 * The tenant's own view of the platform. Reads need any role; changing connections or keys needs admin.
 * The tenant is always the caller's: no method takes a tenant id from input.
 */
export class PlatformService {
  constructor(
    private readonly deps: PlatformSubgraphDeps,
    private readonly identity: ContextClaims,
  ) {}

  async viewer(): Promise<{ tenant: { id: string; slug: string; name: string }; principalId: string; roles: string[] }> {
    const tenant = await this.deps.tenants.getById(this.identity.tenantId);
    if (!tenant) throw new NotFoundError('Tenant', this.identity.tenantId, 'PLATFORM');
    return { tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name }, principalId: this.identity.userId, roles: [...this.identity.roles] };
  }

  /** A retained event of the caller's tenant by cursor; null when gone or when the cursor is malformed. */
  async event(cursor: string): Promise<LoggedEvent | null> {
    if (!/^[0-9-]{1,40}$/.test(cursor)) return null;
    return this.deps.events.get(this.identity.tenantId, cursor);
  }

  /** A page of the caller's tenant's event log (see readEventLog); ValidationError names a bad argument. */
  eventLog(query: EventLogQuery): Promise<EventLogPageView> {
    return readEventLog(this.deps.events, this.identity.tenantId, query);
  }

  connections(): Promise<readonly ConnectionView[]> {
    return this.deps.connections.list(this.identity.tenantId);
  }

  connectors(port: PortName | null | undefined): readonly ConnectorManifest[] {
    const all = this.deps.connections.catalogue();
    return port ? all.filter((manifest) => manifest.port === port) : all;
  }

  connect(port: PortName, provider: string, settings: unknown, credentials: unknown): Promise<ConnectionView> {
    requireRole(this.identity, ADMIN_ROLES, 'PLATFORM', 'Connecting providers');
    return this.deps.connections.connect(this.identity.tenantId, { port, provider, settings, credentials });
  }

  async beginOAuthConnect(port: PortName, provider: string, settings: unknown, clientId: string, clientSecret: string): Promise<{ authorizationUrl: string; expiresAt: Date }> {
    requireRole(this.identity, ADMIN_ROLES, 'PLATFORM', 'Connecting providers');
    const started = await this.deps.oauth.begin(this.identity.tenantId, { port, provider, settings, clientId, clientSecret });
    // Copied field by field: whatever else the platform returns (the state) stays out of the graph.
    return { authorizationUrl: started.authorizationUrl, expiresAt: started.expiresAt };
  }

  disconnect(port: PortName): Promise<ConnectionView> {
    requireRole(this.identity, ADMIN_ROLES, 'PLATFORM', 'Disconnecting providers');
    return this.deps.connections.disconnect(this.identity.tenantId, port);
  }

  /** The tenant's external-write intents in one state, newest first; ValidationError names `first` or `after`. */
  async externalWrites(state: ExternalWriteState, first: number, after: string | null): Promise<{ writes: ExternalWriteView[]; endCursor: string | null; hasNextPage: boolean }> {
    requireRole(this.identity, ADMIN_ROLES, 'PLATFORM', 'Reviewing external writes');
    const page = await this.deps.externalWrites.list(this.identity.tenantId, state, first, after);
    const writes = [...page.writes];
    return { writes, endCursor: writes.at(-1)?.id ?? null, hasNextPage: page.hasMore };
  }

  /** Settles a needs_review intent of the tenant as the caller found it at the provider; records who and the note. */
  settleExternalWrite(id: string, outcome: 'completed' | 'no_effect', note: string | null): Promise<ExternalWriteView> {
    requireRole(this.identity, ADMIN_ROLES, 'PLATFORM', 'Settling external writes');
    return this.deps.externalWrites.settle(this.identity.tenantId, { id, outcome, reviewedBy: this.identity.userId, note });
  }
}
