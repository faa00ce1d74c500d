import { ValidationError, type ConnectorContext, type ConnectorDefinition, type ConnectorManifest, type ConnectorOAuth, type ConnectorWebhook, type PortName, type PortTypes } from '@bizosaas/domain';
import type { z } from 'zod';
import type { AuthStrategy } from './auth.js';
import { createHttpClient, type ConnectorHttpClient } from './http-client.js';
import type { KitLogger } from './kit-logger.js';
import { InProcessLock, type Lock } from './lock.js';
import type { ConnectorMetrics } from './metrics.js';
import type { OAuth2Tokens, TokenStore } from './oauth2.js';
import type { ProviderProfile } from './provider-profile.js';
import { InMemoryRateLimiter, type RateLimiter } from './rate-limiter.js';

/**
 * What one process shares between all its HTTP connectors (the composition root builds it once): shared
 * rate-limit buckets and refresh locks (Redis-backed when configured), metrics, logs, and where OAuth
 * tokens are kept. Everything is optional; the defaults are in-memory.
 */
export interface HttpConnectorRuntime {
  /** Accept `http://127.0.0.1:<port>` base URLs (local emulators). Tests and local development only. */
  readonly allowEmulator?: boolean;
  readonly rateLimiter?: RateLimiter;
  readonly lock?: Lock;
  readonly logger?: KitLogger;
  readonly metrics?: ConnectorMetrics;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** A connection's OAuth tokens, persisted, seeded with what the tenant connected with. */
  readonly tokenStore?: (context: ConnectorContext, seed: OAuth2Tokens) => TokenStore;
}

/** One connection, resolved: its validated settings and credentials, its HTTP client, and the runtime. */
export interface HttpConnection<S, C> {
  readonly context: ConnectorContext;
  readonly settings: S;
  readonly credentials: C;
  readonly http: ConnectorHttpClient;
  readonly runtime: HttpConnectorRuntime & { readonly lock: Lock; readonly rateLimiter: RateLimiter };
}

/** What differs between HTTP providers; `defineHttpConnector` does the rest. */
export interface HttpConnectorParts<P extends PortName, S extends Readonly<Record<string, unknown>>, C extends Readonly<Record<string, string | undefined>>> {
  readonly manifest: ConnectorManifest & { readonly port: P };
  /** Hosts, timeouts, retries, rate limits, error table. */
  readonly profile: ProviderProfile;
  /** The settings schema; `allowEmulator` says whether loopback emulator URLs are acceptable. */
  readonly settings: (options: { readonly allowEmulator: boolean }) => z.ZodType<S>;
  /** The credentials schema: a flat record of strings (optional ones may be absent), as the secret store keeps it. */
  readonly credentials: z.ZodType<C>;
  /** The API base URL of a connection (a function of its settings: region, shop domain, site URL). */
  readonly baseUrl: (settings: S) => string;
  readonly auth: (settings: S, credentials: C, context: ConnectorContext, runtime: HttpConnection<S, C>['runtime']) => AuthStrategy;
  readonly createAdapter: (connection: HttpConnection<S, C>) => PortTypes[P];
  /** One cheap authenticated call; a rejected credential raises `ConnectorError('unauthorized')`. */
  readonly testConnection: (adapter: PortTypes[P], connection: HttpConnection<S, C>) => Promise<void>;
  /** Webhook receiver, given the way to resolve a connection (for its secret and its adapter). */
  readonly webhook?: (resolve: (context: ConnectorContext) => HttpConnection<S, C>) => ConnectorWebhook;
  readonly oauth?: (parseSettings: (raw: unknown) => S, runtime: HttpConnection<S, C>['runtime']) => ConnectorOAuth;
}

/** A connector built for a runtime: the registry (the composition root) calls it once per process. */
export type HttpConnectorFactory<P extends PortName = PortName> = (runtime?: HttpConnectorRuntime) => ConnectorDefinition<P>;

/**
 * An HTTP provider as a connector, like `defineSandboxConnector` for the sandboxes: settings and
 * credentials parsed by their schemas into `ValidationError`s naming `settings.<field>` or
 * `credentials.<field>` (never echoing a value), one kit HTTP client per connection with the provider's
 * profile, and the connection test run through the adapter. A provider is then one folder and one
 * registration line in the runtime's list.
 */
export function defineHttpConnector<P extends PortName, S extends Readonly<Record<string, unknown>>, C extends Readonly<Record<string, string | undefined>>>(
  parts: HttpConnectorParts<P, S, C>,
): HttpConnectorFactory<P> {
  return (given = {}) => {
    const runtime = { ...given, lock: given.lock ?? new InProcessLock(), rateLimiter: given.rateLimiter ?? new InMemoryRateLimiter() };
    const settingsSchema = parts.settings({ allowEmulator: given.allowEmulator === true });
    const parseSettings = (raw: unknown): S => parseWith(settingsSchema, raw, 'settings');
    const parseCredentials = (raw: unknown): C => parseWith(parts.credentials, raw, 'credentials');
    const resolve = (context: ConnectorContext): HttpConnection<S, C> => {
      const settings = parseSettings(context.settings);
      const credentials = parseCredentials(context.credentials);
      const http = createHttpClient({
        profile: parts.profile,
        baseUrl: parts.baseUrl(settings),
        connectionId: context.connectionId,
        auth: parts.auth(settings, credentials, context, runtime),
        rateLimiter: runtime.rateLimiter,
        ...(runtime.logger && { logger: runtime.logger }),
        ...(runtime.metrics && { metrics: runtime.metrics }),
        ...(runtime.fetch && { fetch: runtime.fetch }),
        ...(runtime.sleep && { sleep: runtime.sleep }),
      });
      return { context, settings, credentials, http, runtime };
    };
    return {
      manifest: parts.manifest,
      parseSettings,
      // The secret store keeps a flat record of strings: absent optional fields are left out.
      parseCredentials: (raw) => Object.fromEntries(Object.entries(parseCredentials(raw)).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
      async testConnection(context) {
        const connection = resolve(context);
        await parts.testConnection(parts.createAdapter(connection), connection);
      },
      createAdapter: (context) => parts.createAdapter(resolve(context)),
      ...(parts.webhook && { webhook: parts.webhook(resolve) }),
      ...(parts.oauth && { oauth: parts.oauth(parseSettings, runtime) }),
    };
  };
}

/**
 * Parses with a zod schema; every issue becomes a violation naming `<prefix>.<path>` with the schema's
 * reason. A missing field "is required"; a credential of the wrong type "must be a string", so no message
 * built from the input can carry a secret.
 */
function parseWith<T>(schema: z.ZodType<T>, raw: unknown, prefix: string): T {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    parsed.error.issues.map((issue) => ({
      field: [prefix, ...issue.path.map(String)].join('.'),
      reason: issue.code !== 'invalid_type' ? issue.message : !present(raw, issue.path[0]) ? 'is required' : prefix === 'credentials' ? 'must be a string' : issue.message,
    })),
  );
}

function present(raw: unknown, key: PropertyKey | undefined): boolean {
  return typeof raw === 'object' && raw !== null && typeof key === 'string' && Object.entries(raw).some(([name, value]) => name === key && value !== undefined && value !== null);
}
