// Imported by path until packages/domain/src/testing/index.ts exports the suite (then: '@bizosaas/domain/testing').
import { describeLlmPortContract } from '../../../domain/src/testing/llm-port.contract.js';
import { OpenAiEmulator } from '../../test/emulators/openai/openai-emulator.js';
import { openAiConnector } from './openai.connector.js';

const noDatabase = {
  query: () => Promise.reject(new Error('the OpenAI connector queried the database')),
  transaction: () => Promise.reject(new Error('the OpenAI connector opened a transaction')),
};

// A hosted model promises no identical answers, so the determinism case is skipped for it.
describeLlmPortContract('openai (emulator)', async () => {
  const emulator = await OpenAiEmulator.start();
  const connector = openAiConnector({ allowEmulator: true });
  const port = connector.createAdapter({ tenantId: 't-contract', connectionId: 'conn-openai', settings: { baseUrl: emulator.baseUrl, model: 'gpt-4o-mini' }, credentials: { apiKey: emulator.apiKey }, sql: noDatabase });
  return { port, deterministic: false, cleanup: () => emulator.close() };
});
