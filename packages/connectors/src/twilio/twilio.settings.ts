import type { ConnectorField } from '@bizosaas/domain';
import { z } from 'zod';

export const TWILIO_PROVIDER = 'twilio';

/** Twilio's REST host (2010 API); a connection may name another only for a loopback emulator (tests). */
export const TWILIO_API_URL = 'https://api.twilio.com';

/** E.164: "+", country code and subscriber number, no spaces. */
export const E164 = /^\+[1-9]\d{7,14}$/;

/** What a tenant fills in to connect a Twilio account. */
export const twilioSettingsFields: readonly ConnectorField[] = [
  { name: 'accountSid', label: 'Account SID', description: 'Twilio Console > Account info: AC followed by 32 hex characters', required: true, secret: false },
  { name: 'fromNumber', label: 'Sender number', description: 'A Twilio phone number of the account in E.164 (e.g. +14155550100); messages are sent from it', required: true, secret: false },
  { name: 'publicUrl', label: 'Public URL of BizOSaaS', description: 'https URL Twilio reaches us at; status callbacks go to <publicUrl>/webhooks/<connection id>', required: false, secret: false },
];

export const twilioCredentialFields: readonly ConnectorField[] = [
  { name: 'authToken', label: 'Auth token', description: 'The account\'s auth token: it verifies X-Twilio-Signature on callbacks, and authenticates calls when no API key is given', required: true, secret: true },
  { name: 'apiKeySid', label: 'API key SID', description: 'Optional: an API key (SK...) to call the API with instead of the auth token', required: false, secret: true },
  { name: 'apiKeySecret', label: 'API key secret', description: 'The API key\'s secret (required with an API key SID)', required: false, secret: true },
];

/** Settings of a Twilio connection (a type alias so it fits `Record<string, unknown>`). */
export type TwilioSettings = {
  readonly accountSid: string;
  readonly fromNumber: string;
  readonly publicUrl: string | undefined;
  readonly apiUrl: string;
};

const LOOPBACK = /^http:\/\/127\.0\.0\.1:\d{1,5}$/;

/** An account SID, a sender number, the public URL for callbacks, and (emulators only) the API URL. */
export function twilioSettingsSchema(options: { readonly allowEmulator: boolean }): z.ZodType<TwilioSettings> {
  return z
    .object({
      accountSid: z.string().regex(/^AC[0-9a-f]{32}$/, 'must be a Twilio Account SID (AC followed by 32 lower-case hex characters)'),
      fromNumber: z.string().regex(E164, 'must be an E.164 phone number, e.g. +14155550100'),
      publicUrl: z
        .url({ protocol: options.allowEmulator ? /^https?$/ : /^https$/, error: 'must be the https URL Twilio reaches BizOSaaS at' })
        .transform((value) => value.replace(/\/+$/, ''))
        .optional(),
      apiUrl: z
        .string()
        .refine((value) => options.allowEmulator && LOOPBACK.test(value), 'is only accepted for a local emulator')
        .optional(),
    })
    .transform((s) => ({ accountSid: s.accountSid, fromNumber: s.fromNumber, publicUrl: s.publicUrl, apiUrl: s.apiUrl ?? TWILIO_API_URL }));
}

/**
 * The auth token (always: Twilio signs callbacks with it) and optionally an API key and secret to call
 * the API with (https://www.twilio.com/docs/iam/api-keys).
 */
export const twilioCredentialsSchema = z
  .object({
    authToken: z.string().regex(/^[0-9a-f]{32}$/, 'must be a Twilio auth token (32 hex characters)'),
    apiKeySid: z.string().regex(/^SK[0-9a-f]{32}$/, 'must be a Twilio API key SID (SK followed by 32 hex characters)').optional(),
    apiKeySecret: z.string().min(16, 'must be at least 16 characters').max(128, 'must be at most 128 characters').optional(),
  })
  .refine((c) => (c.apiKeySid === undefined) === (c.apiKeySecret === undefined), { message: 'an API key needs both its SID and its secret', path: ['apiKeySecret'] });
export type TwilioCredentials = z.infer<typeof twilioCredentialsSchema>;
