import type { ConnectorField } from '@bizosaas/domain';
import { z } from 'zod';

export const GA4_PROVIDER = 'ga4';
export const GA4_API_URL = 'https://analyticsdata.googleapis.com';
export const GA4_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** What a tenant fills in to connect a GA4 property. */
export const ga4SettingsFields: readonly ConnectorField[] = [
  { name: 'propertyId', label: 'Property ID', description: 'The numeric GA4 property id (Admin > Property details), e.g. 123456789', required: true, secret: false },
];

export const ga4CredentialFields: readonly ConnectorField[] = [
  { name: 'clientEmail', label: 'Service account email', description: 'client_email of the service account key; add it as a Viewer of the property', required: true, secret: false },
  { name: 'privateKey', label: 'Service account private key', description: 'private_key of the service account JSON key (PEM, -----BEGIN PRIVATE KEY-----)', required: true, secret: true },
];

/** Settings of a GA4 connection; `apiUrl`/`tokenUrl` differ from Google's only for loopback emulators. */
export type Ga4Settings = { readonly propertyId: string; readonly apiUrl: string; readonly tokenUrl: string };

const LOOPBACK = /^http:\/\/127\.0\.0\.1:\d{1,5}(\/[\w/-]*)?$/;

function endpoint(fallback: string, allowEmulator: boolean) {
  return z
    .string()
    .optional()
    .refine((value) => value === undefined || value === fallback || (allowEmulator && LOOPBACK.test(value)), `must be left out (Google's endpoint ${fallback} is used)`)
    .transform((value) => value ?? fallback);
}

/** The property id (digits) and, for emulators only, the API and token endpoints. */
export function ga4SettingsSchema(options: { readonly allowEmulator: boolean }): z.ZodType<Ga4Settings> {
  return z.object({
    propertyId: z.string().trim().regex(/^\d{1,20}$/, 'must be the numeric GA4 property id, e.g. 123456789'),
    apiUrl: endpoint(GA4_API_URL, options.allowEmulator),
    tokenUrl: endpoint(GA4_TOKEN_URL, options.allowEmulator),
  });
}

/** A service account key's email and PEM private key (https://developers.google.com/identity/protocols/oauth2/service-account). */
export const ga4CredentialsSchema = z.object({
  clientEmail: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'must be the service account email (client_email)'),
  privateKey: z.string().regex(/-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+-----END (RSA )?PRIVATE KEY-----/, 'must be a PEM private key (private_key of the JSON key)'),
});
export type Ga4Credentials = z.infer<typeof ga4CredentialsSchema>;
