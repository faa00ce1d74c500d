import { bearerToken, defineHttpConnector } from '@bizosaas/connector-kit';
import type { ClientOptions, OpenAI } from 'openai';
import { OpenAiLlmAdapter } from './openai-llm.adapter.js';
import { toConnectorError } from './openai.errors.js';
import { openAiManifest } from './openai.manifest.js';
import { openAiProfile } from './openai.profile.js';
import { openAiCredentialsSchema, openAiSettingsSchema } from './openai.settings.js';

/**
 * OpenAI (LLM port) on the official `openai` client, at `api.openai.com` or any OpenAI-compatible base
 * URL, with the tenant's own key from the connection's credentials. Registered in the runtime's list with
 * one line: `openAiConnector(runtime)`.
 */
export const openAiConnector = defineHttpConnector({
  manifest: openAiManifest,
  profile: openAiProfile,
  settings: openAiSettingsSchema,
  credentials: openAiCredentialsSchema,
  baseUrl: (settings) => settings.baseUrl,
  auth: (_settings, credentials) => bearerToken(credentials.apiKey),
  createAdapter: ({ settings, credentials, runtime }) =>
    new OpenAiLlmAdapter({
      client: openAiClient({
        apiKey: credentials.apiKey,
        baseURL: settings.baseUrl,
        ...(settings.organization !== undefined && { organization: settings.organization }),
        timeout: openAiProfile.timeoutMs,
        maxRetries: openAiProfile.retry.maxAttempts - 1,
        ...(runtime.fetch && { fetch: runtime.fetch }),
      }),
      model: settings.model,
      secrets: [credentials.apiKey],
    }),
  // Listing models proves the key without spending tokens (https://platform.openai.com/docs/api-reference/models/list).
  testConnection: async (_adapter, { settings, credentials, runtime }) => {
    const client = openAiClient({ apiKey: credentials.apiKey, baseURL: settings.baseUrl, timeout: 15_000, maxRetries: 1, ...(runtime.fetch && { fetch: runtime.fetch }) });
    try {
      await (await client).models.list();
    } catch (error) {
      throw await toConnectorError(error, [credentials.apiKey]);
    }
  },
});

/**
 * The official client, the package imported at the first client (~150 modules), not when the connectors load:
 * most starts never call OpenAI. A failed import reaches the first call that awaits the client.
 */
function openAiClient(options: ClientOptions): Promise<OpenAI> {
  const client = import('openai').then(({ default: OpenAI }) => new OpenAI(options));
  client.catch(() => undefined);
  return client;
}
