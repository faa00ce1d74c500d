import { ValidationError, type ConnectorField, type FieldViolation } from '@bizosaas/domain';
import { checkSiteUrl } from '../shared/site-url.js';
import { z } from 'zod';

/** Non-secret settings of a Drupal connection. A type alias so it fits `Record<string, unknown>`. */
export type DrupalSettings = {
  /** The site, e.g. https://www.example.com; JSON:API lives under /jsonapi. */
  readonly siteUrl: string;
  /** Node bundle listed as posts (default article). */
  readonly postBundle: string;
  /** Node bundle listed as pages (default page). */
  readonly pageBundle: string;
  /** Text format of bodies we write (default basic_html). */
  readonly textFormat: string;
};

/** HTTP Basic (core's basic_auth module) or a bearer token (simple_oauth; refreshed by the tenant). */
export type DrupalCredentials = { readonly kind: 'basic'; readonly username: string; readonly password: string } | { readonly kind: 'bearer'; readonly accessToken: string };

export const drupalSettingsFields: readonly ConnectorField[] = [
  { name: 'siteUrl', label: 'Site URL', description: 'https://www.example.com (JSON:API at /jsonapi)', required: true, secret: false },
  { name: 'postBundle', label: 'Post content type', description: 'Machine name (default article)', required: false, secret: false },
  { name: 'pageBundle', label: 'Page content type', description: 'Machine name (default page)', required: false, secret: false },
  { name: 'textFormat', label: 'Body text format', description: 'Default basic_html', required: false, secret: false },
];

export const drupalCredentialFields: readonly ConnectorField[] = [
  { name: 'username', label: 'Username', description: 'A Drupal user allowed to edit the content types (basic_auth)', required: false, secret: false },
  { name: 'password', label: 'Password', required: false, secret: true },
  { name: 'accessToken', label: 'OAuth access token', description: 'Instead of username and password (simple_oauth)', required: false, secret: true },
];

const machineName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a machine name such as article');
const settingsSchema = z.object({
  siteUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
  postBundle: machineName.optional(),
  pageBundle: machineName.optional(),
  textFormat: machineName.optional(),
});
const optionalSecret = z.string().min(1).optional();
const credentialsSchema = z.object({ username: optionalSecret, password: optionalSecret, accessToken: optionalSecret });

function violations(prefix: string, issues: readonly z.core.$ZodIssue[]): FieldViolation[] {
  // zod's message for a wrong type can quote the input; for credentials that would echo a secret.
  return issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].join('.'),
    reason: issue.code === 'invalid_type' ? (issue.input === undefined ? 'is required' : 'must be a string') : prefix === 'credentials' ? 'must not be empty' : issue.message,
  }));
}

/** Raises `ValidationError` naming the bad `settings.<field>`s. */
export function parseDrupalSettings(raw: unknown, options: { allowEmulator?: boolean } = {}): DrupalSettings {
  const result = settingsSchema.safeParse(raw ?? {});
  if (!result.success) throw new ValidationError(violations('settings', result.error.issues));
  const { data } = result;
  const postBundle = data.postBundle ?? 'article';
  const pageBundle = data.pageBundle ?? 'page';
  if (postBundle === pageBundle) throw new ValidationError([{ field: 'settings.pageBundle', reason: 'must differ from postBundle' }]);
  return { siteUrl: checkSiteUrl(data.siteUrl, options.allowEmulator === true), postBundle, pageBundle, textFormat: data.textFormat ?? 'basic_html' };
}

/** Raises `ValidationError` naming the credential fields (never echoing values). */
export function parseDrupalCredentials(raw: unknown): DrupalCredentials {
  const result = credentialsSchema.safeParse(raw ?? {});
  if (!result.success) throw new ValidationError(violations('credentials', result.error.issues));
  const { username, password, accessToken } = result.data;
  if (username !== undefined || password !== undefined) {
    const missing = (['username', 'password'] as const).filter((k) => result.data[k] === undefined);
    if (missing.length > 0) throw new ValidationError(missing.map((k) => ({ field: `credentials.${k}`, reason: 'is required for basic auth (username and password go together)' })));
    return { kind: 'basic', username: username ?? '', password: password ?? '' };
  }
  if (accessToken === undefined) throw new ValidationError([{ field: 'credentials.username', reason: 'is required (with password), or give accessToken' }]);
  return { kind: 'bearer', accessToken };
}
