import { ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { parseStripeCredentials, parseStripeSettings } from './stripe.settings.js';

function thrown(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('Stripe settings and credentials', () => {
  it('defaults to api.stripe.com and allows loopback only for emulators', () => {
    expect(parseStripeSettings({})).toEqual({ baseUrl: 'https://api.stripe.com' });
    expect(parseStripeSettings({ baseUrl: 'http://127.0.0.1:4010/' }, { allowEmulator: true })).toEqual({ baseUrl: 'http://127.0.0.1:4010' });
    for (const baseUrl of ['https://evil.example', 'http://api.stripe.com', 'http://127.0.0.1:4010', 'https://api.stripe.com.evil.example']) {
      expect(thrown(() => parseStripeSettings({ baseUrl })).violations.map((v) => v.field)).toEqual(['settings.baseUrl']);
    }
  });

  it('accepts secret and restricted keys, live or test, with an optional signing secret', () => {
    expect(parseStripeCredentials({ secretKey: 'sk_test_abcdef123456' })).toEqual({ secretKey: 'sk_test_abcdef123456' });
    expect(parseStripeCredentials({ secretKey: 'rk_live_abcdef123456', webhookSecret: 'whsec_abcdefgh1234' })).toEqual({ secretKey: 'rk_live_abcdef123456', webhookSecret: 'whsec_abcdefgh1234' });
  });

  it('names each bad field and the reason without echoing the secret', () => {
    const error = thrown(() => parseStripeCredentials({ secretKey: 'pk_test_publishable123456', webhookSecret: 'not-a-secret-value' }));
    expect(error.violations.map((v) => v.field)).toEqual(['credentials.secretKey', 'credentials.webhookSecret']);
    expect(error.violations[0]?.reason).toMatch(/secret \(sk_live_\/sk_test_\) or restricted/);
    expect(error.message).not.toContain('pk_test_publishable123456');
    expect(error.message).not.toContain('not-a-secret-value');
    expect(thrown(() => parseStripeCredentials({})).violations).toEqual([{ field: 'credentials.secretKey', reason: 'is required' }]);
  });
});
