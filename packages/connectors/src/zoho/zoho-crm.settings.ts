import { ValidationError, type FieldViolation } from '@bizosaas/domain';
import { z } from 'zod';

export const ZOHO_PROVIDER = 'zoho';

/**
 * Zoho's data centres: the CRM API domain and the accounts server (OAuth) of each.
 * https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html
 * An account lives in exactly one; every call of a connection goes to its own pair.
 */
export const ZOHO_DATA_CENTRES = {
  com: { apiDomain: 'https://www.zohoapis.com', accountsServer: 'https://accounts.zoho.com' },
  eu: { apiDomain: 'https://www.zohoapis.eu', accountsServer: 'https://accounts.zoho.eu' },
  in: { apiDomain: 'https://www.zohoapis.in', accountsServer: 'https://accounts.zoho.in' },
  'com.au': { apiDomain: 'https://www.zohoapis.com.au', accountsServer: 'https://accounts.zoho.com.au' },
  jp: { apiDomain: 'https://www.zohoapis.jp', accountsServer: 'https://accounts.zoho.jp' },
  // Canada and Saudi Arabia run on their own second-level domains.
  ca: { apiDomain: 'https://www.zohoapis.ca', accountsServer: 'https://accounts.zohocloud.ca' },
  sa: { apiDomain: 'https://www.zohoapis.sa', accountsServer: 'https://accounts.zoho.sa' },
  'com.cn': { apiDomain: 'https://www.zohoapis.com.cn', accountsServer: 'https://accounts.zoho.com.cn' },
} as const;

const API_DOMAINS: readonly string[] = Object.values(ZOHO_DATA_CENTRES).map((dc) => dc.apiDomain);
const ACCOUNTS_SERVERS: readonly string[] = Object.values(ZOHO_DATA_CENTRES).map((dc) => dc.accountsServer);
/** Loopback emulators in tests: only when the connector was built with `allowEmulator`. */
const LOOPBACK = /^http:\/\/127\.0\.0\.1:\d{1,5}$/;

/**
 * Settings of a Zoho connection (a type alias so it fits `Record<string, unknown>`).
 * - `apiDomain`, `accountsServer`: the account's data centre, as Zoho's token response names it (`api_domain`).
 * - `currency`: the org's home currency, used for deals without a `Currency` field (single-currency orgs).
 * - `dealsLayoutId`: the Deals layout whose pipelines `listPipelines` reads; the first layout when omitted.
 * - `dealReferenceField`: API name of a custom single-line Deals field that gets each new deal's reference
 *   (`NewDeal.externalReference`), so a deal created just before a crash is found exactly.
 */
export type ZohoCrmSettings = {
  readonly apiDomain: string;
  readonly accountsServer: string;
  readonly currency: string;
  readonly dealsLayoutId?: string;
  readonly dealReferenceField?: string;
};

export type ZohoCrmCredentials = {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
};

export interface ZohoSettingsOptions {
  /** Accept `http://127.0.0.1:<port>` for both domains (local emulators). Never from tenant input. */
  readonly allowEmulator?: boolean;
}

function domainSchema(known: readonly string[], options: ZohoSettingsOptions, example: string) {
  return z
    .string()
    .transform((value) => value.trim().replace(/\/+$/, ''))
    .refine((value) => known.includes(value) || (options.allowEmulator === true && LOOPBACK.test(value)), {
      message: `must be one of Zoho's data-centre domains, e.g. "${example}" (${known.join(', ')})`,
    });
}

/** The settings schema (the connector's `settings`), checking both domains against one data centre. */
export function zohoSettingsSchema(options: ZohoSettingsOptions): z.ZodType<ZohoCrmSettings> {
  return settingsSchema(options).transform(settingsOf);
}

/** The parsed settings without the optional keys that were not given. */
function settingsOf(parsed: { apiDomain: string; accountsServer: string; currency: string; dealsLayoutId?: string | undefined; dealReferenceField?: string | undefined }): ZohoCrmSettings {
  const { apiDomain, accountsServer, currency, dealsLayoutId, dealReferenceField } = parsed;
  return { apiDomain, accountsServer, currency, ...(dealsLayoutId !== undefined && { dealsLayoutId }), ...(dealReferenceField !== undefined && { dealReferenceField }) };
}

