import { ValidationError, type ConnectorField, type FieldViolation } from '@bizosaas/domain';
import { z } from 'zod';

/** Stripe's one API host; the base URL is a setting only so tests can aim the connector at loopback. */
export const STRIPE_API_BASE = 'https://api.stripe.com';

/** Non-secret settings of a Stripe connection. A type alias so it fits `Record<string, unknown>`. */
export type StripeSettings = { readonly baseUrl: string };

/** A secret or restricted API key, and the endpoint's signing secret when webhooks are used. */
export type StripeCredentials = { readonly secretKey: string; readonly webhookSecret?: string };

export const stripeSettingsFields: readonly ConnectorField[] = [
  { name: 'baseUrl', label: 'API base URL', description: `Defaults to ${STRIPE_API_BASE}`, required: false, secret: false },
];

export const stripeCredentialFields: readonly ConnectorField[] = [
  {
    name: 'secretKey',
    label: 'Secret or restricted API key',
    description: 'sk_live_/sk_test_ or a restricted rk_ key with read access to customers, invoices and products and write access to subscriptions',
    required: true,
    secret: true,
  },
  { name: 'webhookSecret', label: 'Webhook signing secret', description: 'whsec_… of the endpoint pointing at this connection, to verify Stripe-Signature', required: false, secret: true },
];

const settingsSchema = z.object({ baseUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional() });

// Stripe's documented key prefixes: secret (sk_) and restricted (rk_) keys, live or test mode.
const credentialsSchema = z.object({
  secretKey: z.string().regex(/^(sk|rk)_(live|test)_[A-Za-z0-9]{8,247}$/, 'must be a Stripe secret (sk_live_/sk_test_) or restricted (rk_) key'),
  webhookSecret: z.string().regex(/^whsec_[A-Za-z0-9+/=]{8,255}$/, 'must be a webhook signing secret starting with whsec_').optional(),
});

const LOOPBACK = /^http:\/\/127\.0\.0\.1:\d{1,5}$/;

function violations(prefix: string, issues: readonly z.core.$ZodIssue[]): FieldViolation[] {
  // zod's message for a wrong type can quote the input; for credentials that would echo a secret.
  return issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].join('.'),
    reason: issue.code === 'invalid_type' ? (issue.input === undefined ? 'is required' : 'must be a string') : issue.message,
  }));
}

/**
 * Raises `ValidationError` naming `settings.baseUrl` when it is not Stripe's API host (or loopback when the
 * connector allows emulators): any other host would receive the tenant's secret key.
 */
export function parseStripeSettings(raw: unknown, options: { allowEmulator?: boolean } = {}): StripeSettings {
  const result = settingsSchema.safeParse(raw ?? {});
  if (!result.success) throw new ValidationError(violations('settings', result.error.issues));
  const baseUrl = (result.data.baseUrl ?? STRIPE_API_BASE).replace(/\/+$/, '');
  if (baseUrl !== STRIPE_API_BASE && !(options.allowEmulator === true && LOOPBACK.test(baseUrl))) {
    throw new ValidationError([{ field: 'settings.baseUrl', reason: `must be ${STRIPE_API_BASE}` }]);
  }
  return { baseUrl };
}

/** Raises `ValidationError` naming the credential fields; messages never contain the values. */
export function parseStripeCredentials(raw: unknown): StripeCredentials {
  const result = credentialsSchema.safeParse(raw ?? {});
  if (!result.success) throw new ValidationError(violations('credentials', result.error.issues));
  return { secretKey: result.data.secretKey, ...(result.data.webhookSecret !== undefined && { webhookSecret: result.data.webhookSecret }) };
}
