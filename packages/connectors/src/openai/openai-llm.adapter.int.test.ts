import { ConnectorError, type ChatMessage } from '@bizosaas/domain';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiEmulator } from '../../test/emulators/openai/openai-emulator.js';
import { OpenAiLlmAdapter } from './openai-llm.adapter.js';
import { openAiConnector } from './openai.connector.js';

const noDatabase = { query: () => Promise.reject(new Error('no database')), transaction: () => Promise.reject(new Error('no database')) };
const tools = [{ name: 'CreateDeal', description: 'Creates a deal', parameters: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] } }];
const ask: ChatMessage[] = [{ role: 'user', content: 'Create a deal' }];

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConnectorError);
  if (!(error instanceof ConnectorError)) throw new Error('not a ConnectorError');
  return error;
}

describe('OpenAI LLM adapter against the emulator', () => {
  let emulator: OpenAiEmulator;
  const adapter = (options: { timeout?: number; maxRetries?: number; apiKey?: string } = {}) =>
    new OpenAiLlmAdapter({
      client: new OpenAI({ apiKey: options.apiKey ?? emulator.apiKey, baseURL: emulator.baseUrl, timeout: options.timeout ?? 10_000, maxRetries: options.maxRetries ?? 2 }),
      model: 'gpt-4o-mini',
      secrets: [options.apiKey ?? emulator.apiKey],
    });

  beforeAll(async () => {
    emulator = await OpenAiEmulator.start();
  });
  afterAll(() => emulator.close());

  it('sends tools and echoes earlier tool calls in OpenAI shape, and reads a scripted tool call', async () => {
    emulator.script({ toolCalls: [{ name: 'CreateDeal', arguments: { title: 'Pilot' } }] });
    const history: ChatMessage[] = [...ask, { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'CreateDeal', arguments: { title: 'A' } }] }, { role: 'tool', content: '{"ok":true}', toolCallId: 'call_1' }];
    const completion = await adapter().complete({ messages: history, tools, maxOutputTokens: 200 });
    expect(completion).toMatchObject({ finishReason: 'tool_calls', toolCalls: [{ name: 'CreateDeal', arguments: { title: 'Pilot' } }], model: 'gpt-4o-mini' });
    const sent = emulator.requests.at(-1);
    expect(sent?.tools?.[0]?.function.name).toBe('CreateDeal');
    expect(sent?.max_completion_tokens).toBe(200);
    expect(sent?.messages[1]).toMatchObject({ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'CreateDeal', arguments: '{"title":"A"}' } }] });
    expect(sent?.messages[2]).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
  });

  it('streams text deltas and assembles streamed tool calls, with usage from the last chunk', async () => {
    emulator.script({ content: 'Three words here.' }, { toolCalls: [{ name: 'CreateDeal', arguments: { title: 'Streamed deal' } }] });
    const deltas: string[] = [];
    const text = await adapter().complete({ messages: ask, onTextDelta: (d) => deltas.push(d) });
    expect(deltas).toEqual(['Three ', 'words ', 'here.']);
    expect(text).toMatchObject({ content: 'Three words here.', finishReason: 'stop', usage: { outputTokens: 3 } });
    const call = await adapter().complete({ messages: ask, tools, onTextDelta: () => undefined });
    expect(call.toolCalls).toMatchObject([{ name: 'CreateDeal', arguments: { title: 'Streamed deal' } }]);
    expect(call.usage.inputTokens).toBeGreaterThan(0);
  });

  it('retries an injected 429 and 500 (honouring retry-after-ms) and then answers', async () => {
    const before = emulator.requests.length;
    emulator.inject({ status: 429, retryAfterMs: 10 }, { status: 500, retryAfterMs: 10 }).script({ content: 'Recovered.' });
    const completion = await adapter().complete({ messages: ask });
    expect(completion.content).toBe('Recovered.');
    expect(emulator.requests.length - before).toBe(3);
  });

  it('gives up after the retries: rate_limited for 429s, upstream_unavailable for 500s', async () => {
    emulator.inject({ status: 429, retryAfterMs: 5 }, { status: 429, retryAfterMs: 5 }, { status: 429, retryAfterMs: 5 });
    expect((await failure(adapter().complete({ messages: ask }))).code).toBe('rate_limited');
    emulator.inject({ status: 500, retryAfterMs: 5 }, { status: 500, retryAfterMs: 5 });
    const error = await failure(adapter({ maxRetries: 1 }).complete({ messages: ask }));
    expect(error).toMatchObject({ code: 'upstream_unavailable', provider: 'openai', details: { status: 500 } });
  });

  it('turns a request that never answers into upstream_unavailable after the timeout', async () => {
    emulator.inject({ hang: true });
    const error = await failure(adapter({ timeout: 300, maxRetries: 0 }).complete({ messages: ask }));
    expect(error.code).toBe('upstream_unavailable');
    expect(error.message).toMatch(/timed out/);
  });

  it('maps a rejected key to unauthorized without echoing it', async () => {
    const wrong = 'sk-wrong-key-0123456789abcdefghij';
    const error = await failure(adapter({ apiKey: wrong }).complete({ messages: ask }));
    expect(error.code).toBe('unauthorized');
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain('sk-wrong');
  });

  it('the connector tests the key with GET /v1/models and refuses a non-https base URL naming the field', async () => {
    const connector = openAiConnector({ allowEmulator: true });
    const context = (apiKey: string, baseUrl = emulator.baseUrl) => ({ tenantId: 't', connectionId: 'c', settings: { baseUrl }, credentials: { apiKey }, sql: noDatabase });
    await expect(connector.testConnection(context(emulator.apiKey))).resolves.toBeUndefined();
    await expect(connector.testConnection(context('sk-not-the-key-0123456789abcdef'))).rejects.toMatchObject({ code: 'unauthorized' });
    const strict = openAiConnector();
    expect(() => strict.createAdapter(context(emulator.apiKey))).toThrow(/settings\.baseUrl/);
    expect(() => strict.createAdapter(context(emulator.apiKey, 'https://10.0.0.1/v1'))).toThrow(/settings\.baseUrl/);
    expect(() => strict.createAdapter(context('short', 'https://api.openai.com/v1'))).toThrow(/credentials\.apiKey/);
  });
});
