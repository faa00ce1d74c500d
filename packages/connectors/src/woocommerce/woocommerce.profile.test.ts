import { describe, expect, it } from 'vitest';
import { wooCommerceProfile } from './woocommerce.profile.js';
import { wooCommerceSettingsSchema } from './woocommerce.settings.js';

describe('WooCommerce error mapping', () => {
  const map = (status: number, body: unknown) => wooCommerceProfile.mapError?.(status, body);

  it('a refused parameter is the request\'s error, naming the parameter', () => {
    const body = { code: 'rest_invalid_param', message: 'Invalid parameter(s): per_page', data: { status: 400, params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' } } };
    expect(map(400, body)).toEqual({ code: 'invalid_request', message: expect.stringContaining('per_page (per_page must be between 1') });
    expect(map(400, { code: 'woocommerce_rest_invalid_product_id', message: 'Product ID provided is not associated with order.', data: { status: 400 } })?.code).toBe('invalid_request');
  });

  it('only credential answers ask to reconnect; unknown ids are not_found, duplicates conflicts', () => {
    expect(map(401, { code: 'woocommerce_rest_authentication_error', message: 'Consumer secret is invalid.', data: { status: 401 } })).toEqual({ code: 'unauthorized', message: expect.stringContaining('consumer key and secret') });
    expect(map(403, { code: 'woocommerce_rest_cannot_edit', message: 'Sorry, you are not allowed to edit this resource.', data: { status: 403 } })?.code).toBe('unauthorized');
    expect(map(404, { code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.', data: { status: 404 } })?.code).toBe('not_found');
    expect(map(400, { code: 'woocommerce_rest_customer_invalid_email', message: 'x', data: { status: 400 } })?.code).toBe('invalid_request');
    expect(map(400, { code: 'registration-error-email-exists', message: 'An account is already registered with your email address.', data: { status: 400 } })?.code).toBe('conflict');
    expect(map(502, '<html>Bad gateway</html>')).toBeUndefined();
  });
});

describe('WooCommerce settings', () => {
  it('takes the shop\'s public https URL, and loopback only for emulators', () => {
    expect(wooCommerceSettingsSchema({ allowEmulator: false }).parse({ siteUrl: 'https://shop.example.com/' })).toEqual({ siteUrl: 'https://shop.example.com' });
    for (const siteUrl of ['http://shop.example.com', 'https://10.0.0.5', 'https://localhost', 'not a url', 'http://127.0.0.1:8080']) {
      const result = wooCommerceSettingsSchema({ allowEmulator: false }).safeParse({ siteUrl });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['siteUrl']);
    }
    expect(wooCommerceSettingsSchema({ allowEmulator: true }).parse({ siteUrl: 'http://127.0.0.1:8080' })).toEqual({ siteUrl: 'http://127.0.0.1:8080' });
  });
});
