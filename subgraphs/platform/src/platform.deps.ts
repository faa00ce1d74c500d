import type { ConnectorManifest, EventLogPort, ExternalWriteState, ExternalWriteView, PortName } from '@bizosaas/domain';

// The codegen maps the ExternalWrite type to this module's ExternalWriteView (codegen.ts); the domain owns it.
export type { ExternalWriteState, ExternalWriteView } from '@bizosaas/domain';
import type { PeopleSubgraphDeps } from './people.deps.js';

/** A connection as the platform subgraph shows it: never credentials, never where they are stored. */
export interface ConnectionView {
  readonly id: string;
  readonly port: PortName;
  readonly provider: string;
  readonly status: 'active' | 'error' | 'needs_reauth' | 'disconnected';
  readonly lastError: string | null;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly connectedAt: Date;
  readonly updatedAt: Date;
}

export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly roles: readonly string[];
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
  /** The user the key belongs to (people), when known. */
  readonly owner?: { readonly id: string } | null;
}

/**
 * What the platform subgraph needs; the composition root provides the platform's repositories and its
 * ConnectionService. Every method takes the tenant id from the verified request context.
 */
export interface PlatformSubgraphDeps {
  readonly tenants: { getById(id: string): Promise<{ readonly id: string; readonly slug: string; readonly name: string } | null> };
  readonly connections: {
    catalogue(): readonly ConnectorManifest[];
    list(tenantId: string): Promise<readonly ConnectionView[]>;
    /** Raises ValidationError (bad port/provider/settings/credentials, failed connection test); stores nothing then. */
    connect(tenantId: string, input: { port: string; provider: string; settings: unknown; credentials: unknown }): Promise<ConnectionView>;
    /** Raises NotFoundError when the port is not connected. */
    disconnect(tenantId: string, port: PortName): Promise<ConnectionView>;
  };
  /** The OAuth authorization-code connect flow (the platform's OAuthConnectService). */
  readonly oauth: {
    /**
     * Raises ValidationError (bad port/provider/settings/clientId/clientSecret, or a provider without an
     * OAuth flow); stores nothing then.
     */
    begin(
      tenantId: string,
      input: { port: string; provider: string; settings: unknown; clientId: string; clientSecret: string },
    ): Promise<{ readonly authorizationUrl: string; readonly expiresAt: Date }>;
  };
  /** The tenant event streams (retained events by cursor, and read forward from a cursor). */
  readonly events: Pick<EventLogPort, 'get' | 'readAfter'>;
  readonly apiKeys: {
    create(input: { tenantId: string; name: string; roles: readonly string[] }): Promise<{ key: string; record: ApiKeyView }>;
    list(tenantId: string): Promise<readonly ApiKeyView[]>;
    /** Raises NotFoundError for a key of another tenant. */
    revoke(tenantId: string, keyId: string): Promise<ApiKeyView>;
  };
  /** Users, sessions' second factors, keys with owners, single sign-on and the audit log (issue 17). */
  readonly people: PeopleSubgraphDeps;
  /** Intents of writes to providers (the platform's IntentReview). */
  readonly externalWrites: {
    /** Newest first; raises ValidationError naming `first` or `after`. */
    list(tenantId: string, state: ExternalWriteState, first: number, after: string | null): Promise<{ writes: readonly ExternalWriteView[]; hasMore: boolean }>;
    /**
     * Settles a needs_review intent in one statement. Raises ValidationError (`id`, `note`), NotFoundError
     * (not the tenant's), or INVALID_STATE (not needs_review).
     */
    settle(tenantId: string, input: { id: string; outcome: 'completed' | 'no_effect'; reviewedBy: string; note: string | null }): Promise<ExternalWriteView>;
  };
}
