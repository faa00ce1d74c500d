import { ValidationError, type ChatMessage, type ToolDefinition } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { SandboxLlmAdapter } from './sandbox-llm.adapter.js';

const llm = new SandboxLlmAdapter();
const lookup: ToolDefinition = {
  name: 'lookup_order_status',
  description: 'Look up the shipping status of a customer order',
  parameters: { type: 'object', properties: { orderNumber: { type: 'string' } }, required: ['orderNumber'] },
};
const ask = (content: string): ChatMessage[] => [{ role: 'system', content: 'Be brief.' }, { role: 'user', content }];

async function fields(promise: Promise<unknown>): Promise<string[]> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return error instanceof ValidationError ? error.violations.map((v) => v.field) : [];
}

describe('SandboxLlmAdapter', () => {
  it('restates the request in a deterministic text answer and counts words as tokens', async () => {
    const completion = await llm.complete({ messages: ask('Summarise our Q3 pipeline') });
    expect(completion).toEqual({
      content: 'Sandbox model: I would respond to "Summarise our Q3 pipeline". This deterministic sandbox reply only restates the request; connect an LLM provider for real answers.',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 6, outputTokens: 25 },
      model: 'sandbox-1',
    });
    // Temperature changes nothing: the sandbox has no randomness to tune.
    expect(await llm.complete({ messages: ask('Summarise our Q3 pipeline'), temperature: 1.5 })).toEqual(completion);
  });

  it('calls the matching tool with extracted arguments and an id derived from the request', async () => {
    const first = await llm.complete({ messages: ask('Check order "A-1042" with lookup_order_status'), tools: [lookup] });
    expect(first).toMatchObject({ content: '', finishReason: 'tool_calls', toolCalls: [{ name: 'lookup_order_status', arguments: { orderNumber: 'A-1042' } }] });
    expect(first.toolCalls[0]?.id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(first.usage.inputTokens).toBe(1 + 2 + 5 + 1 + 8);
    const other = await llm.complete({ messages: ask('Check order "A-1043" with lookup_order_status'), tools: [lookup] });
    expect(other.toolCalls[0]?.id).not.toBe(first.toolCalls[0]?.id);
    // Without tools the same words get a text answer.
    expect((await llm.complete({ messages: ask('Check order "A-1042" with lookup_order_status') })).finishReason).toBe('stop');
  });

  it('summarises a tool result that ends the conversation, naming the tool', async () => {
    const messages: ChatMessage[] = [
      ...ask('What is the shipping status of customer order "A-1042"?'),
      { role: 'assistant', content: '' },
      { role: 'tool', content: '{"status":"shipped","carrier":"DHL"}', toolCallId: 'call_x' },
    ];
    const completion = await llm.complete({ messages, tools: [lookup] });
    expect(completion).toMatchObject({ finishReason: 'stop', toolCalls: [] });
    expect(completion.content).toBe('Sandbox model: The lookup_order_status tool returned: {"status":"shipped","carrier":"DHL"}');
  });

  it('cuts text to maxOutputTokens words with finishReason length, and a tool call that does not fit', async () => {
    const cut = await llm.complete({ messages: ask('Write a long essay'), maxOutputTokens: 3 });
    expect(cut).toMatchObject({ content: 'Sandbox model: I', finishReason: 'length', usage: { outputTokens: 3 } });
    const call = await llm.complete({ messages: ask('run lookup_order_status for "A-1"'), tools: [lookup], maxOutputTokens: 1 });
    expect(call).toMatchObject({ content: '', toolCalls: [], finishReason: 'length', usage: { outputTokens: 1 } });
    const fits = await llm.complete({ messages: ask('Hi'), maxOutputTokens: 1000 });
    expect(fits.finishReason).toBe('stop');
  });

  it('answers without a user message, and quotes at most 40 words of a long request', async () => {
    expect((await llm.complete({ messages: [{ role: 'system', content: 'Be brief.' }] })).content).toMatch(/no user message yet/);
    const long = await llm.complete({ messages: ask(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ')) });
    expect(long.content).toContain('w39 …"');
    expect(long.content).not.toContain('w40');
  });

  it('refuses an empty conversation naming messages, and names every other bad field', async () => {
    expect(await fields(llm.complete({ messages: [] }))).toEqual(['messages']);
    expect(await fields(llm.complete({ messages: ask('x'), tools: [{ ...lookup, name: 'has space' }], maxOutputTokens: 0, temperature: 3 }))).toEqual([
      'tools.0.name', 'maxOutputTokens', 'temperature',
    ]);
  });
});
