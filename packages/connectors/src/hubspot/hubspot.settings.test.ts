import { hubSpotCrmConnector } from './hubspot.connector.js';
import { ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { parseHubSpotCredentials, parseHubSpotSettings } from './hubspot.settings.js';

describe('HubSpot settings and credentials', () => {
  it('defaults the base URL and currency, validates both', () => {
    expect(parseHubSpotSettings({})).toEqual({ baseUrl: 'https://api.hubapi.com', defaultCurrency: 'USD' });
    expect(parseHubSpotSettings({ baseUrl: 'http://127.0.0.1:4000/', defaultCurrency: 'EUR' }, { allowEmulator: true })).toEqual({ baseUrl: 'http://127.0.0.1:4000', defaultCurrency: 'EUR' });
    expect(() => parseHubSpotSettings({ baseUrl: 'ftp://x', defaultCurrency: 'euro' })).toThrow(ValidationError);
  });

  it('takes the internal name of a deal property for deal references, refusing anything else by name', () => {
    expect(parseHubSpotSettings({ dealReferenceProperty: 'bizosaas_reference' })).toMatchObject({ dealReferenceProperty: 'bizosaas_reference' });
    expect(() => parseHubSpotSettings({ dealReferenceProperty: 'BizOSaaS Reference' })).toThrow(/settings\.dealReferenceProperty.*must be the internal name/);
  });

  it('refuses base URLs that are not HubSpot API hosts, and loopback unless the connector allows emulators', () => {
    expect(parseHubSpotSettings({ baseUrl: 'https://api.hubapi.eu' }).baseUrl).toBe('https://api.hubapi.eu');
    for (const baseUrl of ['https://evil.example', 'http://api.hubapi.com', 'http://169.254.169.254', 'http://127.0.0.1:4000']) {
      expect(() => parseHubSpotSettings({ baseUrl })).toThrow(/settings\.baseUrl/);
    }
  });

  it('accepts a private-app token (with an optional webhook client secret) or a complete OAuth set', () => {
    expect(parseHubSpotCredentials({ accessToken: 'pat-1' })).toEqual({ kind: 'private_app', accessToken: 'pat-1' });
    expect(parseHubSpotCredentials({ accessToken: 'pat-1', clientSecret: 's' })).toEqual({ kind: 'private_app', accessToken: 'pat-1', clientSecret: 's' });
    expect(parseHubSpotCredentials({ refreshToken: 'r', clientId: 'c', clientSecret: 's' })).toEqual({ kind: 'oauth', refreshToken: 'r', clientId: 'c', clientSecret: 's' });
  });

  it('names the missing fields without echoing secrets', () => {
    const error: unknown = (() => { try { parseHubSpotCredentials({ refreshToken: 'secret-refresh-token' }); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations.map((v) => v.field)).toEqual(['credentials.clientId', 'credentials.clientSecret']);
    expect((error as Error).message).not.toContain('secret-refresh-token');
    expect(() => parseHubSpotCredentials({})).toThrow(/credentials.accessToken/);
  });
});

describe('the HubSpot connector (defineHttpConnector) parses as the settings module does', () => {
  const connector = hubSpotCrmConnector({ allowEmulator: false });
  const violationsOf = (work: () => unknown) => {
    try {
      work();
    } catch (error) {
      return error instanceof ValidationError ? error.violations : [];
    }
    return [];
  };

  it('names each bad field, never echoing a credential', () => {
    expect(violationsOf(() => connector.parseSettings({ baseUrl: 'https://evil.example' }))).toEqual([{ field: 'settings.baseUrl', reason: expect.stringContaining('https://api.hubapi.com') }]);
    expect(violationsOf(() => connector.parseSettings({ baseUrl: 'http://127.0.0.1:9999' })).map((v) => v.field)).toEqual(['settings.baseUrl']);
    expect(violationsOf(() => connector.parseCredentials({ refreshToken: 'secret-refresh-token' })).map((v) => v.field).sort()).toEqual(['credentials.clientId', 'credentials.clientSecret']);
    const wrongType = violationsOf(() => connector.parseCredentials({ accessToken: 123456789 }));
    expect(wrongType).toEqual([{ field: 'credentials.accessToken', reason: 'must be a string' }]);
  });

  it('keeps a flat record of the given credentials and the default settings', () => {
    expect(connector.parseCredentials({ accessToken: 'pat-na1-abc' })).toEqual({ accessToken: 'pat-na1-abc' });
    expect(connector.parseSettings({})).toEqual({ baseUrl: 'https://api.hubapi.com', defaultCurrency: 'USD' });
    expect(hubSpotCrmConnector({ allowEmulator: true }).parseSettings({ baseUrl: 'http://127.0.0.1:9999' })).toMatchObject({ baseUrl: 'http://127.0.0.1:9999' });
  });
});
