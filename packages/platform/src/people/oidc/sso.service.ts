import { Violations, type SecretStorePort, type SqlClient } from '@bizosaas/domain';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { TenantRepository } from '../../tenancy/tenant.repository.js';
import type { AuditLog } from '../audit-log.js';
import { hashToken, newSecretToken } from '../people-ids.js';
import { actorOf, type Caller, type IssuedSession, type RequestOrigin, type SessionUser } from '../people.types.js';
import type { SignInService } from '../sign-in.service.js';
import type { TenantAuthSettings } from '../tenant-auth-settings.js';
import { USER_ROLES, type UserRecord, type UserRepository, type UserRole } from '../user.repository.js';
import { validateIdToken } from './id-token.js';
import { OidcDiscovery } from './oidc-discovery.js';

export type SsoRefusal = { readonly status: 'REFUSED'; readonly httpStatus: number; readonly code: string; readonly message: string };
type SignedIn = { readonly status: 'SIGNED_IN'; readonly session: IssuedSession; readonly user: SessionUser };

export interface SsoDeps {
  readonly sql: SqlClient;
  readonly tenants: TenantRepository;
  readonly users: UserRepository;
  readonly settings: TenantAuthSettings;
  readonly secrets: SecretStorePort;
  readonly signIn: SignInService;
  readonly audit: AuditLog;
  /** `<PUBLIC_URL>/auth/oidc/callback`. */
  readonly redirectUri: string;
}

const FLOW_SECONDS = 600;
const tokenResponse = z.object({ id_token: z.string(), token_type: z.string().optional() });

/**
 * Single sign-on with a tenant's OpenID provider: authorization code flow with PKCE (S256), state (bound
 * to the browser by a cookie) and nonce; the ID token is validated with `jose` against the provider's JWKS.
 * Users are matched by verified email within the tenant, or created with the tenant's default role.
 */
export class SsoService {
  private readonly discovery = new OidcDiscovery();

  constructor(private readonly deps: SsoDeps) {}

  /** Sets the tenant's provider; the secret goes to the secret store. Raises ValidationError naming the field. */
  async configure(caller: Caller, input: { issuer: string; clientId: string; clientSecret: string; defaultRole?: string | null }): Promise<{ issuer: string; clientId: string; defaultRole: UserRole }> {
    const violations = new Violations();
    const issuer = input.issuer.trim();
    if (!issuerAllowed(issuer)) violations.add('issuer', 'must be an https:// URL (http:// only on loopback)');
    if (input.clientId.trim().length === 0 || input.clientId.length > 200) violations.add('clientId', 'must be 1-200 characters');
    if (input.clientSecret.length === 0 || input.clientSecret.length > 500) violations.add('clientSecret', 'must be 1-500 characters');
    const defaultRole = USER_ROLES.find((role) => role === (input.defaultRole ?? 'viewer'));
    if (!defaultRole) violations.add('defaultRole', `must be one of ${USER_ROLES.join(', ')}`);
    violations.throwIfAny();
    try {
      await this.discovery.metadata(issuer);
    } catch (error) {
      new Violations().add('issuer', `cannot be used: ${error instanceof Error ? error.message : String(error)}`).throwIfAny();
    }
    const settings = { issuer, clientId: input.clientId.trim(), defaultRole: defaultRole ?? 'viewer' };
    await this.deps.secrets.put(secretPath(caller.tenantId), { clientSecret: input.clientSecret });
    await this.deps.settings.setOidc(caller.tenantId, settings);
    await this.deps.audit.record({ tenantId: caller.tenantId, actor: actorOf(caller), action: 'sso.configure', target: issuer, outcome: 'success', address: caller.address ?? null, details: { clientId: settings.clientId, defaultRole: settings.defaultRole } });
    return settings;
  }

