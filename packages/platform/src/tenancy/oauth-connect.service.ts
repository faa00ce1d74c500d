import { ConnectorError, DomainError, ValidationError, Violations, type ConnectorDefinition, type ConnectorOAuth, type SecretStorePort, type SqlClient } from '@bizosaas/domain';
import { randomBytes } from 'node:crypto';
import type { ConnectInput, ConnectionView } from './connection.service.js';
import { findConnector } from './connection.service.js';
import { OAuthStateRepository, type PendingAuthorization } from './oauth-state.repository.js';
import { randomBase32 } from './random-id.js';

/** The gateway path OAuth providers redirect back to (`<PUBLIC_URL>/oauth/callback`). */
export const OAUTH_CALLBACK_PATH = '/oauth/callback';
const DEFAULT_TTL_MS = 10 * 60_000;
// 32 random bytes in base64url, no padding.
const STATE_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export interface BeginOAuthInput {
  readonly port: string;
  readonly provider: string;
  readonly settings: unknown;
  readonly clientId: unknown;
  readonly clientSecret: unknown;
}

/** Where to send the tenant's browser; `state` is also in the URL. */
export interface OAuthAuthorization {
  readonly authorizationUrl: string;
  readonly state: string;
  readonly expiresAt: Date;
}

/** The query of the provider's redirect to `/oauth/callback`. */
export interface OAuthCallbackInput {
  readonly state?: string | undefined;
  readonly code?: string | undefined;
  /** Set by the provider instead of `code` when the user refused (`access_denied`). */
  readonly error?: string | undefined;
}

/** How a callback ended; `reason` says what happened and what to do, and holds no secret. */
export type OAuthCompletion =
  | { readonly ok: true; readonly connection: ConnectionView; readonly providerName: string; readonly tenantName: string }
  | { readonly ok: false; readonly reason: string };

export interface OAuthConnectServiceDeps {
  readonly sql: SqlClient;
  readonly secrets: SecretStorePort;
  /** The ConnectionService: the code's credentials go through its test / prepare / store / activate path. */
  readonly connections: { connect(tenantId: string, input: ConnectInput): Promise<ConnectionView> };
  readonly connectors: readonly ConnectorDefinition[];
  readonly tenants: { getById(id: string): Promise<{ readonly name: string } | null> };
  /** `<PUBLIC_URL>/oauth/callback`, registered with the provider's app. */
  readonly redirectUri: string;
  readonly logger?: { info(obj: Record<string, unknown>, msg: string): void; warn(obj: Record<string, unknown>, msg: string): void };
  readonly now?: () => number;
  /** How long a begun authorization can be completed (default 10 minutes). */
  readonly ttlMs?: number;
}

/**
 * The OAuth2 authorization-code connect flow. `begin` validates the input and parks it as a pending
 * authorization under a random, single-use, short-lived `state` (the client secret in the secret store);
 * `complete` takes that state back once, exchanges the provider's code and connects through
 * ConnectionService, so the new connection is tested and switched exactly like a pasted one.
 */
export class OAuthConnectService {
  private readonly states: OAuthStateRepository;
  private readonly now: () => number;

  constructor(private readonly deps: OAuthConnectServiceDeps) {
    this.states = new OAuthStateRepository(deps.sql);
    this.now = deps.now ?? Date.now;
  }

  /**
   * Starts connecting `port` to an OAuth provider for the tenant. Raises `ValidationError` naming `port`,
   * `provider` (unknown, or without an OAuth flow), `settings.*`, `clientId` and `clientSecret` (settings
   * and client fields together); nothing is stored then. Errors of the secret store and database propagate.
   */
  async begin(tenantId: string, input: BeginOAuthInput): Promise<OAuthAuthorization> {
    const connector = findConnector(this.deps.connectors, input.port, input.provider);
    const oauth = connector.oauth;
    if (oauth === undefined) {
      throw new ValidationError([{ field: 'provider', reason: `${connector.manifest.displayName} has no OAuth connect flow; use connect with its credentials` }]);
    }
    const violations = new Violations();
    const settings = violations.collect(() => connector.parseSettings(input.settings));
    const clientId = clientField(violations, 'clientId', input.clientId, 500);
    const clientSecret = clientField(violations, 'clientSecret', input.clientSecret, 2000);
    violations.throwIfAny();
    if (settings === undefined || clientId === undefined || clientSecret === undefined) throw new Error('unreachable: violations were thrown');

    await this.sweepExpired();
    const state = randomBytes(32).toString('base64url');
    const authorizationUrl = oauth.authorizationUrl({ settings, clientId, redirectUri: this.deps.redirectUri, state });
    const expiresAt = new Date(this.now() + (this.deps.ttlMs ?? DEFAULT_TTL_MS));
    // A path of its own, unrelated to the state, so the path (which may be logged) reveals nothing.
    const secretRef = `tenants/${tenantId}/oauth-pending/${randomBase32(24)}`;
    await this.deps.secrets.put(secretRef, { clientSecret });
    try {
      await this.states.insert(state, { tenantId, port: connector.manifest.port, provider: connector.manifest.id, settings, clientId, secretRef, expiresAt });
    } catch (error) {
      await this.deleteSecretQuietly(secretRef, 'could not remove the client secret of an OAuth authorization that failed to start');
      throw error;
    }
    return { authorizationUrl, state, expiresAt };
  }

