import type { ConnectorDefinition } from '@bizosaas/domain';
import { defineSandboxConnector } from '../shared/define-sandbox-connector.js';
import { SandboxLlmAdapter } from './sandbox-llm.adapter.js';
import { sandboxLlmManifest } from './sandbox-llm.manifest.js';

/**
 * The embedded default LLM: deterministic answers computed from the request, no network and no tables
 * (so no migrations and nothing to prepare). Agents run on it before a real model is connected.
 */
export const sandboxLlmConnector: ConnectorDefinition<'llm'> = defineSandboxConnector({
  manifest: sandboxLlmManifest,
  createAdapter: () => new SandboxLlmAdapter(),
});
