import { ConnectorError, ValidationError, type FieldViolation } from '@bizosaas/domain';
import { z } from 'zod';

/** Every sandbox connector's provider id. */
export const SANDBOX_PROVIDER = 'sandbox';

/** The demo data sets a sandbox dataset can be seeded with; `empty` seeds nothing. */
export const SANDBOX_PROFILES = ['acme', 'globex', 'empty'] as const;
export type SandboxProfile = (typeof SANDBOX_PROFILES)[number];

/**
 * Settings of any sandbox connection: which dataset of the platform database to use and, optionally,
 * the demo profile to seed it with when it is connected (`prepare`). A type alias so it fits
 * `Record<string, unknown>`.
 */
export type SandboxSettings = { readonly dataset: string; readonly profile?: SandboxProfile };

export type SandboxCredentials = { readonly apiKey: string };

const DATASET = /^[a-z0-9-]{2,40}$/;
// What the sandbox "provider" accepts; checked by testConnection, like a vendor checks a key it issued.
const ACCEPTED_KEY = /^sandbox_[A-Za-z0-9_-]{16,}$/;

const settingsSchema = z.object({
  dataset: z.string().regex(DATASET, 'must be 2 to 40 lower-case letters, digits or dashes, e.g. "acme-demo"'),
  profile: z.enum(SANDBOX_PROFILES, { message: `must be one of ${SANDBOX_PROFILES.join(', ')}` }).optional(),
});
const credentialsSchema = z.object({
  apiKey: z.string().min(1, 'is required'),
});

function violations(prefix: string, issues: readonly z.core.$ZodIssue[]): FieldViolation[] {
  // zod's own message for a wrong type can quote the input; for credentials that would echo a secret.
  return issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].join('.'),
    reason: issue.code === 'invalid_type' ? 'is required and must be a string' : issue.message,
  }));
}

/** Validates connection settings. Raises `ValidationError` naming `settings.dataset` / `settings.profile`. */
export function parseSandboxSettings(raw: unknown): SandboxSettings {
  const result = settingsSchema.safeParse(raw);
  if (!result.success) throw new ValidationError(violations('settings', result.error.issues));
  return result.data.profile === undefined ? { dataset: result.data.dataset } : { dataset: result.data.dataset, profile: result.data.profile };
}

/** Validates credentials' shape (present, a string). Raises `ValidationError` naming `credentials.apiKey`. */
export function parseSandboxCredentials(raw: unknown): SandboxCredentials {
  const result = credentialsSchema.safeParse(raw);
  if (!result.success) throw new ValidationError(violations('credentials', result.error.issues));
  return { apiKey: result.data.apiKey };
}

/** What the sandbox "provider" says about a key: `ConnectorError('unauthorized')` unless it is one it issues. */
export function verifySandboxApiKey(apiKey: string): void {
  if (!ACCEPTED_KEY.test(apiKey)) {
    throw new ConnectorError(
      'unauthorized',
      SANDBOX_PROVIDER,
      'The sandbox rejected the API key: sandbox keys start with "sandbox_" followed by at least 16 letters, digits, "_" or "-". Enter such a key and test the connection again.',
    );
  }
}

/** The settings and credential fields every sandbox manifest declares. */
export const sandboxSettingsFields = [
  { name: 'dataset', label: 'Dataset', description: 'Which sandbox data set to use (2-40 of a-z, 0-9, -).', required: true, secret: false },
  { name: 'profile', label: 'Demo profile', description: `Seed an empty dataset with demo data when connecting: ${SANDBOX_PROFILES.join(', ')}.`, required: false, secret: false },
] as const;

export const sandboxCredentialFields = [
  { name: 'apiKey', label: 'API key', description: 'Any key of the form sandbox_ followed by 16 or more letters, digits, _ or -.', required: true, secret: true },
] as const;
