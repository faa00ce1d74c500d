import { expect } from 'vitest';
import type { ChatCompletion, LlmPort, ToolDefinition } from '../llm/llm.port.js';
import { ValidationError } from '../shared/errors.js';

/** What every case gets: the port and whether it promises identical answers to identical requests. */
export interface LlmPortContractEnv {
  readonly port: LlmPort;
  readonly deterministic: boolean;
  /** Marks the case as skipped (the provider lacks what it needs), with the reason. */
  skip(reason: string): never;
}

/** One contract case: a name for `it` and a body that throws when the port breaks the contract. */
export interface LlmPortContractCase {
  readonly name: string;
  run(env: LlmPortContractEnv): Promise<void>;
}

const tools: readonly ToolDefinition[] = [
  {
    name: 'lookup_order_status',
    description: 'Look up the shipping status of a customer order by its order number',
    parameters: { type: 'object', properties: { orderNumber: { type: 'string', description: 'The order number, e.g. A-1042' } }, required: ['orderNumber'] },
  },
  {
    name: 'send_invoice_reminder',
    description: 'Email a payment reminder for an overdue invoice',
    parameters: { type: 'object', properties: { invoiceId: { type: 'string' } }, required: ['invoiceId'] },
  },
];

const greeting = [
  { role: 'system', content: 'You are a concise assistant for a contract test.' },
  { role: 'user', content: 'Say hello to the contract test in one short sentence.' },
] as const;

/** Whitespace-separated words: no provider's tokenizer yields fewer tokens than words of plain English. */
function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word.length > 0).length;
}

function expectWellFormed(completion: ChatCompletion): void {
  expect(typeof completion.content).toBe('string');
  expect(Array.isArray(completion.toolCalls)).toBe(true);
  expect(['stop', 'tool_calls', 'length']).toContain(completion.finishReason);
  expect(Number.isInteger(completion.usage.inputTokens)).toBe(true);
  expect(Number.isInteger(completion.usage.outputTokens)).toBe(true);
  expect(completion.model.length).toBeGreaterThan(0);
}

/** Plain answers, determinism, validation, tool calls and output limits. */
export const llmCases: readonly LlmPortContractCase[] = [
  {
    name: 'a plain request answers text with finishReason stop, usage and the model name',
    async run(env) {
      const completion = await env.port.complete({ messages: greeting, temperature: 0 });
      expectWellFormed(completion);
      expect(completion.finishReason).toBe('stop');
      expect(completion.content.trim().length).toBeGreaterThan(0);
      expect(completion.toolCalls).toEqual([]);
      expect(completion.usage.inputTokens).toBeGreaterThan(0);
      expect(completion.usage.outputTokens).toBeGreaterThan(0);
    },
  },
  {
    name: 'identical requests answer equal completions',
    async run(env) {
      if (!env.deterministic) env.skip('the provider does not promise identical answers to identical requests');
      const request = { messages: greeting, tools, temperature: 0 };
      expect(await env.port.complete(request)).toEqual(await env.port.complete(request));
      const toolRequest = { messages: [{ role: 'user', content: 'Please lookup_order_status for order "A-1042".' }] as const, tools };
      expect(await env.port.complete(toolRequest)).toEqual(await env.port.complete(toolRequest));
    },
  },
  {
    name: 'an empty conversation is refused with a ValidationError naming messages',
    async run(env) {
      let reason: unknown = 'the call succeeded';
      await env.port.complete({ messages: [] }).then(
        () => undefined,
        (error: unknown) => {
          reason = error;
        },
      );
      expect(reason).toBeInstanceOf(ValidationError);
      expect(reason instanceof ValidationError ? reason.violations.map((v) => v.field) : []).toContain('messages');
    },
  },
  {
    name: 'a request for a tool answers a tool call of a listed tool with object arguments',
    async run(env) {
      const completion = await env.port.complete({
        messages: [
          { role: 'system', content: 'Use the tools you are given whenever the user asks for an order status.' },
          { role: 'user', content: 'Use the lookup_order_status tool to check the status of order "A-1042".' },
        ],
        tools,
        temperature: 0,
      });
      expectWellFormed(completion);
      expect(completion.finishReason).toBe('tool_calls');
      expect(completion.toolCalls.length).toBeGreaterThan(0);
      const names = tools.map((tool) => tool.name);
      for (const call of completion.toolCalls) {
        expect(names).toContain(call.name);
        expect(call.id.length).toBeGreaterThan(0);
        expect(typeof call.arguments).toBe('object');
        expect(Array.isArray(call.arguments)).toBe(false);
      }
    },
  },
  {
    name: 'maxOutputTokens cuts a long answer: finishReason length, no more than the limit',
    async run(env) {
      const completion = await env.port.complete({
        messages: [{ role: 'user', content: 'Write a detailed, multi-paragraph description of how a warehouse receives, stores and ships goods.' }],
        maxOutputTokens: 5,
        temperature: 0,
      });
      expectWellFormed(completion);
      expect(completion.finishReason).toBe('length');
      expect(completion.usage.outputTokens).toBeGreaterThan(0);
      expect(completion.usage.outputTokens).toBeLessThanOrEqual(5);
      expect(wordCount(completion.content)).toBeLessThanOrEqual(5);
    },
  },
];
