import { ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { ga4AnalyticsConnector } from './ga4.connector.js';
import { GA4_API_URL, GA4_TOKEN_URL } from './ga4.settings.js';

const fieldsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.violations.map((v) => v.field);
    throw error;
  }
  return [];
};

describe('GA4 settings and credentials', () => {
  it('takes a numeric property id and defaults to Google\'s endpoints', () => {
    const connector = ga4AnalyticsConnector();
    expect(connector.parseSettings({ propertyId: ' 123456789 ' })).toEqual({ propertyId: '123456789', apiUrl: GA4_API_URL, tokenUrl: GA4_TOKEN_URL });
    expect(fieldsOf(() => connector.parseSettings({ propertyId: 'properties/12' }))).toEqual(['settings.propertyId']);
  });

  it('refuses a loopback endpoint unless emulators are allowed', () => {
    expect(fieldsOf(() => ga4AnalyticsConnector().parseSettings({ propertyId: '1', apiUrl: 'http://127.0.0.1:9999' }))).toEqual(['settings.apiUrl']);
    expect(ga4AnalyticsConnector({ allowEmulator: true }).parseSettings({ propertyId: '1', tokenUrl: 'http://127.0.0.1:9999/token' })).toMatchObject({ tokenUrl: 'http://127.0.0.1:9999/token' });
    expect(fieldsOf(() => ga4AnalyticsConnector({ allowEmulator: true }).parseSettings({ propertyId: '1', apiUrl: 'https://evil.example.com' }))).toEqual(['settings.apiUrl']);
  });

  it('names each bad credential field without echoing the key', () => {
    let message = '';
    try {
      ga4AnalyticsConnector().parseCredentials({ clientEmail: 'nobody', privateKey: 'secret-not-a-pem-value' });
    } catch (error) {
      message = error instanceof Error ? error.message : '';
      expect(error instanceof ValidationError && error.violations.map((v) => v.field)).toEqual(['credentials.clientEmail', 'credentials.privateKey']);
    }
    expect(message).not.toContain('secret-not-a-pem-value');
    expect(message).toContain('credentials.privateKey');
  });
});
