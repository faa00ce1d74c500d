import { ConnectorError, ValidationError, type FieldViolation } from '@bizosaas/domain';
import { z } from 'zod';
import { SANDBOX_PROVIDER } from './sandbox-crm.mapping.js';

/** Settings of one sandbox CRM connection. (A type alias, not an interface, so it fits `Record<string, unknown>`.) */
export type SandboxCrmSettings = { readonly dataset: string };

/** Credentials of one sandbox CRM connection. */
export type SandboxCrmCredentials = { readonly apiKey: string };

const DATASET = /^[a-z0-9-]{2,40}$/;
// What the sandbox "provider" accepts; checked by testConnection, like a vendor checks a key it issued.
const ACCEPTED_KEY = /^sandbox_[A-Za-z0-9_-]{16,}$/;

const settingsSchema = z.object({
  dataset: z.string().regex(DATASET, 'must be 2 to 40 lower-case letters, digits or dashes, e.g. "acme-demo"'),
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

/** Validates connection settings. Raises `ValidationError` naming `settings.dataset`. */
export function parseSandboxCrmSettings(raw: unknown): SandboxCrmSettings {
  const result = settingsSchema.safeParse(raw);
  if (!result.success) throw new ValidationError(violations('settings', result.error.issues));
  return { dataset: result.data.dataset };
}

/** Validates credentials' shape (present, a string). Raises `ValidationError` naming `credentials.apiKey`. */
export function parseSandboxCrmCredentials(raw: unknown): SandboxCrmCredentials {
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
