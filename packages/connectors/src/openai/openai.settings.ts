import type { ConnectorField } from '@bizosaas/domain';
import { z } from 'zod';

export const OPENAI_PROVIDER = 'openai';

/** OpenAI's API; a connection may name another OpenAI-compatible https endpoint (Azure, a proxy), or a loopback emulator in tests. */
export const OPENAI_API_URL = 'https://api.openai.com/v1';
export const OPENAI_DEFAULT_MODEL = 'gpt-4o-mini';

export const openAiSettingsFields: readonly ConnectorField[] = [
  { name: 'model', label: 'Model', description: `Chat model to use, e.g. ${OPENAI_DEFAULT_MODEL} (the default)`, required: false, secret: false },
  { name: 'baseUrl', label: 'API base URL', description: `An OpenAI-compatible https endpoint; default ${OPENAI_API_URL}`, required: false, secret: false },
  { name: 'organization', label: 'Organization id', description: 'Optional OpenAI organization (org-...) billed for the calls', required: false, secret: false },
];

export const openAiCredentialFields: readonly ConnectorField[] = [
  { name: 'apiKey', label: 'API key', description: 'The tenant\'s OpenAI API key (sk-...)', required: true, secret: true },
];

/** Settings of an OpenAI connection (a type alias so it fits `Record<string, unknown>`). */
export type OpenAiSettings = {
  readonly model: string;
  readonly baseUrl: string;
  readonly organization: string | undefined;
};

const LOOPBACK = /^http:\/\/127\.0\.0\.1:\d{1,5}(\/.*)?$/;

/** https on a host name (no IP literal, no localhost): a tenant cannot aim the platform at its network. */
function publicHttps(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  const host = url.hostname;
  return url.protocol === 'https:' && host.includes('.') && !/^[\d.]+$/.test(host) && !host.startsWith('[') && !host.endsWith('.localhost') && url.username === '' && url.password === '';
}

export function openAiSettingsSchema(options: { readonly allowEmulator: boolean }): z.ZodType<OpenAiSettings> {
  return z
    .object({
      model: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/, 'must be a model name such as gpt-4o-mini').optional(),
      baseUrl: z
        .string()
        .refine((value) => publicHttps(value) || (options.allowEmulator && LOOPBACK.test(value)), 'must be an https URL on a public host name')
        .optional(),
      organization: z.string().regex(/^org-[A-Za-z0-9]{1,64}$/, 'must be an OpenAI organization id (org-...)').optional(),
    })
    .transform((s) => ({ model: s.model ?? OPENAI_DEFAULT_MODEL, baseUrl: (s.baseUrl ?? OPENAI_API_URL).replace(/\/+$/, ''), organization: s.organization }));
}

export const openAiCredentialsSchema = z.object({
  apiKey: z.string().min(20, 'must be an API key of at least 20 characters').max(512, 'must be at most 512 characters').regex(/^\S+$/, 'must not contain spaces'),
});
export type OpenAiCredentials = z.infer<typeof openAiCredentialsSchema>;
