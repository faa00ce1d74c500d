import { ValidationError, type ConnectorField, type FieldViolation } from '@bizosaas/domain';
import { checkSiteUrl } from '../shared/site-url.js';
import { z } from 'zod';

/** Non-secret settings of a Wagtail connection. A type alias so it fits `Record<string, unknown>`. */
export type WagtailSettings = {
  /** The site, e.g. https://www.example.com; the API lives under `apiPath`. */
  readonly siteUrl: string;
  readonly apiPath: string;
  /** Page type listed as posts, `app_label.ModelName` (e.g. blog.BlogPage). */
  readonly postType: string;
  /** Page type listed as pages; without it the connection has no pages. */
  readonly pageType: string | null;
  /** The rich-text (or StreamField) field holding the body; exported through the model's `api_fields`. */
  readonly bodyField: string;
  /** Header carrying the optional token (Wagtail's API is public by default). */
  readonly tokenHeader: string;
};

/** An optional header token, for sites that put the API behind DRF token auth or a proxy. */
export type WagtailCredentials = { readonly token?: string };

export const wagtailSettingsFields: readonly ConnectorField[] = [
  { name: 'siteUrl', label: 'Site URL', description: 'https://www.example.com', required: true, secret: false },
  { name: 'apiPath', label: 'API path', description: 'Where the API router is mounted (default /api/v2)', required: false, secret: false },
  { name: 'postType', label: 'Post page type', description: 'app_label.ModelName of posts, e.g. blog.BlogPage', required: true, secret: false },
  { name: 'pageType', label: 'Page page type', description: 'app_label.ModelName of pages, e.g. standard.StandardPage', required: false, secret: false },
  { name: 'bodyField', label: 'Body field', description: 'API field holding the body (default body)', required: false, secret: false },
  { name: 'tokenHeader', label: 'Token header', description: 'Header the token is sent in (default Authorization)', required: false, secret: false },
];

export const wagtailCredentialFields: readonly ConnectorField[] = [
  { name: 'token', label: 'API token', description: 'The full header value, e.g. "Token abc…"; leave empty for a public API', required: false, secret: true },
];

const pageType = z.string().regex(/^[A-Za-z_][\w]*\.[A-Za-z_]\w*$/, 'must be app_label.ModelName, e.g. blog.BlogPage');
const settingsSchema = z.object({
  siteUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
  apiPath: z.string().regex(/^\/[\w\-/]*$/, 'must be a path such as /api/v2').optional(),
  postType: pageType,
  pageType: pageType.optional(),
  bodyField: z.string().regex(/^\w+$/, 'must be a field name').optional(),
  tokenHeader: z.string().regex(/^[A-Za-z][\w-]*$/, 'must be a header name').optional(),
});
const credentialsSchema = z.object({ token: z.string().min(1).optional() });

function violations(prefix: string, issues: readonly z.core.$ZodIssue[]): FieldViolation[] {
  // zod's message for a wrong type can quote the input; for credentials that would echo a secret.
  return issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].join('.'),
    reason: issue.code === 'invalid_type' ? (issue.input === undefined ? 'is required' : 'must be a string') : prefix === 'credentials' ? 'must not be empty' : issue.message,
  }));
}

/** Raises `ValidationError` naming the bad `settings.<field>`s. */
export function parseWagtailSettings(raw: unknown, options: { allowEmulator?: boolean } = {}): WagtailSettings {
  const result = settingsSchema.safeParse(raw ?? {});
  if (!result.success) throw new ValidationError(violations('settings', result.error.issues));
  const { data } = result;
  return {
    siteUrl: checkSiteUrl(data.siteUrl, options.allowEmulator === true),
    apiPath: (data.apiPath ?? '/api/v2').replace(/\/+$/, ''),
    postType: data.postType,
    pageType: data.pageType ?? null,
    bodyField: data.bodyField ?? 'body',
    tokenHeader: data.tokenHeader ?? 'Authorization',
  };
}

/** Raises `ValidationError` naming `credentials.token` (never echoing it). */
export function parseWagtailCredentials(raw: unknown): WagtailCredentials {
  const result = credentialsSchema.safeParse(raw ?? {});
  if (!result.success) throw new ValidationError(violations('credentials', result.error.issues));
  return result.data.token === undefined ? {} : { token: result.data.token };
}
