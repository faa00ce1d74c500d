import { createHash } from 'node:crypto';
import { Violations, type ChatCompletion, type ChatMessage, type LlmPort, type ToolDefinition } from '@bizosaas/domain';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';
import { extractArguments, matchTool, words } from './sandbox-llm.tools.js';

/** The model name every sandbox completion reports. */
export const SANDBOX_LLM_MODEL = 'sandbox-1';

type CompletionRequest = Parameters<LlmPort['complete']>[0];

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);
// OpenAI's rule for function names; a tool the real provider would refuse is refused here too.
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** How much of the request or tool result a reply quotes: "short" answers, whatever the input. */
const QUOTE_WORDS = 40;

/** Raises one `ValidationError` naming every bad field: `messages` (empty), `messages.<i>.*`, `tools.<i>.name`, `maxOutputTokens`, `temperature`. */
function validate(request: CompletionRequest): void {
  const violations = new Violations();
  if (request.messages.length === 0) violations.add('messages', 'must contain at least one message');
  request.messages.forEach((message, i) => {
    if (!ROLES.has(message.role)) violations.add(`messages.${i}.role`, 'must be system, user, assistant or tool');
    if (typeof message.content !== 'string') violations.add(`messages.${i}.content`, 'must be a string');
  });
  (request.tools ?? []).forEach((tool, i) => {
    if (!TOOL_NAME.test(tool.name)) violations.add(`tools.${i}.name`, 'must be 1 to 64 letters, digits, "_" or "-"');
  });
  const max = request.maxOutputTokens;
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) violations.add('maxOutputTokens', 'must be a whole number of at least 1');
  const temperature = request.temperature;
  if (temperature !== undefined && !(temperature >= 0 && temperature <= 2)) violations.add('temperature', 'must be between 0 and 2');
  violations.throwIfAny();
}

/** At most `limit` words of `text`, whitespace normalised, with an ellipsis when cut. */
function quote(text: string, limit: number): string {
  const all = words(text);
  return all.length > limit ? `${all.slice(0, limit).join(' ')} …` : all.join(' ');
}

/** A stable id for the request: the same request always yields the same tool call id. */
function requestHash(request: CompletionRequest): string {
  const canonical = JSON.stringify({
    messages: request.messages.map((m) => [m.role, m.content, m.toolCallId ?? null]),
    tools: (request.tools ?? []).map((t) => [t.name, t.description, t.parameters]),
    maxOutputTokens: request.maxOutputTokens ?? null,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

function lastOf(messages: readonly ChatMessage[], role: ChatMessage['role']): ChatMessage | undefined {
  return [...messages].reverse().find((message) => message.role === role);
}

/**
 * A language model that answers offline and deterministically: the same request always gives the same
 * completion (temperature is accepted and ignored). It calls a tool when the last user message names one
 * or matches its description, summarises a tool result that ends the conversation, and otherwise restates
 * the request. Tokens are whitespace-separated words.
 */
export class SandboxLlmAdapter implements LlmPort {
  readonly provider = SANDBOX_PROVIDER;

  /** Raises `ValidationError` naming `messages` for an empty conversation (and any other bad field). */
  async complete(request: CompletionRequest): Promise<ChatCompletion> {
    const completion = await this.answer(request);
    // No network to stream from: the whole text arrives as one delta.
    if (completion.content.length > 0) request.onTextDelta?.(completion.content);
    return completion;
  }

  private async answer(request: CompletionRequest): Promise<ChatCompletion> {
    validate(request);
    const tools = request.tools ?? [];
    const lastUser = lastOf(request.messages, 'user');
    const last = request.messages[request.messages.length - 1];
    const inputTokens = request.messages.reduce((sum, m) => sum + words(m.content).length, 0) + tools.reduce((sum, t) => sum + 1 + words(t.description).length, 0);

    if (last?.role === 'tool') {
      // The port's assistant turns carry no tool calls, so the tool is found again from the user's words.
      const tool = lastUser === undefined ? undefined : matchTool(lastUser.content, tools);
      const what = tool === undefined ? 'The tool' : `The ${tool.name} tool`;
      return this.text(`Sandbox model: ${what} returned: ${quote(last.content, QUOTE_WORDS)}`, inputTokens, request.maxOutputTokens);
    }
    const tool = lastUser === undefined ? undefined : matchTool(lastUser.content, tools);
    if (tool !== undefined && lastUser !== undefined) return this.toolCall(tool, lastUser.content, request, inputTokens);
    const reply =
      lastUser === undefined
        ? 'Sandbox model: I would wait for a question; the conversation has no user message yet.'
        : `Sandbox model: I would respond to "${quote(lastUser.content, QUOTE_WORDS)}". This deterministic sandbox reply only restates the request; connect an LLM provider for real answers.`;
    return this.text(reply, inputTokens, request.maxOutputTokens);
  }

  /** A text answer, cut to `max` words with finishReason `length` when longer. */
  private text(content: string, inputTokens: number, max: number | undefined): ChatCompletion {
    const all = words(content);
    const cut = max !== undefined && all.length > max;
    const kept = cut ? all.slice(0, max).join(' ') : content;
    return { content: kept, toolCalls: [], finishReason: cut ? 'length' : 'stop', usage: { inputTokens, outputTokens: words(kept).length }, model: SANDBOX_LLM_MODEL };
  }

  /** One tool call; when it does not fit `maxOutputTokens` the answer is cut, as a real model's would be. */
  private toolCall(tool: ToolDefinition, message: string, request: CompletionRequest, inputTokens: number): ChatCompletion {
    const args = extractArguments(message, tool);
    const outputTokens = words(`${tool.name} ${JSON.stringify(args)}`).length;
    const max = request.maxOutputTokens;
    if (max !== undefined && outputTokens > max) {
      return { content: '', toolCalls: [], finishReason: 'length', usage: { inputTokens, outputTokens: max }, model: SANDBOX_LLM_MODEL };
    }
    const id = `call_${requestHash(request).slice(0, 24)}`;
    return { content: '', toolCalls: [{ id, name: tool.name, arguments: args }], finishReason: 'tool_calls', usage: { inputTokens, outputTokens }, model: SANDBOX_LLM_MODEL };
  }
}
