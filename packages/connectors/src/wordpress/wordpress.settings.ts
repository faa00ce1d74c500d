import { ValidationError, type ConnectorField, type FieldViolation } from '@bizosaas/domain';
import { z } from 'zod';

/** Non-secret settings of a WordPress connection. A type alias so it fits `Record<string, unknown>`. */
export type WordPressSettings = { readonly siteUrl: string };

/** An Application Password of a WordPress user (basic auth). */
export type WordPressCredentials = { readonly username: string; readonly applicationPassword: string };

export const wordPressSettingsFields: readonly ConnectorField[] = [
  { name: 'siteUrl', label: 'Site URL', description: 'The WordPress site, e.g. https://blog.example.com (HTTPS; a sub-folder install keeps its path)', required: true, secret: false },
];

export const wordPressCredentialFields: readonly ConnectorField[] = [
  { name: 'username', label: 'Username', description: 'The WordPress user the platform acts as (an editor or administrator)', required: true, secret: false },
  { name: 'applicationPassword', label: 'Application password', description: 'Created under Users > Profile > Application Passwords (not the login password)', required: true, secret: true },
];

const settingsSchema = z.object({ siteUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }) });
const credentialsSchema = z.object({
  username: z.string().trim().min(1),
  // WordPress shows it as six groups of four letters and digits; it accepts it with or without spaces.
  applicationPassword: z.string().refine((value) => /^[A-Za-z0-9]{24}$/.test(value.replace(/\s+/g, ''))),
});

const LOOPBACK_EMULATOR = /^http:\/\/127\.0\.0\.1:\d{1,5}(\/.*)?$/;
// Literal private, loopback and link-local addresses and localhost: a tenant must not aim the platform at
// its own network. (A public name resolving to a private address is not caught here.)
const PRIVATE_HOST = /^(localhost|.*\.localhost|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|0\.0\.0\.0|\[.*\])$/i;

function violations(prefix: string, issues: readonly z.core.$ZodIssue[]): FieldViolation[] {
  // zod's messages can quote the input; for credentials that would echo a secret, so reasons are ours.
  return issues.map((issue) => {
    const field = [prefix, ...issue.path.map(String)].join('.');
    if (issue.code === 'invalid_type') return { field, reason: 'must be a string' };
    if (field === 'credentials.applicationPassword') return { field, reason: 'must be a WordPress application password: 24 letters and digits, spaces allowed (Users > Profile > Application Passwords)' };
    return { field, reason: prefix === 'credentials' ? 'must not be empty' : issue.message };
  });
}

/**
 * Raises `ValidationError` naming `settings.siteUrl`: not https, carrying credentials, a query or a
 * fragment, or a private/loopback host (`http://127.0.0.1:<port>` only when the connector allows emulators).
 */
export function parseWordPressSettings(raw: unknown, options: { allowEmulator?: boolean } = {}): WordPressSettings {
  const result = settingsSchema.safeParse(raw ?? {});
  if (!result.success) throw new ValidationError(violations('settings', result.error.issues));
  const url = new URL(result.data.siteUrl);
  const siteUrl = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  const bad = (reason: string) => new ValidationError([{ field: 'settings.siteUrl', reason }]);
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') throw bad('must be a plain site URL without credentials, query or fragment');
  if (options.allowEmulator === true && LOOPBACK_EMULATOR.test(siteUrl)) return { siteUrl };
  if (url.protocol !== 'https:') throw bad('must use https (WordPress accepts application passwords over HTTPS only)');
  if (PRIVATE_HOST.test(url.hostname)) throw bad('must be a public site, not a local or private address');
  return { siteUrl };
}

/** Raises `ValidationError` naming the credential fields (never echoing values). */
export function parseWordPressCredentials(raw: unknown): WordPressCredentials {
  const result = credentialsSchema.safeParse(raw ?? {});
  if (!result.success) throw new ValidationError(violations('credentials', result.error.issues));
  return { username: result.data.username, applicationPassword: result.data.applicationPassword };
}
