import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

/** The parts of a provider's discovery document (OpenID Connect Discovery 1.0) this client uses. */
export interface ProviderMetadata {
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly jwksUri: string;
  readonly tokenAuthMethods: readonly string[];
  readonly keys: JWTVerifyGetKey;
}

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
});

const CACHE_MS = 10 * 60 * 1000;

/** Fetches and caches discovery documents and JWKS per issuer. */
export class OidcDiscovery {
  private readonly cache = new Map<string, { at: number; metadata: ProviderMetadata }>();

  /** Raises Error with a reason safe to show when the issuer cannot be discovered or names another issuer. */
  async metadata(issuer: string): Promise<ProviderMetadata> {
    const cached = this.cache.get(issuer);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.metadata;
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let body: unknown;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000), headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = await response.json();
    } catch (error) {
      throw new Error(`cannot read ${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsed = discoverySchema.safeParse(body);
    if (!parsed.success) throw new Error(`${url} is not an OpenID Provider discovery document`);
    // Discovery 4.3: the document's issuer must be exactly the configured one (no mix-up with another provider).
    if (parsed.data.issuer !== issuer) throw new Error(`${url} names issuer ${parsed.data.issuer}, not ${issuer}`);
    if (parsed.data.code_challenge_methods_supported && !parsed.data.code_challenge_methods_supported.includes('S256')) throw new Error('the provider does not support PKCE with S256');
    const metadata: ProviderMetadata = {
      issuer,
      authorizationEndpoint: parsed.data.authorization_endpoint,
      tokenEndpoint: parsed.data.token_endpoint,
      jwksUri: parsed.data.jwks_uri,
      tokenAuthMethods: parsed.data.token_endpoint_auth_methods_supported ?? ['client_secret_basic'],
      keys: createRemoteJWKSet(new URL(parsed.data.jwks_uri), { timeoutDuration: 5_000 }),
    };
    this.cache.set(issuer, { at: Date.now(), metadata });
    return metadata;
  }
}
