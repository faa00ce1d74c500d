import { ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { subscriberHash } from './mailchimp.api.js';
import { mailchimpConnector } from './mailchimp.connector.js';
import { checkKeyDataCenter, mailchimpBaseUrl } from './mailchimp.settings.js';

const KEY = 'fedcba9876543210fedcba9876543210-us21';

function violationsOf(run: () => unknown): { field: string; reason: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.violations.map((v) => ({ field: v.field, reason: v.reason }));
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('Mailchimp settings and credentials', () => {
  it('picks the host from the data centre', () => {
    expect(mailchimpBaseUrl({ dataCenter: 'us21' })).toBe('https://us21.api.mailchimp.com/3.0');
  });

  it('refuses a key of another data centre, naming credentials.apiKey and never echoing the key', () => {
    const violations = violationsOf(() => checkKeyDataCenter({ dataCenter: 'us6' }, KEY));
    expect(violations.map((v) => v.field)).toEqual(['credentials.apiKey']);
    expect(JSON.stringify(violations)).not.toContain('fedcba98');
  });

  it('names each bad field: a malformed key, a malformed data centre, an emulator URL in production', () => {
    const connector = mailchimpConnector();
    expect(violationsOf(() => connector.parseCredentials({ apiKey: 'not-a-key' })).map((v) => v.field)).toEqual(['credentials.apiKey']);
    expect(violationsOf(() => connector.parseSettings({ dataCenter: 'US 21', apiBaseUrl: 'http://127.0.0.1:9999' })).map((v) => v.field).sort()).toEqual(['settings.apiBaseUrl', 'settings.dataCenter']);
    expect(violationsOf(() => connector.parseSettings({})).map((v) => v.field)).toEqual(['settings.dataCenter']);
    expect(connector.parseSettings({ dataCenter: 'us21' })).toEqual({ dataCenter: 'us21' });
  });

  it('hashes subscribers as Mailchimp does: MD5 of the lower-cased email', () => {
    expect(subscriberHash('Urist.McVankab@Freddiesjokes.com')).toBe('62eeb292278cc15f5817cb78f7790b08');
    expect(subscriberHash('A@B.example')).toBe(subscriberHash('a@b.example'));
  });
});
