import { createHash } from 'node:crypto';

/** The parts of a chat completions request the emulator reads (https://platform.openai.com/docs/api-reference/chat/create). */
export interface EmulatedChatRequest {
  readonly model: string;
  readonly messages: readonly { readonly role: string; readonly content?: string | null; readonly tool_call_id?: string; readonly tool_calls?: readonly unknown[] }[];
  readonly tools?: readonly { readonly type: 'function'; readonly function: { readonly name: string; readonly description?: string; readonly parameters?: unknown } }[];
  readonly max_completion_tokens?: number;
  readonly max_tokens?: number;
  readonly stream?: boolean;
  readonly stream_options?: { readonly include_usage?: boolean };
}

/** What the model "says" in one turn: text, tool calls (arguments as an object), or both. */
export interface ScriptedReply {
  readonly content?: string;
  readonly toolCalls?: readonly { readonly name: string; readonly arguments: Readonly<Record<string, unknown>> }[];
}

/** A scripted turn: a fixed reply, or one computed from the request (to echo what a tool returned). */
export type ScriptedTurn = ScriptedReply | ((request: EmulatedChatRequest) => ScriptedReply);

/** The answer as the API shapes it, before it is sent whole or as stream chunks. */
export interface EmulatedAnswer {
  readonly content: string;
  readonly toolCalls: readonly { readonly id: string; readonly name: string; readonly arguments: string }[];
  readonly finishReason: 'stop' | 'tool_calls' | 'length';
  readonly usage: { readonly prompt_tokens: number; readonly completion_tokens: number; readonly total_tokens: number };
}

/** Tokens as the emulator counts them: whitespace-separated words (every real tokenizer yields at least as many). */
function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word.length > 0).length;
}

function promptTokens(request: EmulatedChatRequest): number {
  const messages = request.messages.reduce((sum, m) => sum + 3 + countWords(m.content ?? ''), 0);
  const tools = (request.tools ?? []).reduce((sum, t) => sum + 5 + countWords(t.function.description ?? ''), 0);
  return messages + tools;
}

function callId(request: EmulatedChatRequest, index: number): string {
  return `call_${createHash('sha256').update(JSON.stringify(request.messages)).update(String(index)).digest('hex').slice(0, 24)}`;
}

/**
 * The emulator's own model when no script is given: it calls a listed tool whose name the last user
 * message mentions (arguments: the quoted values in order, for the required parameters), answers a tool
 * result by quoting it, and otherwise answers a short greeting. `max_completion_tokens` cuts the text.
 */
export function defaultReply(request: EmulatedChatRequest): ScriptedReply {
  const last = request.messages[request.messages.length - 1];
  if (last?.role === 'tool') return { content: `The tool returned: ${last.content ?? ''}` };
  const user = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const tool = (request.tools ?? []).find((t) => user.includes(t.function.name));
  if (tool) {
    const quoted = [...user.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
    const parameters = tool.function.parameters as { required?: string[] } | undefined;
    const args = Object.fromEntries((parameters?.required ?? []).map((name, i) => [name, quoted[i] ?? '']));
    return { toolCalls: [{ name: tool.function.name, arguments: args }] };
  }
  if (/detailed|multi-paragraph|essay/i.test(user)) {
    return { content: 'A warehouse receives goods at the dock, checks them against the purchase order, records them in stock, puts them away on shelves, picks them for orders, packs them and ships them with a carrier.' };
  }
  return { content: 'Hello from the OpenAI emulator.' };
}

/** Shapes a reply as the API answers it: ids, finish reason, usage, the output limit applied. */
export function shapeAnswer(request: EmulatedChatRequest, reply: ScriptedReply): EmulatedAnswer {
  const limit = request.max_completion_tokens ?? request.max_tokens;
  const toolCalls = (reply.toolCalls ?? []).map((call, i) => ({ id: callId(request, i), name: call.name, arguments: JSON.stringify(call.arguments) }));
  let content = reply.content ?? '';
  const words = content.split(/\s+/).filter((w) => w.length > 0);
  let finishReason: EmulatedAnswer['finishReason'] = toolCalls.length > 0 ? 'tool_calls' : 'stop';
  if (limit !== undefined && words.length > limit) {
    content = words.slice(0, limit).join(' ');
    finishReason = 'length';
  }
  const completion = countWords(content) + toolCalls.reduce((sum, call) => sum + 1 + countWords(call.arguments.replace(/[{}":,]/g, ' ')), 0);
  const prompt = promptTokens(request);
  return { content, toolCalls: finishReason === 'length' ? [] : toolCalls, finishReason, usage: { prompt_tokens: prompt, completion_tokens: Math.max(1, completion), total_tokens: prompt + Math.max(1, completion) } };
}