function settingsSchema(options: ZohoSettingsOptions) {
  return z
    .object({
      apiDomain: domainSchema(API_DOMAINS, options, 'https://www.zohoapis.eu'),
      accountsServer: domainSchema(ACCOUNTS_SERVERS, options, 'https://accounts.zoho.eu'),
      currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as "EUR"').default('USD'),
      dealsLayoutId: z.string().regex(/^\d{1,30}$/, 'must be the numeric id of a Deals layout').optional(),
      dealReferenceField: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,99}$/, 'must be the API name of a custom Deals field, e.g. "BizOSaaS_Reference"').optional(),
    })
    .refine((s) => sameDataCentre(s.apiDomain, s.accountsServer), {
      message: 'must belong to the same data centre as settings.apiDomain',
      path: ['accountsServer'],
    });
}

/** An API domain and accounts server of one data centre (loopback emulators pair with each other only). */
function sameDataCentre(apiDomain: string, accountsServer: string): boolean {
  if (LOOPBACK.test(apiDomain) || LOOPBACK.test(accountsServer)) return LOOPBACK.test(apiDomain) && LOOPBACK.test(accountsServer);
  return Object.values(ZOHO_DATA_CENTRES).some((dc) => dc.apiDomain === apiDomain && dc.accountsServer === accountsServer);
}

/** The credentials schema: the API console's client and the offline refresh token. */
export const zohoCredentialsSchema = z.object({
  clientId: z.string().min(1, 'is required'),
  clientSecret: z.string().min(1, 'is required'),
  refreshToken: z.string().min(1, 'is required'),
});

function violations(prefix: string, issues: readonly z.core.$ZodIssue[]): FieldViolation[] {
  // zod's own message for a wrong type can quote the input; for credentials that would echo a secret.
  return issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].join('.'),
    reason: issue.code === 'invalid_type' ? 'is required and must be a string' : issue.message,
  }));
}

/** Validates settings. Raises `ValidationError` naming `settings.<field>`. */
export function parseZohoSettings(raw: unknown, options: ZohoSettingsOptions = {}): ZohoCrmSettings {
  const result = settingsSchema(options).safeParse(raw);
  if (!result.success) throw new ValidationError(violations('settings', result.error.issues));
  return settingsOf(result.data);
}

/** Validates credentials' shape. Raises `ValidationError` naming `credentials.<field>`, never echoing values. */
export function parseZohoCredentials(raw: unknown): ZohoCrmCredentials {
  const result = zohoCredentialsSchema.safeParse(raw);
  if (!result.success) throw new ValidationError(violations('credentials', result.error.issues));
  return result.data;
}

export const zohoSettingsFields = [
  { name: 'apiDomain', label: 'API domain', description: 'Your account\'s Zoho API domain (api_domain), e.g. https://www.zohoapis.eu.', required: true, secret: false },
  { name: 'accountsServer', label: 'Accounts server', description: 'Your data centre\'s accounts server, e.g. https://accounts.zoho.eu.', required: true, secret: false },
  { name: 'currency', label: 'Home currency', description: 'ISO 4217 code of the org\'s home currency (default USD).', required: false, secret: false },
  { name: 'dealsLayoutId', label: 'Deals layout id', description: 'Deals layout whose pipelines are used; the first layout when empty.', required: false, secret: false },
  {
    name: 'dealReferenceField',
    label: 'Deal reference field',
    description: 'API name of a custom single-line Deals field you created for BizOSaaS: each new deal gets its reference there, so a deal created just before a crash is found exactly.',
    required: false,
    secret: false,
  },
] as const;

export const zohoCredentialFields = [
  { name: 'clientId', label: 'Client id', description: 'From the Zoho API console.', required: true, secret: true },
  { name: 'clientSecret', label: 'Client secret', description: 'From the Zoho API console.', required: true, secret: true },
  { name: 'refreshToken', label: 'Refresh token', description: 'Issued by the connect flow (access_type=offline).', required: true, secret: true },
] as const;
