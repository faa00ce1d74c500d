import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleCrmRequest } from './zoho-emulator.routes.js';
import { ZohoEmulatorStore } from './zoho-emulator.store.js';

/**
 * A local, stateful Zoho CRM v8 + accounts server, written from Zoho's documented request and response
 * shapes. One instance plays one data centre: run two ("eu", "com") to prove a connection only talks to
 * its own. It enforces `Authorization: Zoho-oauthtoken`, counts calls per endpoint, records the Host and
 * URL of every call, and injects faults (429 + Retry-After, 5xx, slow answers, expired tokens).
 */
export interface ZohoEmulatorOptions {
  /** Label for assertions ("eu", "com"). */
  readonly name?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly refreshToken?: string;
  /** Lifetime of issued access tokens (Zoho: 3600 s). */
  readonly tokenTtlSeconds?: number;
}

export interface ZohoRecordedCall {
  readonly method: string;
  /** `GET /crm/v8/Deals`, `PUT /crm/v8/Deals/{id}`, `POST /oauth/v2/token`. */
  readonly endpoint: string;
  readonly url: string;
  readonly host: string | undefined;
  readonly status: number;
}

export type ZohoFault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number; readonly code?: string; readonly message?: string }
  | { readonly kind: 'delay'; readonly ms: number };

export class ZohoEmulator {
  readonly store = new ZohoEmulatorStore();
  readonly calls: ZohoRecordedCall[] = [];
  readonly name: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  /** How many refresh_token grants the accounts server answered (successful or not). */
  refreshCalls = 0;
  /** Answer refresh grants with Zoho's `{ error: 'invalid_code' }` (a revoked refresh token). */
  rejectRefreshTokens = false;
  /** The `api_domain` the token endpoint reports; this emulator's own URL unless set (tests of a lying answer). */
  tokenApiDomain: string | undefined;
  private readonly tokens = new Map<string, number>();
  private readonly issued: string[] = [];
  private readonly faults: { fault: ZohoFault; endpoint?: string }[] = [];
  private readonly tokenTtlSeconds: number;
  private server: Server | undefined;
  url = '';

  private constructor(options: ZohoEmulatorOptions) {
    this.name = options.name ?? 'zoho';
    this.clientId = options.clientId ?? `1000.${randomBytes(8).toString('hex').toUpperCase()}`;
    this.clientSecret = options.clientSecret ?? randomBytes(16).toString('hex');
    this.refreshToken = options.refreshToken ?? `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
  }

  static async start(options: ZohoEmulatorOptions = {}): Promise<ZohoEmulator> {
    const emulator = new ZohoEmulator(options);
    const server = createServer((req, res) => void emulator.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    emulator.server = server;
    emulator.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return emulator;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Mints a valid access token, as a completed connect flow would have. */
  issueAccessToken(ttlSeconds = this.tokenTtlSeconds): string {
    const token = `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
    this.tokens.set(token, Date.now() + ttlSeconds * 1000);
    this.issued.push(token);
    return token;
  }

  /** Every access token ever issued (also expired ones), for "no token in logs" checks. */
  issuedTokens(): string[] {
    return [...this.issued];
  }

  /** Every access token issued so far stops working (Zoho answers 401 INVALID_TOKEN). */
  expireAccessTokens(): void {
    this.tokens.clear();
  }

  /** The next `times` API calls (optionally of one endpoint) get `fault`. */
  inject(fault: ZohoFault, options: { times?: number; endpoint?: string } = {}): void {
    for (let i = 0; i < (options.times ?? 1); i += 1) this.faults.push({ fault, ...(options.endpoint ? { endpoint: options.endpoint } : {}) });
  }

  /** Calls per endpoint, or of one endpoint. */
  count(endpoint?: string): number {
    return endpoint === undefined ? this.calls.length : this.calls.filter((c) => c.endpoint === endpoint).length;
  }

  /** API calls (everything but the accounts server). */
  apiCalls(): ZohoRecordedCall[] {
    return this.calls.filter((c) => c.endpoint.includes(' /crm/'));
  }

  resetCounts(): void {
    this.calls.length = 0;
    this.refreshCalls = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = req.method ?? 'GET';
    const endpoint = `${method} ${url.pathname.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
    const body = await readBody(req);
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      this.calls.push({ method, endpoint, url: req.url ?? '/', host: req.headers.host, status });
      if (payload === undefined) res.writeHead(status, headers).end();
      else res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers }).end(JSON.stringify(payload));
    };
    try {
      if (url.pathname === '/oauth/v2/token' && method === 'POST') return send(200, this.token(url, body));
      if (!url.pathname.startsWith('/crm/v8/')) return send(404, { code: 'INVALID_URL_PATTERN', details: {}, message: 'Please check if the URL trying to access is a correct one', status: 'error' });
      const index = this.faults.findIndex((f) => f.endpoint === undefined || f.endpoint === endpoint);
      const fault = index === -1 ? undefined : this.faults.splice(index, 1)[0]?.fault;
      if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
      if (fault?.kind === 'status') {
        const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
        const code = fault.code ?? (fault.status === 429 ? 'LIMIT_EXCEEDED' : 'INTERNAL_ERROR');
        const message = fault.message ?? (fault.status === 429 ? 'API call limit exceeded' : 'Internal Server Error');
        return send(fault.status, { code, details: {}, message, status: 'error' }, headers);
      }
      const auth = this.authenticate(req.headers.authorization);
      if (auth) return send(401, auth);
      const answer = handleCrmRequest(this.store, method, url, body);
      return send(answer.status, answer.body);
    } catch (error) {
      return send(500, { code: 'INTERNAL_ERROR', details: { reason: error instanceof Error ? error.message : String(error) }, message: 'Internal Server Error', status: 'error' });
    }
  }

  private authenticate(header: string | undefined): object | undefined {
    const token = header?.startsWith('Zoho-oauthtoken ') ? header.slice('Zoho-oauthtoken '.length) : undefined;
    if (token === undefined) return { code: 'AUTHENTICATION_FAILURE', details: {}, message: 'Authentication failed', status: 'error' };
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined || expiresAt <= Date.now()) return { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' };
    return undefined;
  }

  /** `POST /oauth/v2/token` (https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token-expiry.html). */
  private token(url: URL, body: string): object {
    const form = new URLSearchParams(body);
    const param = (name: string) => form.get(name) ?? url.searchParams.get(name);
    if (param('grant_type') !== 'refresh_token') return { error: 'unsupported_grant_type' };
    this.refreshCalls += 1;
    if (param('client_id') !== this.clientId || param('client_secret') !== this.clientSecret) return { error: 'invalid_client' };
    // Zoho answers a revoked or unknown refresh token with HTTP 200 and this body.
    if (this.rejectRefreshTokens || param('refresh_token') !== this.refreshToken) return { error: 'invalid_code' };
    return { access_token: this.issueAccessToken(), api_domain: this.tokenApiDomain ?? this.url, token_type: 'Bearer', expires_in: this.tokenTtlSeconds };
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}
