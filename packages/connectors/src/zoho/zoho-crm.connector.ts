import { defineHttpConnector, InMemoryTokenStore, oauth2Auth, type OAuth2Tokens } from '@bizosaas/connector-kit';
import { ZohoCrmAdapter } from './zoho-crm.adapter.js';
import { zohoCrmManifest } from './zoho-crm.manifest.js';
import { createZohoConnectFlow, zohoOAuthProvider, zohoTokenFetch } from './zoho-crm.oauth.js';
import { zohoProfile } from './zoho-crm.profile.js';
import { zohoContactSchema, zohoRecordsSchema } from './zoho-crm.schemas.js';
import { zohoCredentialsSchema, zohoSettingsSchema } from './zoho-crm.settings.js';

/**
 * Zoho CRM (crm port) on the records API v8. Every call goes to the connection's own data centre
 * (`apiDomain`), with Zoho OAuth: the runtime's token store (the secret store in production, seeded with
 * the stored refresh token so the first call refreshes) and its refresh lock. Registered in the
 * runtime's list with one line: `zohoCrmConnector(runtime)`.
 */
export const zohoCrmConnector = defineHttpConnector({
  manifest: zohoCrmManifest,
  profile: zohoProfile,
  settings: zohoSettingsSchema,
  credentials: zohoCredentialsSchema,
  baseUrl: (settings) => settings.apiDomain,
  auth: (settings, credentials, context, runtime) => {
    const seed: OAuth2Tokens = { accessToken: '', refreshToken: credentials.refreshToken, expiresAt: 0 };
    return oauth2Auth({
      provider: zohoOAuthProvider(settings, credentials),
      store: runtime.tokenStore?.(context, seed) ?? new InMemoryTokenStore(seed),
      lock: runtime.lock,
      connectionId: context.connectionId,
      header: { name: 'Authorization', prefix: 'Zoho-oauthtoken ' },
      fetch: zohoTokenFetch(runtime.fetch),
    });
  },
  createAdapter: ({ context, settings, http }) => new ZohoCrmAdapter({ connectionId: context.connectionId, settings, http }),
  // One cheap authenticated call, which also proves the refresh token (the first call refreshes).
  testConnection: async (_adapter, { http }) => {
    // GET /crm/v8/Contacts?fields=Last_Name&per_page=1 — https://www.zoho.com/crm/developer/docs/api/v8/get-records.html
    await http.request(
      { method: 'GET', path: '/crm/v8/Contacts', query: { fields: 'Last_Name', per_page: 1 }, docs: 'https://www.zoho.com/crm/developer/docs/api/v8/get-records.html' },
      zohoRecordsSchema(zohoContactSchema.pick({ id: true })),
    );
  },
  oauth: (parseSettings, runtime) => createZohoConnectFlow(parseSettings, runtime.fetch ? { fetch: runtime.fetch } : {}),
});
