import { ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { parseWordPressCredentials, parseWordPressSettings } from './wordpress.settings.js';

const fieldsOf = (work: () => unknown): string[] => {
  try {
    work();
  } catch (error) {
    if (error instanceof ValidationError) return error.violations.map((v) => v.field);
    throw error;
  }
  return [];
};

describe('WordPress settings and credentials', () => {
  it('takes an https site URL (sub-folder kept, trailing slash dropped)', () => {
    expect(parseWordPressSettings({ siteUrl: 'https://blog.example.com/news/' })).toEqual({ siteUrl: 'https://blog.example.com/news' });
  });

  it('refuses http, private hosts, credentials or queries in the URL; loopback http only with allowEmulator', () => {
    for (const siteUrl of ['http://blog.example.com', 'https://localhost', 'https://10.0.0.5', 'https://192.168.1.2/wp', 'https://[::1]', 'https://u:p@blog.example.com', 'https://blog.example.com/?x=1', 'http://127.0.0.1:8080', 'nope']) {
      expect(fieldsOf(() => parseWordPressSettings({ siteUrl })), siteUrl).toEqual(['settings.siteUrl']);
    }
    expect(parseWordPressSettings({ siteUrl: 'http://127.0.0.1:8080' }, { allowEmulator: true })).toEqual({ siteUrl: 'http://127.0.0.1:8080' });
    expect(fieldsOf(() => parseWordPressSettings({ siteUrl: 'http://10.0.0.5:8080' }, { allowEmulator: true }))).toEqual(['settings.siteUrl']);
  });

  it('takes an application password with or without spaces and names bad credentials without echoing them', () => {
    expect(parseWordPressCredentials({ username: 'editor', applicationPassword: 'abcd EFGH 1234 ijkl MNOP 5678' })).toEqual({ username: 'editor', applicationPassword: 'abcd EFGH 1234 ijkl MNOP 5678' });
    expect(fieldsOf(() => parseWordPressCredentials({ username: '', applicationPassword: 'my-login-password' })).sort()).toEqual(['credentials.applicationPassword', 'credentials.username']);
    let refused: unknown;
    try {
      parseWordPressCredentials({ username: 'editor', applicationPassword: 'my-login-password' });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ValidationError);
    expect(JSON.stringify(refused instanceof ValidationError ? [refused.message, refused.violations] : null)).not.toContain('my-login-password');
  });
});
