import { ConnectorError } from '@bizosaas/domain';
import type Stripe from 'stripe';
import { STRIPE_PROVIDER } from './stripe.mapping.js';

/**
 * Maps what the stripe package throws to the connector's fixed error set. Stripe's messages describe the
 * request, never the key, so they are kept (shortened); an answer the package cannot decode is
 * `invalid_response`. `errors` is the stripe package's error classes (`Stripe.errors`), passed in so that
 * loading this module does not load the package. https://docs.stripe.com/error-handling
 */
export function stripeErrorToConnectorError(error: unknown, errors: typeof Stripe.errors): unknown {
  if (error instanceof ConnectorError) return error;
  // The package itself throws plain Errors for answers it cannot decode (e.g. a malformed decimal string).
  if (!(error instanceof errors.StripeError)) return new ConnectorError('invalid_response', STRIPE_PROVIDER, 'Stripe answered with something the stripe package could not read');
  const status = error.statusCode;
  const details = status === undefined ? {} : { status };
  const message = error.message.slice(0, 300);
  if (error instanceof errors.StripeAuthenticationError) {
    return new ConnectorError('unauthorized', STRIPE_PROVIDER, 'Stripe refused the API key: enter a valid secret key for this connection', details);
  }
  if (error instanceof errors.StripePermissionError) {
    return new ConnectorError('unauthorized', STRIPE_PROVIDER, `Stripe refused this call for the key's permissions (give the restricted key access): ${message}`, details);
  }
  if (error instanceof errors.StripeRateLimitError) return new ConnectorError('rate_limited', STRIPE_PROVIDER, 'Stripe rate limit reached; try again shortly', details);
  if (error instanceof errors.StripeConnectionError || error instanceof errors.StripeAPIError || (status !== undefined && status >= 500)) {
    return new ConnectorError('upstream_unavailable', STRIPE_PROVIDER, 'Stripe could not be reached or failed; try again later', details);
  }
  if (status === 404 || error.code === 'resource_missing') return new ConnectorError('not_found', STRIPE_PROVIDER, `Stripe: ${message}`, details);
  // About our request, never the connection: the provider's message says what it refused.
  if (status === 409 || error instanceof errors.StripeIdempotencyError) return new ConnectorError('conflict', STRIPE_PROVIDER, `Stripe refused the write as a conflict: ${message}`, details);
  if (status === 400 || status === 422 || status === undefined) return new ConnectorError('invalid_request', STRIPE_PROVIDER, `Stripe rejected the request: ${message}`, details);
  // 402 (a card or payment refused) and any other 4xx.
  return new ConnectorError('rejected', STRIPE_PROVIDER, `Stripe refused the request: ${message}`, details);
}

/** Runs a Stripe call with the client once it is built, and maps its failure (see `stripeErrorToConnectorError`). */
export async function callStripe<T>(client: Promise<Stripe>, run: (stripe: Stripe) => Promise<T>): Promise<T> {
  try {
    return await run(await client);
  } catch (error) {
    // Already loaded by the client that failed, or by the client's construction.
    const { default: Stripe } = await import('stripe');
    throw stripeErrorToConnectorError(error, Stripe.errors);
  }
}
