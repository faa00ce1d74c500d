import { createSign } from 'node:crypto';
import { redact, type AuthStrategy, type Lock } from '@bizosaas/connector-kit';
import { ConnectorError } from '@bizosaas/domain';
import { ga4TokenSchema } from './ga4.schemas.js';
import { GA4_PROVIDER } from './ga4.settings.js';

export const GA4_SCOPE = 'https://www.googleapis.com/auth/analytics.readonly';

export interface ServiceAccountOptions {
  readonly clientEmail: string;
  readonly privateKey: string;
  readonly tokenUrl: string;
  readonly connectionId: string;
  readonly lock: Lock;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A signed RS256 JWT assertion (https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests). */
export function signAssertion(options: Pick<ServiceAccountOptions, 'clientEmail' | 'privateKey' | 'tokenUrl'>, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const head = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = base64url(JSON.stringify({ iss: options.clientEmail, scope: GA4_SCOPE, aud: options.tokenUrl, iat, exp: iat + 3600 }));
  const signature = createSign('RSA-SHA256').update(`${head}.${claims}`).sign(options.privateKey);
  return `${head}.${claims}.${base64url(signature)}`;
}

/**
 * Service-account auth: a signed JWT exchanged for an access token, kept until a minute before expiry and
 * refreshed one at a time per connection (the lock, cache re-read inside it), and again after a 401.
 * The key and tokens are redacted from every error and log line.
 */
export function serviceAccountAuth(options: ServiceAccountOptions): AuthStrategy {
  const now = options.now ?? Date.now;
  let token: { value: string; expiresAt: number } | undefined;
  const known = new Set<string>([options.privateKey]);
  const fail = (code: ConnectorError['code'], detail: string) => new ConnectorError(code, GA4_PROVIDER, redact(`ga4 token endpoint: ${detail}`, [...known]));

  async function exchange(): Promise<{ value: string; expiresAt: number }> {
    const form = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: signAssertion(options, now()) });
    let response: Response;
    let body: unknown;
    try {
      response = await (options.fetch ?? fetch)(options.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), signal: AbortSignal.timeout(30_000) });
      body = await response.json().catch(() => undefined);
    } catch (error) {
      throw fail('upstream_unavailable', `could not be reached (${error instanceof Error ? error.message : String(error)})`);
    }
    if (response.status === 400 || response.status === 401) throw fail('unauthorized', `Google refused the service account key (HTTP ${response.status}); upload a valid key`);
    if (!response.ok) throw fail(response.status >= 500 ? 'upstream_unavailable' : 'misconfigured', `answered HTTP ${response.status}`);
    const parsed = ga4TokenSchema.safeParse(body);
    if (!parsed.success) throw fail('invalid_response', 'answered without access_token/expires_in');
    known.add(parsed.data.access_token);
    return { value: parsed.data.access_token, expiresAt: now() + parsed.data.expires_in * 1000 };
  }

  const fresh = (t: typeof token): t is { value: string; expiresAt: number } => t !== undefined && t.expiresAt - 60_000 > now();
  const refreshUnless = (keep: (t: typeof token) => boolean) =>
    options.lock.withLock(`ga4:token:${options.connectionId}`, async () => {
      if (!keep(token) || token === undefined) token = await exchange();
      return token;
    });

  return {
    async authorize(headers) {
      const current = fresh(token) ? token : await refreshUnless(fresh);
      headers.set('Authorization', `Bearer ${current.value}`);
    },
    async onUnauthorized(rejected) {
      const used = rejected?.get('Authorization')?.slice('Bearer '.length);
      await refreshUnless((t) => fresh(t) && t.value !== used);
      return true;
    },
    secrets: () => [...known],
  };
}
