import type { ProviderProfile } from '@bizosaas/connector-kit';

export const SHOPIFY_PROVIDER = 'shopify';

/** The Admin API version every request names; the emulator's schema is this version's introspection. */
export const SHOPIFY_API_VERSION = '2026-10';

/** https://shopify.dev/docs/api/admin-graphql/2026-10 */
export const SHOPIFY_GRAPHQL_PATH = `/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;

export const SHOPIFY_DOCS = 'https://shopify.dev/docs/api/admin-graphql';

/**
 * Shopify's HTTP quirks as data. The Admin GraphQL API limits by query cost, not by request count: that
 * budget is kept by `ShopifyCostThrottle` from `extensions.cost`; the kit's bucket here only stops a burst
 * of tiny queries (Shopify also caps requests per second per app and store). HTTP status meanings:
 * https://shopify.dev/docs/api/usage/response-codes
 */
export const shopifyProfile: ProviderProfile = {
  id: SHOPIFY_PROVIDER,
  timeoutMs: 30_000,
  retry: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 },
  rateLimit: { capacity: 40, refillPerSecond: 20 },
  mapError(status) {
    if (status === 401) return { code: 'unauthorized', message: 'Shopify refused the access token (HTTP 401); it was revoked or the app was uninstalled: reconnect with a new Admin API token' };
    if (status === 402) return { code: 'misconfigured', message: 'the shop is frozen for an unpaid bill (HTTP 402); the merchant must settle it in the Shopify admin' };
    if (status === 403) return { code: 'unauthorized', message: 'Shopify denied access (HTTP 403): the app lacks a required access scope' };
    if (status === 404) return { code: 'misconfigured', message: 'no Shopify shop answers at this domain (HTTP 404): check settings.shopDomain' };
    if (status === 423) return { code: 'misconfigured', message: 'the shop is locked (HTTP 423); the merchant must contact Shopify' };
    return undefined;
  },
};
