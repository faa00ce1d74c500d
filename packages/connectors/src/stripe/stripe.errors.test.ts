import { ConnectorError } from '@bizosaas/domain';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { stripeErrorToConnectorError } from './stripe.errors.js';

type RawType = 'invalid_request_error' | 'api_error' | 'rate_limit_error' | 'authentication_error' | 'idempotency_error' | 'card_error';
const raw = (status: number, type: RawType, message: string, code?: string) => ({ type, message, ...(code && { code }), statusCode: status });

describe('stripeErrorToConnectorError', () => {
  it('maps each Stripe error class onto the connector error set', () => {
    const cases: [Stripe.errors.StripeError, string][] = [
      [new Stripe.errors.StripeAuthenticationError(raw(401, 'invalid_request_error', 'Invalid API Key provided: sk_test_****1234')), 'unauthorized'],
      [new Stripe.errors.StripePermissionError(raw(403, 'invalid_request_error', 'The provided key does not have access')), 'unauthorized'],
      [new Stripe.errors.StripeRateLimitError(raw(429, 'rate_limit_error', 'Too many requests')), 'rate_limited'],
      [new Stripe.errors.StripeAPIError(raw(500, 'api_error', 'Something went wrong')), 'upstream_unavailable'],
      [new Stripe.errors.StripeConnectionError(raw(0, 'api_error', 'timeout')), 'upstream_unavailable'],
      [new Stripe.errors.StripeInvalidRequestError(raw(404, 'invalid_request_error', "No such subscription: 'sub_1'", 'resource_missing')), 'not_found'],
      [new Stripe.errors.StripeInvalidRequestError(raw(400, 'invalid_request_error', 'Received unknown parameter: foo', 'parameter_unknown')), 'invalid_request'],
      [new Stripe.errors.StripeIdempotencyError(raw(400, 'idempotency_error', 'Keys for idempotent requests can only be used with the same parameters')), 'conflict'],
      [new Stripe.errors.StripeInvalidRequestError(raw(409, 'invalid_request_error', 'This object cannot be accessed right now because another API request is using it')), 'conflict'],
      [new Stripe.errors.StripeCardError(raw(402, 'card_error', 'Your card was declined.', 'card_declined')), 'rejected'],
    ];
    for (const [error, code] of cases) {
      const mapped = stripeErrorToConnectorError(error, Stripe.errors);
      expect(mapped).toBeInstanceOf(ConnectorError);
      expect(mapped).toMatchObject({ code, provider: 'stripe' });
    }
  });

  it('never repeats what Stripe says about the key, and keeps its message for request errors', () => {
    const auth = stripeErrorToConnectorError(new Stripe.errors.StripeAuthenticationError(raw(401, 'invalid_request_error', 'Invalid API Key provided: sk_test_****1234')), Stripe.errors);
    expect(String((auth as Error).message)).not.toContain('sk_test');
    const bad = stripeErrorToConnectorError(new Stripe.errors.StripeInvalidRequestError(raw(400, 'invalid_request_error', 'Received unknown parameter: foo')), Stripe.errors);
    expect((bad as Error).message).toBe('Stripe rejected the request: Received unknown parameter: foo');
  });

  it('reads an answer the package could not decode as invalid_response, and leaves ConnectorErrors alone', () => {
    expect(stripeErrorToConnectorError(new Error('Failed to coerce decimal_string value'), Stripe.errors)).toMatchObject({ code: 'invalid_response' });
    const own = new ConnectorError('not_found', 'stripe', 'x');
    expect(stripeErrorToConnectorError(own, Stripe.errors)).toBe(own);
  });
});
