import type { ConnectorMetrics, KitLogger, Lock, RateLimiter, TokenStore } from '@bizosaas/connector-kit';
import type { ConnectorContext, ConnectorDefinition } from '@bizosaas/domain';
import { createHubSpotAuth } from './hubspot.auth.js';
import { HubSpotCrmAdapter } from './hubspot-crm.adapter.js';
import { hubSpotCrmManifest } from './hubspot.manifest.js';
import { createHubSpotConnectFlow } from './hubspot.oauth.js';
import { parseHubSpotCredentials, parseHubSpotSettings } from './hubspot.settings.js';
import { createHubSpotWebhook } from './hubspot.webhook-receiver.js';

/** What the platform can wire into HubSpot adapters (all optional; in-memory defaults). */
export interface HubSpotConnectorOptions {
  /** Accept `http://127.0.0.1:<port>` base URLs (local emulators). Tests only; never tenant-controlled. */
  readonly allowEmulator?: boolean;
  /** OAuth tokens per connection, persisted, with NEEDS_REAUTH recorded on the connection. */
  readonly tokenStore?: (context: ConnectorContext) => TokenStore;
  readonly lock?: Lock;
  readonly rateLimiter?: RateLimiter;
  readonly logger?: KitLogger;
  readonly metrics?: ConnectorMetrics;
  readonly fetch?: typeof fetch;
}

/** Builds the HubSpot CRM connector; `hubspotCrmConnector` is the one with in-memory defaults. */
export function createHubSpotCrmConnector(options: HubSpotConnectorOptions = {}): ConnectorDefinition<'crm'> {
  const parseSettings = (raw: unknown) => parseHubSpotSettings(raw, { allowEmulator: options.allowEmulator === true });
  const build = (context: ConnectorContext): HubSpotCrmAdapter => {
    const settings = parseSettings(context.settings);
    const credentials = parseHubSpotCredentials(context.credentials);
    const auth = createHubSpotAuth(credentials, {
      connectionId: context.connectionId,
      baseUrl: settings.baseUrl,
      ...(options.tokenStore && { tokenStore: options.tokenStore(context) }),
      ...(options.lock && { lock: options.lock }),
      ...(options.fetch && { fetch: options.fetch }),
    });
    return new HubSpotCrmAdapter({
      connectionId: context.connectionId,
      auth,
      baseUrl: settings.baseUrl,
      defaultCurrency: settings.defaultCurrency,
      ...(options.rateLimiter && { rateLimiter: options.rateLimiter }),
      ...(options.logger && { logger: options.logger }),
      ...(options.metrics && { metrics: options.metrics }),
      ...(options.fetch && { fetch: options.fetch }),
    });
  };
  return {
    manifest: hubSpotCrmManifest,
    parseSettings,
    parseCredentials: (raw) => {
      const credentials = parseHubSpotCredentials(raw);
      // Stored as a flat string record (the secret store's shape); `kind` is derived again on read.
      const { kind: _kind, ...fields } = credentials;
      return fields;
    },
    async testConnection(context) {
      // One cheap authenticated call; a rejected token surfaces as ConnectorError('unauthorized').
      await build(context).listContacts({ first: 1 });
    },
    createAdapter: build,
    webhook: createHubSpotWebhook(build),
    oauth: createHubSpotConnectFlow(parseSettings, { ...(options.fetch && { fetch: options.fetch }) }),
  };
}

export const hubspotCrmConnector: ConnectorDefinition<'crm'> = createHubSpotCrmConnector();
