import type { ConnectorManifest } from '@bizosaas/domain';
import { OPENAI_PROVIDER, openAiCredentialFields, openAiSettingsFields } from './openai.settings.js';

/** OpenAI: chat completions (with tools and streaming) for the LLM port, a per-tenant API key. */
export const openAiManifest = {
  id: OPENAI_PROVIDER,
  displayName: 'OpenAI',
  port: 'llm',
  capabilities: ['complete'],
  authKind: 'api_key',
  settingsFields: openAiSettingsFields,
  credentialFields: openAiCredentialFields,
  allowedHosts: ['api.openai.com'],
  docsUrl: 'https://platform.openai.com/docs/api-reference/chat',
} as const satisfies ConnectorManifest & { readonly port: 'llm' };
