import { z } from 'zod';
import { ValidationError, type ConnectorField } from '@bizosaas/domain';

export const MAILCHIMP_PROVIDER = 'mailchimp';

/** What a tenant fills in to connect Mailchimp: the data centre (the key's suffix) picks the API host. */
export const mailchimpSettingsFields: readonly ConnectorField[] = [
  { name: 'dataCenter', label: 'Data centre', description: 'The part after the dash at the end of the API key, e.g. us21', required: true, secret: false },
];

export const mailchimpCredentialFields: readonly ConnectorField[] = [
  { name: 'apiKey', label: 'API key', description: 'Mailchimp > Account > Extras > API keys; ends with the data centre, e.g. -us21', required: false, secret: true },
  { name: 'accessToken', label: 'OAuth access token', description: 'Set by the connect flow (Connect with Mailchimp) instead of an API key', required: false, secret: true },
];

/** Settings of a Mailchimp connection; `apiBaseUrl` (loopback emulators) only where emulators are allowed. */
export type MailchimpSettings = { readonly dataCenter: string; readonly apiBaseUrl?: string | undefined };

const DATA_CENTER = /^[a-z]{2}\d{1,3}$/;
const LOOPBACK = /^http:\/\/127\.0\.0\.1:\d{2,5}$/;

/** No settings in production: the host follows from the key. Tests point `apiBaseUrl` at an emulator. */
export function mailchimpSettingsSchema(options: { readonly allowEmulator: boolean }): z.ZodType<MailchimpSettings> {
  return z.object({
    dataCenter: z.string().regex(DATA_CENTER, 'must be a Mailchimp data centre such as us21 (the end of the API key)'),
    apiBaseUrl: z
      .string()
      .refine((value) => options.allowEmulator && LOOPBACK.test(value), 'is only accepted for local emulators (http://127.0.0.1:<port>)')
      .optional(),
  });
}

/**
 * An API key (32 hex digits, a dash and the data centre: https://mailchimp.com/developer/marketing/guides/quick-start/)
 * or an OAuth access token from the connect flow; exactly one of them.
 */
export const mailchimpCredentialsSchema = z
  .object({
    apiKey: z.string().regex(/^[0-9a-f]{32}-[a-z]{2}\d{1,3}$/, 'must be a Mailchimp API key (32 hex digits, a dash and the data centre, e.g. -us21)').optional(),
    accessToken: z.string().regex(/^[0-9A-Za-z]{16,128}$/, 'must be a Mailchimp OAuth access token (letters and digits)').optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.apiKey === undefined) === (value.accessToken === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['apiKey'], message: 'give either an API key or an OAuth access token (exactly one)' });
    }
  });
export type MailchimpCredentials = z.infer<typeof mailchimpCredentialsSchema>;

/** The API root: `https://<dc>.api.mailchimp.com/3.0`, or the emulator's `/3.0`. */
export function mailchimpBaseUrl(settings: MailchimpSettings): string {
  return `${settings.apiBaseUrl ?? `https://${settings.dataCenter}.api.mailchimp.com`}/3.0`;
}

/** Raises `ValidationError` naming `credentials.apiKey` when the key belongs to another data centre (never echoing it). */
export function checkKeyDataCenter(settings: MailchimpSettings, apiKey: string): void {
  if (!apiKey.endsWith(`-${settings.dataCenter}`)) {
    throw new ValidationError([{ field: 'credentials.apiKey', reason: `must end with the connection's data centre (-${settings.dataCenter})` }]);
  }
}
