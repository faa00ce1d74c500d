import { describe, expect, it } from 'vitest';
import { sandboxLlmConnector } from './sandbox-llm.connector.js';
import { SandboxLlmAdapter } from './sandbox-llm.adapter.js';

const noDatabase = {
  query: () => Promise.reject(new Error('the sandbox LLM queried the database')),
  transaction: () => Promise.reject(new Error('the sandbox LLM opened a transaction')),
};
const context = (apiKey: string, settings: Record<string, unknown> = { dataset: 'demo' }) => ({ tenantId: 't1', connectionId: 'c1', settings, credentials: { apiKey }, sql: noDatabase });

describe('sandbox LLM connector', () => {
  it('declares complete, the shared sandbox settings and no tables', () => {
    expect(sandboxLlmConnector.manifest).toMatchObject({ id: 'sandbox', port: 'llm', capabilities: ['complete'], authKind: 'api_key', allowedHosts: [] });
    expect(sandboxLlmConnector.manifest.settingsFields.map((f) => f.name)).toEqual(['dataset', 'profile']);
    expect(sandboxLlmConnector.migrations).toBeUndefined();
    expect(sandboxLlmConnector.prepare).toBeUndefined();
  });

  it('tests the key and the settings without touching the database', async () => {
    await expect(sandboxLlmConnector.testConnection(context('sandbox_0123456789abcdef'))).resolves.toBeUndefined();
    await expect(sandboxLlmConnector.testConnection(context('sk-live-123'))).rejects.toMatchObject({ name: 'ConnectorError', code: 'unauthorized' });
    await expect(sandboxLlmConnector.testConnection(context('sandbox_0123456789abcdef', {}))).rejects.toThrow(/settings\.dataset/);
  });

  it('builds the adapter for valid settings only', () => {
    expect(sandboxLlmConnector.createAdapter(context('sandbox_0123456789abcdef'))).toBeInstanceOf(SandboxLlmAdapter);
    expect(() => sandboxLlmConnector.createAdapter(context('k', { dataset: 'BAD' }))).toThrow(/settings\.dataset/);
  });
});
