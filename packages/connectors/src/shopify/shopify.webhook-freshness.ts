/**
 * How old a Shopify delivery's `X-Shopify-Triggered-At` may be. Shopify retries a failed delivery 8 times
 * over 4 hours with exponential backoff, and every retry carries the original payload and trigger time
 * (https://shopify.dev/changelog/updates-to-webhook-retry-mechanism, in force since 2024-09-10; the header
 * is listed at https://shopify.dev/docs/apps/build/webhooks/delivery-structure). A day covers that schedule
 * with room for a delayed first attempt; anything older is not a delivery Shopify is still making.
 */
export const SHOPIFY_WEBHOOK_MAX_AGE_SECONDS = 24 * 60 * 60;

/** How far ahead of our clock a trigger time may be (clock skew), as Stripe allows either way. */
export const SHOPIFY_WEBHOOK_FUTURE_SKEW_SECONDS = 300;

/** `fresh`, or why not; a readable header's time comes along either way. */
export type ShopifyTriggerCheck =
  | { readonly verdict: 'missing' }
  | { readonly verdict: 'malformed' }
  | { readonly verdict: 'fresh' | 'stale' | 'future'; readonly triggeredAt: Date };

// ISO 8601 in UTC or with an offset; Shopify sends nanoseconds (`2026-12-06T10:00:00.123456789Z`).
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads `X-Shopify-Triggered-At` and says whether the delivery is recent enough: at most `maxAgeSeconds`
 * old and at most `SHOPIFY_WEBHOOK_FUTURE_SKEW_SECONDS` ahead of `nowMs`. The header is not signed, so
 * this refuses Shopify's own late retries and a replay sent as captured; a replay with a forged time is
 * stopped by the replay key (the signed body), not here.
 */
export function checkShopifyTriggeredAt(header: string | undefined, nowMs: number, maxAgeSeconds: number): ShopifyTriggerCheck {
  if (header === undefined || header.trim() === '') return { verdict: 'missing' };
  const match = ISO_INSTANT.exec(header.trim());
  if (!match) return { verdict: 'malformed' };
  const [, seconds, fraction = '', zone] = match;
  const ms = Date.parse(`${seconds}.${fraction.padEnd(3, '0').slice(0, 3)}${zone}`);
  if (Number.isNaN(ms)) return { verdict: 'malformed' };
  const triggeredAt = new Date(ms);
  if (nowMs - ms > maxAgeSeconds * 1000) return { verdict: 'stale', triggeredAt };
  if (ms - nowMs > SHOPIFY_WEBHOOK_FUTURE_SKEW_SECONDS * 1000) return { verdict: 'future', triggeredAt };
  return { verdict: 'fresh', triggeredAt };
}
