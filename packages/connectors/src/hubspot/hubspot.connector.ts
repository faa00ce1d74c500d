import { defineHttpConnector } from '@bizosaas/connector-kit';
import { createHubSpotAuth } from './hubspot.auth.js';
import { HubSpotCrmAdapter } from './hubspot-crm.adapter.js';
import { hubSpotCrmManifest } from './hubspot.manifest.js';
import { createHubSpotConnectFlow } from './hubspot.oauth.js';
import { hubSpotProfile } from './hubspot.profile.js';
import { hubSpotCredentialsSchema, hubSpotSettingsSchema, parseHubSpotCredentials } from './hubspot.settings.js';
import { createHubSpotWebhook } from './hubspot.webhook-receiver.js';

/**
 * HubSpot CRM (crm port) on CRM v3 objects, v4 associations and v3 pipelines, with a private-app token
 * or OAuth (tokens in the runtime's token store, seeded with what the tenant connected with; one refresh
 * at a time per connection under the runtime's lock). Registered in the runtime's list with one line:
 * `hubSpotCrmConnector(runtime)`.
 */
export const hubSpotCrmConnector = defineHttpConnector({
  manifest: hubSpotCrmManifest,
  profile: hubSpotProfile,
  settings: hubSpotSettingsSchema,
  credentials: hubSpotCredentialsSchema,
  baseUrl: (settings) => settings.baseUrl,
  auth: (settings, raw, context, runtime) => {
    const credentials = parseHubSpotCredentials(raw);
    const seed = { accessToken: credentials.accessToken ?? '', refreshToken: credentials.kind === 'oauth' ? credentials.refreshToken : '', expiresAt: 0 };
    const tokenStore = credentials.kind === 'oauth' ? runtime.tokenStore?.(context, seed) : undefined;
    return createHubSpotAuth(credentials, {
      connectionId: context.connectionId,
      baseUrl: settings.baseUrl,
      lock: runtime.lock,
      ...(tokenStore && { tokenStore }),
      ...(runtime.fetch && { fetch: runtime.fetch }),
    });
  },
  createAdapter: ({ context, settings, http }) => new HubSpotCrmAdapter({ connectionId: context.connectionId, defaultCurrency: settings.defaultCurrency, dealReferenceProperty: settings.dealReferenceProperty, http }),
  // One cheap authenticated call; a rejected token surfaces as ConnectorError('unauthorized').
  testConnection: async (adapter) => {
    await adapter.listContacts({ first: 1 });
  },
  webhook: (resolve) =>
    createHubSpotWebhook((context) => {
      const { settings, http } = resolve(context);
      return new HubSpotCrmAdapter({ connectionId: context.connectionId, defaultCurrency: settings.defaultCurrency, dealReferenceProperty: settings.dealReferenceProperty, http });
    }),
  oauth: (parseSettings, runtime) => createHubSpotConnectFlow(parseSettings, runtime.fetch ? { fetch: runtime.fetch } : {}),
});
