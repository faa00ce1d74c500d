import { ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { parseShopifyCredentials, parseShopifySettings } from './shopify.settings.js';

function violationsOf(run: () => unknown): { field: string; reason: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return [...error.violations];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseShopifySettings', () => {
  it('accepts <shop>.myshopify.com, forgiving case, https:// and a trailing slash', () => {
    expect(parseShopifySettings({ shopDomain: 'acme-store.myshopify.com' })).toEqual({ shopDomain: 'acme-store.myshopify.com', origin: 'https://acme-store.myshopify.com' });
    expect(parseShopifySettings({ shopDomain: 'https://Acme-Store.myshopify.com/' }).origin).toBe('https://acme-store.myshopify.com');
  });

  it.each(['acme.com', 'shop.acme.com', 'evil.com/.myshopify.com', 'acme.myshopify.com.evil.com', 'http://acme.myshopify.com', '-x.myshopify.com', 'a_b.myshopify.com', '127.0.0.1:8080'])(
    'refuses %s, naming settings.shopDomain',
    (shopDomain) => {
      const [violation] = violationsOf(() => parseShopifySettings({ shopDomain }));
      expect(violation?.field).toBe('settings.shopDomain');
      expect(violation?.reason).toMatch(/myshopify\.com/);
    },
  );

  it('names a missing or non-string shopDomain', () => {
    expect(violationsOf(() => parseShopifySettings({}))[0]?.field).toBe('settings.shopDomain');
    expect(violationsOf(() => parseShopifySettings({ shopDomain: 42 }))[0]).toEqual({ field: 'settings.shopDomain', reason: 'must be a string' });
  });

  it('accepts a loopback emulator only when the connector allows it', () => {
    expect(parseShopifySettings({ shopDomain: '127.0.0.1:4010' }, { allowEmulator: true })).toEqual({ shopDomain: '127.0.0.1:4010', origin: 'http://127.0.0.1:4010' });
    expect(violationsOf(() => parseShopifySettings({ shopDomain: '10.0.0.5:4010' }, { allowEmulator: true }))[0]?.field).toBe('settings.shopDomain');
  });
});

describe('parseShopifyCredentials', () => {
  it('takes the access token and an optional client secret', () => {
    expect(parseShopifyCredentials({ accessToken: 'shpat_abc' })).toEqual({ accessToken: 'shpat_abc' });
    expect(parseShopifyCredentials({ accessToken: 'shpat_abc', clientSecret: 'shpss_x' })).toEqual({ accessToken: 'shpat_abc', clientSecret: 'shpss_x' });
  });

  it('names bad fields without echoing their values', () => {
    const violations = violationsOf(() => parseShopifyCredentials({ accessToken: '   ', clientSecret: 7 }));
    expect(violations.map((v) => v.field).sort()).toEqual(['credentials.accessToken', 'credentials.clientSecret']);
    expect(JSON.stringify(violations)).not.toContain('7');
  });
});
