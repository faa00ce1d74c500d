// Imported by path until packages/domain/src/testing/index.ts exports the suite (then: '@bizosaas/domain/testing').
import { describeLlmPortContract } from '../../../../domain/src/testing/llm-port.contract.js';
import { sandboxLlmConnector } from './sandbox-llm.connector.js';

/** The sandbox LLM must not touch the database: any query fails the suite. */
const noDatabase = {
  query: () => Promise.reject(new Error('the sandbox LLM queried the database')),
  transaction: () => Promise.reject(new Error('the sandbox LLM opened a transaction')),
};

// A unit test, not *.int.test.ts: the sandbox LLM has no database or server, so there is no engine to vary.
describeLlmPortContract('sandbox', async () => ({
  port: sandboxLlmConnector.createAdapter({ tenantId: 't-contract', connectionId: 'conn-contract', settings: { dataset: 'contract' }, credentials: {}, sql: noDatabase }),
  deterministic: true,
}));
