import { ValidationError, type ConnectorField } from '@bizosaas/domain';
import { z } from 'zod';
import { checkSiteUrl } from '../shared/site-url.js';

export const WOOCOMMERCE_PROVIDER = 'woocommerce';

/** What a tenant fills in to connect a WooCommerce shop. */
export const wooCommerceSettingsFields: readonly ConnectorField[] = [
  { name: 'siteUrl', label: 'Shop URL', description: 'https URL of the WordPress site running WooCommerce; the REST API is at /wp-json/wc/v3', required: true, secret: false },
];

export const wooCommerceCredentialFields: readonly ConnectorField[] = [
  { name: 'consumerKey', label: 'Consumer key', description: 'WooCommerce > Settings > Advanced > REST API: a key with Read/Write permission (ck_...)', required: true, secret: true },
  { name: 'consumerSecret', label: 'Consumer secret', description: 'The key\'s secret (cs_...)', required: true, secret: true },
  { name: 'webhookSecret', label: 'Webhook secret', description: 'The secret set on the shop\'s webhooks (WooCommerce > Settings > Advanced > Webhooks); needed to receive them', required: false, secret: true },
];

/** Settings of a WooCommerce connection (a type alias so it fits `Record<string, unknown>`). */
export type WooCommerceSettings = { readonly siteUrl: string };

/** The site's https URL (loopback emulators only when allowed), without a trailing slash. */
export function wooCommerceSettingsSchema(options: { readonly allowEmulator: boolean }): z.ZodType<WooCommerceSettings> {
  return z.object({
    siteUrl: z
      .string()
      .transform((value, ctx) => {
        try {
          return checkSiteUrl(value.trim(), options.allowEmulator);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: error instanceof ValidationError ? (error.violations[0]?.reason ?? error.message) : 'must be the https URL of the shop, e.g. https://shop.example.com' });
          return z.NEVER;
        }
      }),
  });
}

/**
 * A REST API key: consumer key and secret (https://woocommerce.github.io/woocommerce-rest-api-docs/#authentication),
 * sent as HTTP Basic over HTTPS. The optional webhook secret verifies `X-WC-Webhook-Signature`.
 */
export const wooCommerceCredentialsSchema = z.object({
  consumerKey: z.string().regex(/^ck_[A-Za-z0-9]{20,64}$/, 'must be a WooCommerce consumer key (ck_ followed by letters and digits)'),
  consumerSecret: z.string().regex(/^cs_[A-Za-z0-9]{20,64}$/, 'must be a WooCommerce consumer secret (cs_ followed by letters and digits)'),
  webhookSecret: z.string().min(8, 'must be at least 8 characters').max(512, 'must be at most 512 characters').optional(),
});
export type WooCommerceCredentials = z.infer<typeof wooCommerceCredentialsSchema>;
