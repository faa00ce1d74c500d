import { ConnectorError, type ChatCompletion, type ChatMessage, type ToolCall, type ToolDefinition } from '@bizosaas/domain';
import { z } from 'zod';
import { OPENAI_PROVIDER } from './openai.settings.js';

/** A chat message as the chat completions API takes it (https://platform.openai.com/docs/api-reference/chat/create). */
export type OpenAiMessageParam =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[] }
  | { role: 'tool'; content: string; tool_call_id: string };

export type OpenAiToolParam = { type: 'function'; function: { name: string; description: string; parameters: Record<string, unknown> } };

/** Ours -> OpenAI's: assistant turns echo their tool calls (arguments as JSON text), tool turns name the call they answer. */
export function toOpenAiMessage(message: ChatMessage): OpenAiMessageParam {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: message.content };
    case 'tool':
      return { role: 'tool', content: message.content, tool_call_id: message.toolCallId ?? '' };
    case 'assistant': {
      const calls = (message.toolCalls ?? []).map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: JSON.stringify(call.arguments) } }));
      return calls.length > 0 ? { role: 'assistant', content: message.content.length > 0 ? message.content : null, tool_calls: calls } : { role: 'assistant', content: message.content };
    }
  }
}

export function toOpenAiTool(tool: ToolDefinition): OpenAiToolParam {
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters: { ...tool.parameters } } };
}

const usageSchema = z.looseObject({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative() });
const toolCallSchema = z.looseObject({ id: z.string().min(1), type: z.literal('function'), function: z.looseObject({ name: z.string().min(1), arguments: z.string() }) });

/** The non-streaming answer, as much of it as we read. */
export const completionSchema = z.looseObject({
  model: z.string().min(1),
  choices: z.array(
    z.looseObject({
      finish_reason: z.string().nullable(),
      message: z.looseObject({ content: z.string().nullish(), tool_calls: z.array(toolCallSchema).nullish() }),
    }),
  ).min(1),
  usage: usageSchema.nullish(),
});

function invalid(message: string): ConnectorError {
  return new ConnectorError('invalid_response', OPENAI_PROVIDER, `OpenAI: ${message}`);
}

/** Tool arguments arrive as JSON text; anything but a JSON object is the provider's fault. */
export function parseToolArguments(name: string, text: string): Readonly<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw invalid(`the arguments of tool call ${name} are not JSON`);
  }
  const object = z.record(z.string(), z.unknown()).safeParse(parsed);
  if (!object.success) throw invalid(`the arguments of tool call ${name} are not a JSON object`);
  return object.data;
}

/** OpenAI's finish reasons onto ours; `content_filter` reads as a cut answer. */
export function toFinishReason(reason: string | null, hasToolCalls: boolean): ChatCompletion['finishReason'] {
  if (reason === 'tool_calls' || reason === 'function_call') return 'tool_calls';
  if (reason === 'length' || reason === 'content_filter') return 'length';
  return hasToolCalls ? 'tool_calls' : 'stop';
}

/** Builds our completion from the parts both the whole and the streamed answer yield. */
export function toChatCompletion(parts: {
  readonly model: string;
  readonly content: string;
  readonly toolCalls: readonly { readonly id: string; readonly name: string; readonly arguments: string }[];
  readonly finishReason: string | null;
  readonly usage: { readonly prompt_tokens: number; readonly completion_tokens: number } | null | undefined;
}): ChatCompletion {
  if (!parts.usage) throw invalid('the answer carries no usage');
  const toolCalls: ToolCall[] = parts.toolCalls.map((call) => ({ id: call.id, name: call.name, arguments: parseToolArguments(call.name, call.arguments) }));
  return {
    content: parts.content,
    toolCalls,
    finishReason: toFinishReason(parts.finishReason, toolCalls.length > 0),
    usage: { inputTokens: parts.usage.prompt_tokens, outputTokens: parts.usage.completion_tokens },
    model: parts.model,
  };
}

/** Parses a non-streaming answer; a shape the API does not document is `invalid_response`. */
export function fromOpenAiCompletion(raw: unknown): ChatCompletion {
  const parsed = completionSchema.safeParse(raw);
  if (!parsed.success) throw invalid(`unexpected answer shape (${parsed.error.issues[0]?.path.join('.') ?? 'body'})`);
  const choice = parsed.data.choices[0];
  if (choice === undefined) throw invalid('the answer has no choices');
  const calls = (choice.message.tool_calls ?? []).map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments }));
  return toChatCompletion({ model: parsed.data.model, content: choice.message.content ?? '', toolCalls: calls, finishReason: choice.finish_reason, usage: parsed.data.usage });
}

export const chunkSchema = z.looseObject({
  model: z.string().optional(),
  choices: z.array(
    z.looseObject({
      finish_reason: z.string().nullish(),
      delta: z.looseObject({
        content: z.string().nullish(),
        tool_calls: z.array(z.looseObject({ index: z.number().int(), id: z.string().nullish(), function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish() })).nullish(),
      }).nullish(),
    }),
  ),
  usage: usageSchema.nullish(),
});
