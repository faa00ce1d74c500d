import { ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { twilioConnector } from './twilio.connector.js';

const ACCOUNT = `AC${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'fedcba9876543210fedcba9876543210';

function violations(run: () => unknown): { field: string; reason: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.violations.map((v) => ({ field: v.field, reason: v.reason }));
    throw error;
  }
  throw new Error('accepted');
}

describe('Twilio settings and credentials', () => {
  const production = twilioConnector();

  it('accepts an account, a sender and an https public URL, and calls api.twilio.com', () => {
    expect(production.parseSettings({ accountSid: ACCOUNT, fromNumber: '+15005550006', publicUrl: 'https://bizosaas.example.com/' })).toEqual({ accountSid: ACCOUNT, fromNumber: '+15005550006', publicUrl: 'https://bizosaas.example.com', apiUrl: 'https://api.twilio.com' });
  });

  it('names each bad setting with its reason; a loopback API URL only for emulators', () => {
    const fields = violations(() => production.parseSettings({ accountSid: 'AC123', fromNumber: '0301234', publicUrl: 'http://insecure.example', apiUrl: 'http://127.0.0.1:9999' }));
    expect(fields.map((f) => f.field).sort()).toEqual(['settings.accountSid', 'settings.apiUrl', 'settings.fromNumber', 'settings.publicUrl']);
    expect(twilioConnector({ allowEmulator: true }).parseSettings({ accountSid: ACCOUNT, fromNumber: '+15005550006', apiUrl: 'http://127.0.0.1:9999' })).toMatchObject({ apiUrl: 'http://127.0.0.1:9999' });
  });

  it('refuses a half API key and a malformed token without echoing either', () => {
    const secret = 'my-very-secret-api-key-secret';
    const fields = violations(() => production.parseCredentials({ authToken: 'not-a-token-value-1234', apiKeySid: `SK${'ab'.repeat(16)}` }));
    expect(fields.map((f) => f.field).sort()).toEqual(['credentials.apiKeySecret', 'credentials.authToken']);
    const withSecret = violations(() => production.parseCredentials({ authToken: TOKEN, apiKeySecret: secret }));
    expect(withSecret.map((f) => f.field)).toEqual(['credentials.apiKeySecret']);
    expect(JSON.stringify([fields, withSecret])).not.toContain(secret);
    expect(JSON.stringify(fields)).not.toContain('not-a-token-value-1234');
  });
});