  /** The provider's authorization URL for the tenant, and the state for the browser-binding cookie. */
  async start(tenantSlug: string, _origin: RequestOrigin): Promise<{ redirectUrl: string; flowToken: string } | SsoRefusal> {
    const tenant = await this.deps.tenants.getBySlug(tenantSlug.trim().toLowerCase());
    const oidc = tenant ? (await this.deps.settings.get(tenant.id)).oidc : null;
    if (!tenant || !oidc) return refusal(404, 'SSO_NOT_CONFIGURED', 'Single sign-on is not set up for this tenant.');
    const provider = await this.discovery.metadata(oidc.issuer);
    const state = newSecretToken();
    const nonce = newSecretToken();
    const verifier = randomBytes(32).toString('base64url');
    await this.deps.sql.query(
      `INSERT INTO oidc_flows (state_hash, tenant_id, nonce, code_verifier, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [hashToken(state), tenant.id, nonce, verifier, FLOW_SECONDS],
    );
    const url = new URL(provider.authorizationEndpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: oidc.clientId,
      redirect_uri: this.deps.redirectUri,
      scope: 'openid email profile',
      state,
      nonce,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    return { redirectUrl: url.toString(), flowToken: state };
  }

  /** Finishes the flow: one use per state, then code exchange, ID token validation and the user. */
  async callback(query: Readonly<Record<string, string | undefined>>, flowToken: string | undefined, origin: RequestOrigin): Promise<SignedIn | SsoRefusal> {
    const state = query.state;
    if (!state || !flowToken || !sameString(state, flowToken)) return refusal(400, 'SSO_STATE_MISMATCH', 'The sign-in did not start in this browser; start it again.');
    const claimed = await this.deps.sql.query(
      'UPDATE oidc_flows SET used_at = now() WHERE state_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING tenant_id, nonce, code_verifier',
      [hashToken(state)],
    );
    if (claimed.rows[0] === undefined) return refusal(400, 'SSO_EXPIRED', 'The sign-in expired or was used already; start it again.');
    const flow = z.object({ tenant_id: z.string(), nonce: z.string(), code_verifier: z.string() }).parse(claimed.rows[0]);
    const oidc = (await this.deps.settings.get(flow.tenant_id)).oidc;
    if (!oidc) return refusal(404, 'SSO_NOT_CONFIGURED', 'Single sign-on is not set up for this tenant.');
    const fail = async (code: string, reason: string, label: string | null = null) => {
      await this.deps.audit.record({ tenantId: flow.tenant_id, actor: { type: 'anonymous', id: null, label }, action: 'auth.sign_in', outcome: 'failure', address: origin.address, details: { method: 'oidc', reason } });
      return refusal(401, code, 'Single sign-on failed; try again or ask your administrator.');
    };
    if (query.error) return fail('SSO_DENIED', `provider answered ${query.error.slice(0, 60)}`);
    if (query.iss !== undefined && query.iss !== oidc.issuer) return fail('SSO_FAILED', 'iss parameter names another issuer');
    if (!query.code) return fail('SSO_FAILED', 'no code');
    const provider = await this.discovery.metadata(oidc.issuer);
    const idToken = await this.exchange(provider, oidc, flow, query.code);
    if (idToken === null) return fail('SSO_FAILED', 'token exchange failed');
    const validated = await validateIdToken(idToken, provider.keys, { issuer: oidc.issuer, audience: oidc.clientId, nonce: flow.nonce });
    if (!validated.ok) return fail('SSO_INVALID_TOKEN', `ID token refused: ${validated.reason}`);
    const { email, email_verified: verified, name } = validated.claims;
    if (typeof email !== 'string' || verified !== true) return fail('SSO_EMAIL_NOT_VERIFIED', 'no verified email in the ID token', typeof email === 'string' ? email : null);
    const user = await this.userFor(flow.tenant_id, email, typeof name === 'string' ? name : email, oidc.defaultRole);
    if (user.status !== 'active') return fail('SSO_ACCOUNT_DEACTIVATED', 'account deactivated', email);
    return this.deps.signIn.completeSignIn(user, origin, 'oidc');
  }

  private async exchange(provider: { tokenEndpoint: string; tokenAuthMethods: readonly string[] }, oidc: { clientId: string }, flow: { tenant_id: string; code_verifier: string }, code: string): Promise<string | null> {
    const secret = (await this.deps.secrets.get(secretPath(flow.tenant_id)))?.clientSecret;
    if (typeof secret !== 'string') return null;
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: this.deps.redirectUri, code_verifier: flow.code_verifier });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (provider.tokenAuthMethods.includes('client_secret_basic')) {
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(oidc.clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
    } else {
      body.set('client_id', oidc.clientId);
      body.set('client_secret', secret);
    }
    try {
      const response = await fetch(provider.tokenEndpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
      if (!response.ok) return null;
      const parsed = tokenResponse.safeParse(await response.json());
      return parsed.success ? parsed.data.id_token : null;
    } catch {
      return null;
    }
  }

  private async userFor(tenantId: string, email: string, name: string, role: UserRole): Promise<UserRecord> {
    const existing = await this.deps.users.findCredentials(tenantId, email);
    if (existing) return existing.user;
    const user = await this.deps.users.insert({ tenantId, email, name: name.slice(0, 100), role, passwordHash: null });
    await this.deps.audit.record({ tenantId, actor: { type: 'user', id: user.id, label: user.email }, action: 'user.created_by_sso', target: user.id, outcome: 'success', details: { role } });
    return user;
  }
}

function secretPath(tenantId: string): string {
  return `tenants/${tenantId}/sso/oidc`;
}

function issuerAllowed(issuer: string): boolean {
  try {
    const url = new URL(issuer);
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function refusal(httpStatus: number, code: string, message: string): SsoRefusal {
  return { status: 'REFUSED', httpStatus, code, message };
}
