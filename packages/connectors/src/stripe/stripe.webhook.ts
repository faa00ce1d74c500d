import { createHmac, timingSafeEqual } from 'node:crypto';

/** Stripe's libraries refuse signatures older than 5 minutes by default; so do we (replay protection). */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;

export type StripeSignatureResult = { readonly valid: true; readonly timestamp: number } | { readonly valid: false; readonly reason: 'malformed' | 'stale_timestamp' | 'bad_signature' };

/**
 * Verifies `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]`: HMAC-SHA256 of `<t>.<raw body>`
 * keyed with the endpoint's signing secret, compared in constant time with every `v1` (Stripe sends
 * several while a secret is being rolled); `v0` and unknown schemes are ignored. A timestamp more than
 * 300 s from now, either way, is refused even with a valid signature.
 * https://docs.stripe.com/webhooks#verify-manually
 */
export function verifyStripeSignature(input: { readonly secret: string; readonly header: string; readonly rawBody: Buffer; readonly nowMs: number }): StripeSignatureResult {
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of input.header.split(',')) {
    const [scheme, value = ''] = part.trim().split('=', 2);
    if (scheme === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (scheme === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || signatures.length === 0) return { valid: false, reason: 'malformed' };
  if (Math.abs(input.nowMs / 1000 - timestamp) > STRIPE_SIGNATURE_TOLERANCE_SECONDS) return { valid: false, reason: 'stale_timestamp' };
  const expected = createHmac('sha256', input.secret).update(`${timestamp}.`, 'utf8').update(input.rawBody).digest();
  return signatures.some((given) => timingSafeEqual(given, expected)) ? { valid: true, timestamp } : { valid: false, reason: 'bad_signature' };
}
