import { ValidationError, type ConnectorField, type FieldViolation } from '@bizosaas/domain';
import { z } from 'zod';

/** Non-secret settings of a Shopify connection. A type alias so it fits `Record<string, unknown>`. */
export type ShopifySettings = {
  /** `<shop>.myshopify.com`, or `127.0.0.1:<port>` for an emulator when the connector allows it. */
  readonly shopDomain: string;
  /** Where the Admin API lives: `https://<shop>.myshopify.com` (or the emulator's `http://127.0.0.1:<port>`). */
  readonly origin: string;
};

/** An Admin API access token (custom app or OAuth offline token), plus the app secret that signs webhooks. */
export type ShopifyCredentials = { readonly accessToken: string; readonly clientSecret?: string };

export const shopifySettingsFields: readonly ConnectorField[] = [
  { name: 'shopDomain', label: 'Shop domain', description: 'The permanent admin domain, e.g. acme-store.myshopify.com (not a custom storefront domain)', required: true, secret: false },
];

export const shopifyCredentialFields: readonly ConnectorField[] = [
  { name: 'accessToken', label: 'Admin API access token', description: 'From the app: Settings > Apps and sales channels > Develop apps > API credentials (shpat_...)', required: true, secret: true },
  { name: 'clientSecret', label: 'App client secret', description: 'The app\'s API secret key; verifies webhook signatures (X-Shopify-Hmac-Sha256)', required: false, secret: true },
];

// Shopify shop names: letters, digits and hyphens, starting with a letter or digit (the admin refuses the rest).
const MYSHOPIFY = /^[a-z0-9][a-z0-9-]{0,59}\.myshopify\.com$/;
const LOOPBACK_EMULATOR = /^127\.0\.0\.1:\d{1,5}$/;

const settingsSchema = z.object({ shopDomain: z.string().trim().min(1, 'is required') });
// Shopify's tokens are opaque; only shape checks that never echo the value.
const credentialsSchema = z.object({
  accessToken: z.string().trim().min(1),
  clientSecret: z.string().trim().min(1).optional(),
});

function violations(prefix: string, issues: readonly z.core.$ZodIssue[]): FieldViolation[] {
  // zod's messages can quote the input; for credentials that would echo a secret, so reasons are ours.
  return issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].join('.'),
    reason: issue.code === 'invalid_type' ? 'must be a string' : prefix === 'credentials' ? 'must not be empty' : issue.message,
  }));
}

/**
 * Raises `ValidationError` naming `settings.shopDomain` unless it is `<shop>.myshopify.com`. A scheme or a
 * trailing slash is forgiven; a custom domain is refused because the Admin API answers only on the
 * myshopify host, and any other host would receive the tenant's token.
 */
export function parseShopifySettings(raw: unknown, options: { allowEmulator?: boolean } = {}): ShopifySettings {
  const result = settingsSchema.safeParse(raw ?? {});
  if (!result.success) throw new ValidationError(violations('settings', result.error.issues));
  const given = result.data.shopDomain.toLowerCase();
  if (options.allowEmulator === true) {
    const emulator = given.replace(/^http:\/\//, '').replace(/\/+$/, '');
    if (LOOPBACK_EMULATOR.test(emulator)) return { shopDomain: emulator, origin: `http://${emulator}` };
  }
  const shopDomain = given.replace(/^https:\/\//, '').replace(/\/+$/, '');
  if (!MYSHOPIFY.test(shopDomain)) {
    throw new ValidationError([{ field: 'settings.shopDomain', reason: 'must be the shop\'s <shop>.myshopify.com domain (letters, digits and hyphens before .myshopify.com)' }]);
  }
  return { shopDomain, origin: `https://${shopDomain}` };
}

/** Raises `ValidationError` naming the credential fields (never echoing values). */
export function parseShopifyCredentials(raw: unknown): ShopifyCredentials {
  const result = credentialsSchema.safeParse(raw ?? {});
  if (!result.success) throw new ValidationError(violations('credentials', result.error.issues));
  const { accessToken, clientSecret } = result.data;
  return { accessToken, ...(clientSecret !== undefined && { clientSecret }) };
}
