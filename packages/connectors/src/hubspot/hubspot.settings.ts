import { ValidationError, type ConnectorField, type FieldViolation } from '@bizosaas/domain';
import { z } from 'zod';
import { HUBSPOT_API_BASE } from './hubspot.profile.js';

/** Non-secret settings of a HubSpot connection. A type alias so it fits `Record<string, unknown>`. */
export type HubSpotSettings = { readonly baseUrl: string; readonly defaultCurrency: string; readonly dealReferenceProperty?: string };

/** Either a private-app token or OAuth (refresh token + the app's client id and secret). */
export type HubSpotCredentials =
  | { readonly kind: 'private_app'; readonly accessToken: string; readonly clientSecret?: string }
  | { readonly kind: 'oauth'; readonly refreshToken: string; readonly clientId: string; readonly clientSecret: string; readonly accessToken?: string };

export const hubSpotSettingsFields: readonly ConnectorField[] = [
  { name: 'baseUrl', label: 'API base URL', description: `Defaults to ${HUBSPOT_API_BASE}`, required: false, secret: false },
  { name: 'defaultCurrency', label: 'Company currency', description: 'ISO 4217 code of deals without a currency (default USD)', required: false, secret: false },
  {
    name: 'dealReferenceProperty',
    label: 'Deal reference property',
    description: 'Internal name of a single-line text deal property you created for BizOSaaS: each new deal gets its reference there, so a deal created just before a crash is found exactly',
    required: false,
    secret: false,
  },
];

export const hubSpotCredentialFields: readonly ConnectorField[] = [
  { name: 'accessToken', label: 'Private app access token', description: 'A private app token, or leave empty and use OAuth', required: false, secret: true },
  { name: 'refreshToken', label: 'OAuth refresh token', required: false, secret: true },
  { name: 'clientId', label: 'OAuth client id', required: false, secret: false },
  { name: 'clientSecret', label: 'App client secret', description: 'For OAuth, and to verify webhook signatures', required: false, secret: true },
];

const settingsSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  defaultCurrency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"').optional(),
  dealReferenceProperty: z.string().regex(/^[a-z][a-z0-9_]{0,99}$/, 'must be the internal name of a HubSpot deal property: lower-case letters, digits and _, e.g. "bizosaas_reference"').optional(),
});

const optionalSecret = z.string().min(1).optional();
const credentialsSchema = z.object({ accessToken: optionalSecret, refreshToken: optionalSecret, clientId: optionalSecret, clientSecret: optionalSecret });

function violations(prefix: string, issues: readonly z.core.$ZodIssue[]): FieldViolation[] {
  // zod's message for a wrong type can quote the input; for credentials that would echo a secret.
  return issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].join('.'),
    reason: issue.code === 'invalid_type' ? 'must be a string' : prefix === 'credentials' ? 'must not be empty' : issue.message,
  }));
}

// HubSpot's API hosts. Any other base URL would let a tenant aim the platform's requests (and its own
// token) at an arbitrary host, so only loopback emulators are added, and only when the connector allows it.
const HUBSPOT_HOSTS = ['api.hubapi.com', 'api.hubapi.eu'];
const LOOPBACK = /^http:\/\/127\.0\.0\.1:\d{1,5}$/;

/**
 * Raises `ValidationError` naming `settings.baseUrl` (not a HubSpot API host, or loopback when that is not
 * allowed) / `settings.defaultCurrency`.
 */
export function parseHubSpotSettings(raw: unknown, options: { allowEmulator?: boolean } = {}): HubSpotSettings {
  const result = settingsSchema.safeParse(raw ?? {});
  if (!result.success) throw new ValidationError(violations('settings', result.error.issues));
  const baseUrl = (result.data.baseUrl ?? HUBSPOT_API_BASE).replace(/\/+$/, '');
  const url = new URL(baseUrl);
  const hubspot = url.protocol === 'https:' && HUBSPOT_HOSTS.includes(url.hostname) && url.pathname === '/';
  if (!hubspot && !(options.allowEmulator === true && LOOPBACK.test(baseUrl))) {
    throw new ValidationError([{ field: 'settings.baseUrl', reason: `must be one of ${HUBSPOT_HOSTS.map((h) => `https://${h}`).join(', ')}` }]);
  }
  const reference = result.data.dealReferenceProperty;
  return { baseUrl, defaultCurrency: result.data.defaultCurrency ?? 'USD', ...(reference !== undefined && { dealReferenceProperty: reference }) };
}

/** The settings schema (the connector's `settings`): a HubSpot API host, or loopback when allowed. */
export function hubSpotSettingsSchema(options: { readonly allowEmulator: boolean }): z.ZodType<HubSpotSettings> {
  return z.unknown().transform((raw, ctx) => {
    try {
      return parseHubSpotSettings(raw, options);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const v of error.violations) ctx.addIssue({ code: 'custom', path: v.field.split('.').slice(1), message: v.reason });
      return z.NEVER;
    }
  });
}

/**
 * The credentials schema (the connector's `credentials`): a flat record, checked as
 * `parseHubSpotCredentials` checks it (a private-app token, or the OAuth triple together).
 */
export const hubSpotCredentialsSchema = credentialsSchema.superRefine((raw, ctx) => {
  try {
    parseHubSpotCredentials(raw);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const v of error.violations) ctx.addIssue({ code: 'custom', path: v.field.split('.').slice(1), message: v.reason });
  }
});

/** Raises `ValidationError` naming the credential fields (never echoing values). */
export function parseHubSpotCredentials(raw: unknown): HubSpotCredentials {
  const result = credentialsSchema.safeParse(raw ?? {});
  if (!result.success) throw new ValidationError(violations('credentials', result.error.issues));
  const { accessToken, refreshToken, clientId, clientSecret } = result.data;
  // A client secret alone goes with a private-app token: HubSpot signs that app's webhooks with it.
  if (refreshToken !== undefined || clientId !== undefined) {
    const missing = (['refreshToken', 'clientId', 'clientSecret'] as const).filter((k) => result.data[k] === undefined);
    if (missing.length > 0) throw new ValidationError(missing.map((k) => ({ field: `credentials.${k}`, reason: 'is required for OAuth (refreshToken, clientId and clientSecret go together)' })));
    return { kind: 'oauth', refreshToken: refreshToken ?? '', clientId: clientId ?? '', clientSecret: clientSecret ?? '', ...(accessToken !== undefined && { accessToken }) };
  }
  if (accessToken === undefined) throw new ValidationError([{ field: 'credentials.accessToken', reason: 'is required (or give refreshToken, clientId and clientSecret for OAuth)' }]);
  return { kind: 'private_app', accessToken, ...(clientSecret !== undefined && { clientSecret }) };
}
