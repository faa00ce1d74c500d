import type { ConnectorDefinition } from '@bizosaas/domain';
import { parseSandboxCredentials, parseSandboxSettings, verifySandboxApiKey } from '../shared/sandbox-settings.js';
import { SandboxLlmAdapter } from './sandbox-llm.adapter.js';
import { sandboxLlmManifest } from './sandbox-llm.manifest.js';

/**
 * The embedded default LLM: deterministic answers computed from the request, no network and no tables
 * (so no migrations and nothing to prepare). Agents run on it before a real model is connected.
 */
export const sandboxLlmConnector: ConnectorDefinition<'llm'> = {
  manifest: sandboxLlmManifest,
  parseSettings: parseSandboxSettings,
  parseCredentials: parseSandboxCredentials,

  async testConnection(context) {
    const { apiKey } = parseSandboxCredentials(context.credentials);
    verifySandboxApiKey(apiKey);
    // Nothing to reach: valid settings are the whole of "the provider answers".
    parseSandboxSettings(context.settings);
  },

  createAdapter(context) {
    parseSandboxSettings(context.settings);
    return new SandboxLlmAdapter();
  },
};
