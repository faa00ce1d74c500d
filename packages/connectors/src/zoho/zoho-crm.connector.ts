import type { ConnectorContext, ConnectorDefinition } from '@bizosaas/domain';
import {
  createHttpClient,
  InMemoryRateLimiter,
  InMemoryTokenStore,
  InProcessLock,
  oauth2Auth,
  type ConnectorHttpClient,
  type ConnectorMetrics,
  type KitLogger,
  type Lock,
  type RateLimiter,
  type TokenStore,
} from '@bizosaas/connector-kit';
import { ZohoCrmAdapter } from './zoho-crm.adapter.js';
import { zohoCrmManifest } from './zoho-crm.manifest.js';
import { createZohoConnectFlow, zohoOAuthProvider, zohoTokenFetch } from './zoho-crm.oauth.js';
import { zohoProfile } from './zoho-crm.profile.js';
import { zohoRecordsSchema, zohoContactSchema } from './zoho-crm.schemas.js';
import { parseZohoCredentials, parseZohoSettings, type ZohoCrmCredentials, type ZohoCrmSettings } from './zoho-crm.settings.js';

export interface ZohoCrmConnectorOptions {
  /** Accept `http://127.0.0.1:<port>` domains (local emulators). Tests only; never tenant-controlled. */
  readonly allowEmulator?: boolean;
  /**
   * Where a connection's OAuth tokens live. The default keeps them in memory, seeded with the stored
   * refresh token (the first call refreshes); the platform passes one that persists tokens in the secret
   * store and marks the connection NEEDS_REAUTH.
   */
  readonly tokenStore?: (context: ConnectorContext, credentials: ZohoCrmCredentials) => TokenStore;
  /** One refresh at a time per connection; in-process by default (RedisLock across processes). */
  readonly lock?: Lock;
  readonly rateLimiter?: RateLimiter;
  readonly logger?: KitLogger;
  readonly metrics?: ConnectorMetrics;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The HTTP client of one Zoho connection: its api_domain, its accounts server, Zoho OAuth. */
export function createZohoHttpClient(
  context: ConnectorContext,
  settings: ZohoCrmSettings,
  credentials: ZohoCrmCredentials,
  options: ZohoCrmConnectorOptions & { readonly lock: Lock; readonly rateLimiter: RateLimiter },
): ConnectorHttpClient {
  const store = options.tokenStore?.(context, credentials) ?? new InMemoryTokenStore({ accessToken: '', refreshToken: credentials.refreshToken, expiresAt: 0 });
  const auth = oauth2Auth({
    provider: zohoOAuthProvider(settings, credentials),
    store,
    lock: options.lock,
    connectionId: context.connectionId,
    header: { name: 'Authorization', prefix: 'Zoho-oauthtoken ' },
    fetch: zohoTokenFetch(options.fetch),
  });
  return createHttpClient({
    profile: zohoProfile,
    // Every API call goes to the connection's own data centre.
    baseUrl: settings.apiDomain,
    connectionId: context.connectionId,
    auth,
    rateLimiter: options.rateLimiter,
    ...(options.logger && { logger: options.logger }),
    ...(options.metrics && { metrics: options.metrics }),
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.sleep && { sleep: options.sleep }),
  });
}

/** Builds the Zoho CRM connector; `zohoCrmConnector` is the production instance. */
export function createZohoCrmConnector(options: ZohoCrmConnectorOptions = {}): ConnectorDefinition<'crm'> {
  const shared = { ...options, lock: options.lock ?? new InProcessLock(), rateLimiter: options.rateLimiter ?? new InMemoryRateLimiter() };
  const parseSettings = (raw: unknown) => parseZohoSettings(raw, { allowEmulator: options.allowEmulator === true });
  const clientFor = (context: ConnectorContext) => createZohoHttpClient(context, parseSettings(context.settings), parseZohoCredentials(context.credentials), shared);
  return {
    manifest: zohoCrmManifest,
    parseSettings,
    parseCredentials: parseZohoCredentials,

    async testConnection(context) {
      // One cheap authenticated call, which also proves the refresh token (the first call refreshes).
      // GET /crm/v8/Contacts?fields=Last_Name&per_page=1 — https://www.zoho.com/crm/developer/docs/api/v8/get-records.html
      await clientFor(context).request(
        { method: 'GET', path: '/crm/v8/Contacts', query: { fields: 'Last_Name', per_page: 1 }, docs: 'https://www.zoho.com/crm/developer/docs/api/v8/get-records.html' },
        zohoRecordsSchema(zohoContactSchema.pick({ id: true })),
      );
    },

    createAdapter(context) {
      return new ZohoCrmAdapter({ connectionId: context.connectionId, settings: parseSettings(context.settings), http: clientFor(context) });
    },

    oauth: createZohoConnectFlow(parseSettings, { ...(options.fetch && { fetch: options.fetch }) }),
  };
}

export const zohoCrmConnector: ConnectorDefinition<'crm'> = createZohoCrmConnector();