  /**
   * Completes the flow for the provider's redirect. The state is consumed first (a second call with it
   * is refused, as are unknown and expired states); the client secret is removed from the secret store
   * whatever happens next. Returns the new connection, or the reason it failed (a rejected code, a
   * refusal at the provider, a failed connection test), in which case nothing was connected. Errors of the
   * database and secret store, and unexpected connector errors, propagate.
   */
  async complete(input: OAuthCallbackInput): Promise<OAuthCompletion> {
    const state = input.state ?? '';
    const pending = STATE_FORMAT.test(state) ? await this.states.take(state) : null;
    if (pending === null) return fail('This authorization link is unknown or was already used. Start connecting again from the portal.');
    const where = { tenantId: pending.tenantId, port: pending.port, provider: pending.provider };
    try {
      const connector = findConnector(this.deps.connectors, pending.port, pending.provider);
      const name = connector.manifest.displayName;
      if (pending.expiresAt.getTime() <= this.now()) return this.failed(where, `The ${name} authorization expired (it is valid for ten minutes). Start connecting again from the portal.`);
      if (input.error !== undefined) {
        const code = /^[a-z_]{1,40}$/.test(input.error) ? ` (${input.error})` : '';
        return this.failed(where, `${name} did not authorise the connection${code}. Start connecting again and grant access.`);
      }
      const code = input.code ?? '';
      if (code.length === 0 || code.length > 4096) return this.failed(where, `${name} sent no authorization code. Start connecting again from the portal.`);
      const secret = await this.deps.secrets.get(pending.secretRef);
      if (!secret?.clientSecret) return this.failed(where, `The ${name} authorization expired. Start connecting again from the portal.`);
      const connection = await this.exchangeAndConnect(connector.oauth, pending, secret.clientSecret, code);
      if (typeof connection === 'string') return this.failed(where, `${name} was not connected: ${connection}`);
      const tenant = await this.deps.tenants.getById(pending.tenantId);
      this.deps.logger?.info({ ...where, connectionId: connection.id }, 'connected through OAuth');
      return { ok: true, connection, providerName: name, tenantName: tenant?.name ?? pending.tenantId };
    } finally {
      await this.deleteSecretQuietly(pending.secretRef, 'could not remove the client secret of a finished OAuth authorization', where);
    }
  }

  /** The connection, or why the tenant's side failed (a message fit to show); other errors propagate. */
  private async exchangeAndConnect(oauth: ConnectorOAuth | undefined, pending: PendingAuthorization, clientSecret: string, code: string): Promise<ConnectionView | string> {
    if (oauth === undefined) return 'the connector no longer has an OAuth connect flow';
    try {
      const credentials = await oauth.exchangeCode({ settings: pending.settings, clientId: pending.clientId, clientSecret, code, redirectUri: this.deps.redirectUri });
      return await this.deps.connections.connect(pending.tenantId, { port: pending.port, provider: pending.provider, settings: pending.settings, credentials });
    } catch (error) {
      // By their contracts these messages hold no secret: the connector's say what the provider refused,
      // a ValidationError's name fields and reasons, never values.
      if (error instanceof ValidationError) return error.violations.map((v) => v.reason).join('; ');
      if (error instanceof ConnectorError || error instanceof DomainError) return error.message;
      throw error;
    }
  }

  private failed(where: Record<string, unknown>, reason: string): OAuthCompletion {
    this.deps.logger?.warn({ ...where, reason }, 'OAuth connect failed');
    return fail(reason);
  }

  /** Removes authorizations nobody completed, with their client secrets (a few per `begin`). */
  private async sweepExpired(): Promise<void> {
    for (const secretRef of await this.states.sweepExpired(new Date(this.now()))) {
      await this.deleteSecretQuietly(secretRef, 'could not remove the client secret of an expired OAuth authorization');
    }
  }

  private async deleteSecretQuietly(secretRef: string, message: string, where: Record<string, unknown> = {}): Promise<void> {
    try {
      await this.deps.secrets.delete(secretRef);
    } catch (error) {
      this.deps.logger?.warn({ ...where, secretRef, err: { message: error instanceof Error ? error.message : String(error) } }, message);
    }
  }
}

function fail(reason: string): OAuthCompletion {
  return { ok: false, reason };
}

/** A client id or secret: a non-empty string without control characters; the value is never echoed. */
function clientField(violations: Violations, field: string, value: unknown, max: number): string | undefined {
  if (typeof value !== 'string' || value.trim().length === 0) {
    violations.add(field, 'is required');
    return undefined;
  }
  if (value.length > max || /[\u0000-\u001f\u007f]/.test(value)) {
    violations.add(field, `must be at most ${max} printable characters`);
    return undefined;
  }
  return value;
}
