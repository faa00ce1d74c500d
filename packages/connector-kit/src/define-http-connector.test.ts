import { ConnectorError, ValidationError, type CrmPort } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bearerToken } from './auth.js';
import { defineHttpConnector } from './define-http-connector.js';
import type { ProviderProfile } from './provider-profile.js';
import { fakeFetch } from './test-support.js';

const profile: ProviderProfile = { id: 'acme', timeoutMs: 1_000, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, rateLimit: { capacity: 10, refillPerSecond: 10 } };
const manifest = { id: 'acme', displayName: 'Acme CRM', port: 'crm' as const, capabilities: [], authKind: 'api_key' as const, settingsFields: [], credentialFields: [], allowedHosts: ['api.acme.example'], docsUrl: 'https://docs.acme.example' };
const SECRET = 'acme-secret-token-0123456789';
const noDatabase = { query: () => Promise.reject(new Error('no database')), transaction: () => Promise.reject(new Error('no database')) };

/** A provider whose "adapter" exposes one call, enough to see the wiring. */
function acme(fetchImpl: typeof fetch) {
  return defineHttpConnector({
    manifest,
    profile,
    settings: ({ allowEmulator }) => z.object({ region: z.enum(allowEmulator ? ['eu', 'us', 'local'] : ['eu', 'us']) }),
    credentials: z.object({ token: z.string().min(12, 'must be the 12+ character API token') }),
    baseUrl: (settings) => `https://${settings.region}.api.acme.example`,
    auth: (_settings, credentials) => bearerToken(credentials.token),
    createAdapter: ({ http }) => {
      const ping = () => http.request({ method: 'GET', path: '/me' }, z.object({ ok: z.boolean() }));
      // Only `provider` and the ping matter here; a partial port stands in for the whole.
      return { provider: 'acme', ping } as unknown as CrmPort;
    },
    testConnection: async (adapter) => {
      await (adapter as unknown as { ping(): Promise<unknown> }).ping();
    },
  })({ fetch: fetchImpl });
}

describe('defineHttpConnector', () => {
  it('names every bad setting and credential without echoing the credential', () => {
    const connector = acme(fakeFetch([{ status: 200, body: { ok: true } }]).fetch);
    expect(() => connector.parseSettings({ region: 'local' })).toThrow(ValidationError);
    let error: unknown;
    try {
      connector.parseCredentials({ token: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ violations: [{ field: 'credentials.token', reason: 'must be the 12+ character API token' }] });
    expect(String(error instanceof Error && error.message)).not.toContain('short');
    expect(connector.parseSettings({ region: 'eu' })).toEqual({ region: 'eu' });
    expect(() => connector.parseCredentials({ token: 12345678901234 })).toThrow(expect.objectContaining({ violations: [{ field: 'credentials.token', reason: 'must be a string' }] }));
    expect(() => connector.parseCredentials({})).toThrow(expect.objectContaining({ violations: [{ field: 'credentials.token', reason: 'is required' }] }));
  });

  it('tests the connection through the adapter, on the region\'s host, with the credential', async () => {
    const http = fakeFetch([{ status: 200, body: { ok: true } }]);
    await acme(http.fetch).testConnection({ tenantId: 't', connectionId: 'c', settings: { region: 'us' }, credentials: { token: SECRET }, sql: noDatabase });
    expect(http.calls[0]?.url).toBe('https://us.api.acme.example/me');
    expect(http.calls[0]?.headers.get('authorization')).toBe(`Bearer ${SECRET}`);
  });

  it('surfaces a rejected credential as unauthorized without the token', async () => {
    const http = fakeFetch([{ status: 401, body: { message: `token ${SECRET} revoked` } }]);
    const error: unknown = await acme(http.fetch)
      .testConnection({ tenantId: 't', connectionId: 'c', settings: { region: 'eu' }, credentials: { token: SECRET }, sql: noDatabase })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(String((error as Error).message)).not.toContain(SECRET);
  });
});
